/// Sex as stored: the UN's three categories. `total` rows are what the publisher gives for
/// both sexes (or male + female, when a file gives only the two).
public enum Sex: UInt8, Sendable, CaseIterable {
    case total = 0, male = 1, female = 2

    public var label: String {
        switch self {
        case .total: return "total"
        case .male: return "male"
        case .female: return "female"
        }
    }
}

/// What a dataset's totals include, which every figure drawn from it must state.
public enum Coverage: String, Sendable, Codable {
    /// Every migrant of a destination, unknown and "other" origins included: totals equal the publisher's.
    case complete
    /// Country-to-country pairs only: totals by destination leave out migrants of unknown origin.
    case knownOrigin = "known-origin"
}

/// Where a dataset's figures come from: printed with every figure.
public struct Provenance: Sendable, Codable, Equatable {
    public var citation: String
    /// The citation as a Spanish-language document writes it, where the dataset gives one.
    public var citationEs: String?
    public var publisher: String
    public var edition: String
    public var licence: String
    public var file: String
    /// The SHA-256 of the file(s), in hex. For a file read in this run it is computed on first
    /// use (see `Checksum`): only JSON output, validate, compare-editions and snapshots print it.
    public var sha256: String {
        get { checksum.hex }
        set { checksum = Checksum(hex: newValue) }
    }
    private var checksum: Checksum
    public var coverage: Coverage

    public init(citation: String, citationEs: String? = nil, publisher: String, edition: String, licence: String,
                file: String, sha256: String, coverage: Coverage) {
        self.init(citation: citation, citationEs: citationEs, publisher: publisher, edition: edition, licence: licence,
                  file: file, checksum: Checksum(hex: sha256), coverage: coverage)
    }

    public init(citation: String, citationEs: String? = nil, publisher: String, edition: String, licence: String,
                file: String, checksum: Checksum, coverage: Coverage) {
        self.citation = citation
        self.citationEs = citationEs
        self.publisher = publisher
        self.edition = edition
        self.licence = licence
        self.file = file
        self.checksum = checksum
        self.coverage = coverage
    }

    enum CodingKeys: String, CodingKey {
        case citation, citationEs = "citation_es", publisher, edition, licence, file, sha256, coverage
    }

    public init(from decoder: Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(citation: try values.decode(String.self, forKey: .citation),
                  citationEs: try values.decodeIfPresent(String.self, forKey: .citationEs),
                  publisher: try values.decode(String.self, forKey: .publisher),
                  edition: try values.decode(String.self, forKey: .edition),
                  licence: try values.decode(String.self, forKey: .licence),
                  file: try values.decode(String.self, forKey: .file),
                  sha256: try values.decode(String.self, forKey: .sha256),
                  coverage: try values.decode(Coverage.self, forKey: .coverage))
    }

    public func encode(to encoder: Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(citation, forKey: .citation)
        try values.encodeIfPresent(citationEs, forKey: .citationEs)
        try values.encode(publisher, forKey: .publisher)
        try values.encode(edition, forKey: .edition)
        try values.encode(licence, forKey: .licence)
        try values.encode(file, forKey: .file)
        try values.encode(sha256, forKey: .sha256)
        try values.encode(coverage, forKey: .coverage)
    }

    public static func == (a: Provenance, b: Provenance) -> Bool {
        a.citation == b.citation && a.citationEs == b.citationEs && a.publisher == b.publisher && a.edition == b.edition
            && a.licence == b.licence && a.file == b.file && a.coverage == b.coverage && a.sha256 == b.sha256
    }

    public func citation(_ language: Language) -> String { language == .es ? citationEs ?? citation : citation }
}

/// The counts of one segment. Wide files (a count column per sex, as the UN's bilateral table)
/// keep one count column per sex the file has, so a CSV row is one store row; long files (a sex
/// column) keep the sex of each row beside a single count column.
public enum SegmentCounts: Sendable {
    /// Indexed by `Sex.rawValue`; nil for a sex the data has no figures for (a missing cell is 0).
    case wide([Column<UInt32>?])
    case long(sex: Column<UInt8>, count: Column<UInt32>)
}

/// The rows of one year: areas as dense indices into the geography, an optional age-group code,
/// and the counts. Keeping rows grouped by year drops the year column (the store stays within
/// 16 bytes a CSV row) and lets a query skip the years it does not ask for.
public struct Segment: Sendable {
    /// Index into `MigrantTable.years`.
    public let yearCode: Int
    public let origin: Column<UInt16>
    public let destination: Column<UInt16>
    /// Index into `MigrantTable.ages`; nil when the data has no age column.
    public let age: Column<UInt8>?
    public let counts: SegmentCounts

