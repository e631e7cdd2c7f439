/// Builds a `MigrantTable` row by row, in its year segments: every reader (tidy chunks, the wide
/// and UN-table reader) fills it the same way. A table is either long (a sex byte and one count
/// per row) or wide (one count column per sex the file gives, a missing cell stored as 0).
struct MigrantTableBuilder {
    /// The rows of one year as read so far.
    private struct YearPart {
        var origin = ColumnBuilder<UInt16>()
        var destination = ColumnBuilder<UInt16>()
        var age: ColumnBuilder<UInt8>?
        /// Long tables: the sex of each row.
        var sex: ColumnBuilder<UInt8>?
        /// Wide tables: a builder per sex the file can give (by `Sex.rawValue`); long tables: [count].
        var counts: [ColumnBuilder<UInt32>?]

        func discard() {
            origin.discard()
            destination.discard()
            age?.discard()
            sex?.discard()
            for column in counts { column?.discard() }
        }
    }

    let isLong: Bool
    /// Wide tables: which sexes have a count column.
    let wideSexes: [Bool]
    let hasAge: Bool
    /// Year − 1800 → index into `parts`, -1 before the year is seen.
    private var partOfYear = [Int16](repeating: -1, count: MigrantTableBuilder.yearRange.count)
    private(set) var years: [Int] = []
    private var parts: [YearPart] = []
    /// Sexes with at least one figure.
    private var sexesSeen = [false, false, false]

    static let yearRange = 1800..<2200

    /// A long table (`wideSexes` nil) or a wide one with count columns for the sexes marked true.
    init(wideSexes: [Bool]?, hasAge: Bool) {
        isLong = wideSexes == nil
        self.wideSexes = wideSexes ?? [false, false, false]
        self.hasAge = hasAge
    }

    /// The segment of a year, made on first sight; nil for a year outside 1800–2199.
    @inline(__always) mutating func part(forYear year: Int) -> Int? {
        guard Self.yearRange.contains(year) else { return nil }
        let known = partOfYear[year - 1800]
        if known >= 0 { return Int(known) }
        partOfYear[year - 1800] = Int16(parts.count)
        years.append(year)
        parts.append(YearPart(age: hasAge ? ColumnBuilder() : nil, sex: isLong ? ColumnBuilder() : nil,
                              counts: isLong ? [ColumnBuilder()] : wideSexes.map { $0 ? ColumnBuilder() : nil }))
        return parts.count - 1
    }

    /// A row of a long table. `age` is -1 when the table has no age column.
    @inline(__always) mutating func append(_ part: Int, origin: Int, destination: Int, age: Int, sex: Sex, count: UInt32) {
        appendKey(part, origin: origin, destination: destination, age: age)
        parts[part].sex!.append(sex.rawValue)
        parts[part].counts[0]!.append(count)
        sexesSeen[Int(sex.rawValue)] = true
    }

    /// A row of a wide table: the count of each sex that has a column (a missing cell is 0).
    @inline(__always) mutating func append(_ part: Int, origin: Int, destination: Int, age: Int,
                                           total: CountField, male: CountField, female: CountField) {
        appendKey(part, origin: origin, destination: destination, age: age)
        appendCount(part, 0, total)
        appendCount(part, 1, male)
        appendCount(part, 2, female)
    }

    @inline(__always) private mutating func appendKey(_ part: Int, origin: Int, destination: Int, age: Int) {
        parts[part].origin.append(UInt16(origin))
        parts[part].destination.append(UInt16(destination))
        if age >= 0 { parts[part].age!.append(UInt8(age)) }
    }

    @inline(__always) private mutating func appendCount(_ part: Int, _ sex: Int, _ value: CountField) {
        guard wideSexes[sex] else { return }
        if case .value(let count) = value {
            parts[part].counts[sex]!.append(count)
            sexesSeen[sex] = true
        } else {
            parts[part].counts[sex]!.append(0)
        }
    }

    /// The rows as a table (years in the order first seen); the builders are handed over. A wide
    /// table keeps a column for every sex it can give, so that joining chunks lines them up;
    /// `MigrantTable.joined` drops the sexes no chunk has figures for.
    mutating func finish(ages: [String]?, unspecifiedOrigin: Int) -> MigrantTable {
        let segments = parts.enumerated().map { yearCode, part in
            let counts: SegmentCounts = if let sex = part.sex {
                .long(sex: sex.finish(), count: part.counts[0]!.finish())
            } else {
                .wide(part.counts.map { $0?.finish() })
            }
            return Segment(yearCode: yearCode, origin: part.origin.finish(), destination: part.destination.finish(),
                           age: part.age?.finish(), counts: counts)
        }
        parts = []
        return MigrantTable(years: years, ages: ages, sexes: Set(Sex.allCases.filter { sexesSeen[Int($0.rawValue)] }),
                            segments: segments, unspecifiedOrigin: unspecifiedOrigin)
    }

    /// Frees the columns of a build that failed or was not merged.
    mutating func discard() {
        for part in parts { part.discard() }
        parts = []
    }
}
