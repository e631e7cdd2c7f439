/// Checks over a built table's keys: the same (year, origin, destination, age group, sex) twice,
/// and, in a long table, male and female rows that do not add up to their total row.
///
/// Each key is a position in a dense space of (areas + 1)² × age groups × sexes, so one year's
/// rows are checked in one pass with a bitmap (one bit a possible key: 7 KB for the 241-area
/// geography, 20 KB in a long table, times the age groups) instead of sorting or hashing rows:
/// about a nanosecond a row, no memory that grows with the file.
public struct KeySpace: Sendable {
    let slots: Int
    let ages: Int
    let sexes: Int
    let isLong: Bool

    public init(table: MigrantTable, slotCount: Int) {
        slots = slotCount
        ages = max(table.ages?.count ?? 0, 1)
        isLong = !table.isWide
        sexes = isLong ? Sex.allCases.count : 1
    }

    var size: Int { slots * slots * ages * sexes }

    /// `ageCode` maps the segment's age codes into this space's (another table's labels); -1: none.
    @inline(__always) func key(_ segment: Segment, _ row: Int, ageCode: [Int]? = nil) -> Int {
        var age = segment.age.map { Int($0[row]) } ?? 0
        if let ageCode { age = ageCode[age] }
        var key = ((Int(segment.origin[row]) * slots + Int(segment.destination[row])) * ages + age) * sexes
        if case .long(let sex, _) = segment.counts { key += Int(sex[row]) }
        return key
    }
}

/// A row of a table, by segment and row within it.
public struct RowRef: Sendable, Equatable, Hashable {
    public var segment: Int
    public var row: Int
}

extension MigrantTable {
    /// Rows whose key an earlier row of the same year already has, each with that earlier row,
    /// in store order; at most `limit` of them.
    public func duplicateKeys(slotCount: Int, limit: Int = .max) -> [(first: RowRef, repeated: RowRef)] {
        let space = KeySpace(table: self, slotCount: slotCount)
        var seen = [UInt64](repeating: 0, count: (space.size + 63) / 64)
        var found: [(first: RowRef, repeated: RowRef)] = []
        for yearCode in years.indices {
            let segmentsOfYear = segments.indices.filter { segments[$0].yearCode == yearCode }
            for index in seen.indices { seen[index] = 0 }
            var repeatedKeys: [(key: Int, at: RowRef)] = []
            for s in segmentsOfYear {
                let segment = segments[s]
                for row in 0..<segment.rowCount {
                    let key = space.key(segment, row)
                    let bit = UInt64(1) << UInt64(key & 63)
                    if seen[key >> 6] & bit != 0 {
                        repeatedKeys.append((key, RowRef(segment: s, row: row)))
                        if found.count + repeatedKeys.count >= limit { break }
                    }
                    seen[key >> 6] |= bit
                }
            }
            // The earlier row of each repeated key: a second pass, on the error path only.
            for (key, repeated) in repeatedKeys {
                let first = segmentsOfYear.lazy.flatMap { s in
                    (0..<self.segments[s].rowCount).lazy.map { RowRef(segment: s, row: $0) }
                }.first { space.key(self.segments[$0.segment], $0.row) == key }!
                found.append((first, repeated))
            }
            if found.count >= limit { break }
        }
        return found
    }

    /// The first row of `other` whose key (calendar year, origin, destination, age group by its
    /// label, sex) this table also has: two files joined into one snapshot must not give the same
    /// figure twice. Nil when none does, or when the layouts differ (`joined` refuses those).
    public func sharedKey(with other: MigrantTable, slotCount: Int) -> RowRef? {
        guard isWide == other.isWide, (ages == nil) == (other.ages == nil) else { return nil }
        let space = KeySpace(table: self, slotCount: slotCount)
        // Age groups this table lacks cannot collide: they map to -1 and are skipped.
        let ageCode = other.ages.map { labels in labels.map { ages!.firstIndex(of: $0) ?? -1 } }
        var seen = [UInt64](repeating: 0, count: (space.size + 63) / 64)
        for (yearCode, year) in years.enumerated() {
            guard let otherYear = other.years.firstIndex(of: year) else { continue }
            for index in seen.indices { seen[index] = 0 }
            for segment in segments where segment.yearCode == yearCode {
                for row in 0..<segment.rowCount {
                    let key = space.key(segment, row)
                    seen[key >> 6] |= UInt64(1) << UInt64(key & 63)
                }
            }
            for (s, segment) in other.segments.enumerated() where segment.yearCode == otherYear {
                for row in 0..<segment.rowCount {
                    if let age = segment.age, ageCode![Int(age[row])] < 0 { continue }
                    let key = space.key(segment, row, ageCode: ageCode)
                    if seen[key >> 6] & (UInt64(1) << UInt64(key & 63)) != 0 { return RowRef(segment: s, row: row) }
                }
            }
        }
        return nil
    }