    public init(yearCode: Int, origin: Column<UInt16>, destination: Column<UInt16>, age: Column<UInt8>?,
                counts: SegmentCounts) {
        self.yearCode = yearCode
        self.origin = origin
        self.destination = destination
        self.age = age
        self.counts = counts
    }

    public var rowCount: Int { origin.count }

    /// Bytes of column data: what the segment costs resident.
    public var byteCount: Int {
        var bytes = origin.count * 2 + destination.count * 2 + (age?.count ?? 0)
        switch counts {
        case .wide(let columns): bytes += columns.reduce(0) { $0 + ($1?.count ?? 0) * 4 }
        case .long(let sex, let count): bytes += sex.count + count.count * 4
        }
        return bytes
    }
}

/// The columnar store of migrant-stock observations, grouped by year into segments; counts as
/// UInt32 (the largest bilateral stock is about 11 million) summed into Int64.
public struct MigrantTable: Sendable {
    /// Year code → calendar year, ascending.
    public let years: [Int]
    /// Age-group code → label ("0-4", "total" ...); nil when the data has no age column.
    public let ages: [String]?
    /// The sexes the data has figures for.
    public let sexes: Set<Sex>
    /// Rows grouped by year, in ascending year order; a year may have several segments.
    public let segments: [Segment]
    /// Whether rows have country origins and rows of the unspecified origin: known once, at
    /// load, so that no query scans the rows for it.
    public let origins: OriginKinds

    public init(years: [Int], ages: [String]?, sexes: Set<Sex>, segments: [Segment], origins: OriginKinds) {
        self.years = years
        self.ages = ages
        self.sexes = sexes
        self.segments = segments
        self.origins = origins
    }

    /// A table whose origin kinds are found by one pass over the origin columns
    /// (`unspecifiedOrigin` is `Geography.unspecifiedOrigin`).
    public init(years: [Int], ages: [String]?, sexes: Set<Sex>, segments: [Segment], unspecifiedOrigin: Int) {
        var origins = OriginKinds(known: false, unspecified: false)
        let unspecified = UInt16(unspecifiedOrigin)
        for segment in segments where !(origins.known && origins.unspecified) {
            for origin in segment.origin.buffer {
                if origin == unspecified { origins.unspecified = true } else { origins.known = true }
                if origins.known && origins.unspecified { break }
            }
        }
        self.init(years: years, ages: ages, sexes: sexes, segments: segments, origins: origins)
    }

    public var rowCount: Int { segments.reduce(0) { $0 + $1.rowCount } }
    public var byteCount: Int { segments.reduce(0) { $0 + $1.byteCount } }
    public var isWide: Bool {
        guard case .long = segments.first?.counts else { return true }
        return false
    }

    /// Several tables as one, in order: years and age groups renumbered into one sorted
    /// dictionary each, a year's rows in the order of the tables, count columns for the union of
    /// the sexes (zeros where a table had none, none for a sex no table has figures for).
    public static func joined(_ tables: [MigrantTable]) throws -> MigrantTable {
        if tables.count == 1, tables[0].years == tables[0].years.sorted(),
           tables[0].ages.map({ $0 == $0.sorted(by: ageOrder) }) ?? true {
            return tables[0].trimmed()
        }
        // An empty table (every row of a chunk rejected or missing) has no layout to match.
        guard Set(tables.filter { !$0.segments.isEmpty }.map(\.isWide)).count <= 1 else {
            throw MigStatError.usage("the files have different layouts (a count column per sex, or a sex column); "
                + "ingest them separately")
        }
        guard Set(tables.map { $0.ages == nil }).count <= 1 else {
            throw MigStatError.usage("some files have an age column and some do not; ingest them separately")
        }
        let years = Set(tables.flatMap(\.years)).sorted()
        let ages = tables[0].ages == nil ? nil : Set(tables.flatMap { $0.ages! }).sorted(by: ageOrder)
        let sexes = tables.reduce(into: Set<Sex>()) { $0.formUnion($1.sexes) }
        var segments: [(year: Int, order: Int, segment: Segment)] = []
        for (order, table) in tables.enumerated() {
            let ageCodes = table.ages.map { $0.map { ages!.firstIndex(of: $0)! } }
            for segment in table.segments {
                let yearCode = years.firstIndex(of: table.years[segment.yearCode])!
                var age = segment.age
                if let column = age, let ageCodes, ageCodes != Array(ageCodes.indices) {
                    age = Column(column.buffer.map { UInt8(ageCodes[Int($0)]) })
                }
                var counts = segment.counts
                if case .wide(let columns) = counts {
                    counts = .wide(Sex.allCases.map { sex in
                        guard sexes.contains(sex) else { return nil }
                        return columns[Int(sex.rawValue)] ?? Column([UInt32](repeating: 0, count: segment.rowCount))
                    })
                }
                segments.append((yearCode, order, Segment(yearCode: yearCode, origin: segment.origin,
                                                          destination: segment.destination, age: age, counts: counts)))
            }
        }
        segments.sort { ($0.year, $0.order) < ($1.year, $1.order) }
        let origins = OriginKinds(known: tables.contains { $0.origins.known },
                                  unspecified: tables.contains { $0.origins.unspecified })
        return MigrantTable(years: years, ages: ages, sexes: sexes, segments: segments.map(\.segment), origins: origins)
    }

