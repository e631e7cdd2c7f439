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
    public var sha256: String
    public var coverage: Coverage

    public init(citation: String, citationEs: String? = nil, publisher: String, edition: String, licence: String,
                file: String, sha256: String, coverage: Coverage) {
        self.citation = citation
        self.citationEs = citationEs
        self.publisher = publisher
        self.edition = edition
        self.licence = licence
        self.file = file
        self.sha256 = sha256
        self.coverage = coverage
    }

    enum CodingKeys: String, CodingKey {
        case citation, citationEs = "citation_es", publisher, edition, licence, file, sha256, coverage
    }

    public func citation(_ language: Language) -> String { language == .es ? citationEs ?? citation : citation }
}

/// The columnar store of migrant-stock observations: one row per (year, origin, destination, sex),
/// dimensions as dense indices (areas into the geography, years into `years`), counts as UInt32
/// (the largest bilateral stock is about 11 million) summed into Int64.
public struct MigrantTable: Sendable {
    /// Year code → calendar year.
    public let years: [Int]
    public let year: Column<UInt8>
    public let origin: Column<UInt16>
    public let destination: Column<UInt16>
    public let sex: Column<UInt8>
    public let count: Column<UInt32>

    public var rowCount: Int { count.count }

    public init(years: [Int], year: Column<UInt8>, origin: Column<UInt16>, destination: Column<UInt16>,
                sex: Column<UInt8>, count: Column<UInt32>) {
        self.years = years
        self.year = year
        self.origin = origin
        self.destination = destination
        self.sex = sex
        self.count = count
    }

    /// The sexes present in the table.
    public var sexes: Set<Sex> {
        var seen = [Bool](repeating: false, count: Sex.allCases.count)
        for code in sex.buffer where !seen[Int(code)] { seen[Int(code)] = true }
        return Set(Sex.allCases.filter { seen[Int($0.rawValue)] })
    }
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
    public var hasKnownOrigins: Bool {
        let unspecified = UInt16(geography.unspecifiedOrigin)
        return table.origin.buffer.contains { $0 != unspecified }
    }
}