    /// The table with the rows of a repeated key summed into one (the first), for files that
    /// split a figure over several rows (`--sum-duplicates`). Years without repeats keep their
    /// segments. Nil when a sum exceeds what a cell holds.
    public func summingDuplicates(slotCount: Int) -> MigrantTable? {
        let duplicates = duplicateKeys(slotCount: slotCount)
        guard !duplicates.isEmpty else { return self }
        let space = KeySpace(table: self, slotCount: slotCount)
        let yearsToMerge = Set(duplicates.map { segments[$0.first.segment].yearCode })
        var result: [Segment] = segments.filter { !yearsToMerge.contains($0.yearCode) }
        for yearCode in yearsToMerge.sorted() {
            var rowOfKey: [Int: Int] = [:]
            var origin: [UInt16] = [], destination: [UInt16] = [], age: [UInt8] = [], sex: [UInt8] = []
            var counts = [[UInt64]](repeating: [], count: Sex.allCases.count)
            let yearSegments = segments.filter { $0.yearCode == yearCode }
            let wideColumns: [Bool] = {
                guard case .wide(let columns) = yearSegments[0].counts else { return [true, false, false] }
                return columns.map { $0 != nil }
            }()
            for segment in yearSegments {
                for row in 0..<segment.rowCount {
                    let key = space.key(segment, row)
                    let target: Int
                    if let existing = rowOfKey[key] {
                        target = existing
                    } else {
                        target = origin.count
                        rowOfKey[key] = target
                        origin.append(segment.origin[row])
                        destination.append(segment.destination[row])
                        if let column = segment.age { age.append(column[row]) }
                        for c in counts.indices where wideColumns[c] { counts[c].append(0) }
                        if case .long(let sexColumn, _) = segment.counts { sex.append(sexColumn[row]) }
                    }
                    switch segment.counts {
                    case .wide(let columns):
                        for (c, column) in columns.enumerated() { if let column { counts[c][target] += UInt64(column[row]) } }
                    case .long(_, let count):
                        counts[0][target] += UInt64(count[row])
                    }
                }
            }
            guard counts.allSatisfy({ $0.allSatisfy { $0 <= UInt64(UInt32.max) } }) else { return nil }
            let columns = counts.indices.map { wideColumns[$0] ? Column(counts[$0].map { UInt32($0) }) : nil }
            let segmentCounts: SegmentCounts = space.isLong ? .long(sex: Column(sex), count: columns[0]!) : .wide(columns)
            result.append(Segment(yearCode: yearCode, origin: Column(origin), destination: Column(destination),
                                  age: yearSegments[0].age == nil ? nil : Column(age), counts: segmentCounts))
        }
        result.sort { $0.yearCode < $1.yearCode }
        return MigrantTable(years: years, ages: ages, sexes: sexes, segments: result, origins: origins)
    }

    /// In a long table, the keys whose male, female and total rows are all present and whose
    /// male + female misses the total by more than one (rounding): each with its three rows.
    /// Dense over the key space like `duplicateKeys`, two Int32 arrays of it (1.4 MB without age
    /// groups); skipped (empty) beyond 16 million keys (hundreds of age groups), 128 MB.
    public func sexMismatches(slotCount: Int, limit: Int = 1) -> [(total: RowRef, male: RowRef, female: RowRef)] {
        let space = KeySpace(table: self, slotCount: slotCount)
        guard space.isLong, sexes == Set(Sex.allCases), space.size <= 16 << 20 else { return [] }
        var rowOfKey = [Int32](repeating: -1, count: space.size)
        var segmentOfKey = [Int32](repeating: -1, count: space.size)
        var found: [(total: RowRef, male: RowRef, female: RowRef)] = []
        for yearCode in years.indices where found.count < limit {
            let yearSegments = segments.indices.filter { segments[$0].yearCode == yearCode }
            for index in rowOfKey.indices { rowOfKey[index] = -1 }
            for s in yearSegments {
                for row in 0..<segments[s].rowCount {
                    let key = space.key(segments[s], row)
                    rowOfKey[key] = Int32(row)
                    segmentOfKey[key] = Int32(s)
                }
            }
            for base in stride(from: 0, to: space.size, by: 3) where found.count < limit {
                guard rowOfKey[base] >= 0, rowOfKey[base + 1] >= 0, rowOfKey[base + 2] >= 0 else { continue }
                let refs = (0..<3).map { RowRef(segment: Int(segmentOfKey[base + $0]), row: Int(rowOfKey[base + $0])) }
                func count(_ ref: RowRef) -> Int64 {
                    guard case .long(_, let count) = segments[ref.segment].counts else { return 0 }
                    return Int64(count[ref.row])
                }
                if abs(count(refs[1]) + count(refs[2]) - count(refs[0])) > 1 { found.append((refs[0], refs[1], refs[2])) }
            }
        }
        return found
    }
}