    /// Without the count columns of sexes the data has no figures for.
    func trimmed() -> MigrantTable {
        MigrantTable(years: years, ages: ages, sexes: sexes, segments: segments.map { segment in
            guard case .wide(let columns) = segment.counts else { return segment }
            return Segment(yearCode: segment.yearCode, origin: segment.origin, destination: segment.destination,
                           age: segment.age, counts: .wide(Sex.allCases.map {
                               sexes.contains($0) ? columns[Int($0.rawValue)] : nil
                           }))
        }, origins: origins)
    }

    /// The rows of every segment as (year, origin, destination, age, sex, count) observations, in
    /// store order: for tests and checks that compare two tables value by value.
    public func observations() -> [Observation] {
        var result: [Observation] = []
        result.reserveCapacity(rowCount)
        for segment in segments {
            let year = years[segment.yearCode]
            for row in 0..<segment.rowCount {
                let age = segment.age.map { Int($0[row]) } ?? -1
                let key = (year, Int(segment.origin[row]), Int(segment.destination[row]), age)
                switch segment.counts {
                case .wide(let columns):
                    for sex in Sex.allCases {
                        if let column = columns[Int(sex.rawValue)] {
                            result.append(Observation(year: key.0, origin: key.1, destination: key.2, age: key.3,
                                                      sex: sex, count: column[row]))
                        }
                    }
                case .long(let sexColumn, let count):
                    result.append(Observation(year: key.0, origin: key.1, destination: key.2, age: key.3,
                                              sex: Sex(rawValue: sexColumn[row])!, count: count[row]))
                }
            }
        }
        return result
    }
}

/// The label all-ages rows are stored under.
let totalAge = "total"

/// Age groups in their natural order: by first number, "total" last.
func ageOrder(_ a: String, _ b: String) -> Bool {
    func key(_ label: String) -> (Int, String) {
        if label == totalAge { return (Int.max, label) }
        return (Int(label.prefix { $0.isNumber }) ?? Int.max - 1, label)
    }
    return key(a) < key(b)
}

/// The kinds of origin a table's rows have.
public struct OriginKinds: Sendable, Codable, Equatable {
    /// Rows with a country or area of origin.
    public var known: Bool
    /// Rows of `Geography.unspecifiedOrigin` (a table by destination only, "Other" columns).
    public var unspecified: Bool

    public init(known: Bool, unspecified: Bool) {
        self.known = known
        self.unspecified = unspecified
    }
}

public struct Observation: Sendable, Equatable {
    public var year: Int, origin: Int, destination: Int, age: Int
    public var sex: Sex
    public var count: UInt32
}

/// A loaded dataset: the table, its provenance and the geography its area indices refer to.
public struct Dataset: Sendable {
    public let table: MigrantTable
    public let provenance: Provenance
    public let geography: Geography
    /// The publisher's region, grouping and total rows: never summed, kept to check against.
    public let published: [PublishedTotal]
    public let bothSexesOnly: [BothSexesOnly]

    public init(table: MigrantTable, provenance: Provenance, geography: Geography,
                published: [PublishedTotal] = [], bothSexesOnly: [BothSexesOnly] = []) {
        self.table = table
        self.provenance = provenance
        self.geography = geography
        self.published = published
        self.bothSexesOnly = bothSexesOnly
    }

    /// False for a table by destination only, whose every origin is `Geography.unspecifiedOrigin`.
    public var hasKnownOrigins: Bool { table.origins.known }
}
