/// A query's answer as the Report layer hands it to every output format: typed cells, machine
/// column keys, human column labels, footnotes and provenance.
public struct ResultTable: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// A category: its code in CSV and JSON ("total"), its label in human formats ("Total", "Ambos sexos").
        case category(code: String, label: String)
        case integer(Int64)
        case year(Int)
        /// A rate or share with the digits a human form shows; nil is "not defined" (empty in CSV, null in JSON).
        case decimal(Double?, digits: Int)
    }

    public struct Column: Sendable {
        public var key: String
        public var label: String
    }

    public var title: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Footnotes for human formats: coverage, source.
    public var notes: [String]
    /// Provenance and query, for JSON's metadata and CSV's trailing columns.
    public var metadata: [MetadataEntry]

    public init(title: String, columns: [Column], rows: [[Cell]] = [], notes: [String] = [],
                metadata: [MetadataEntry] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
        self.metadata = metadata
    }
}

/// One metadata entry. A value may be computed only when a format prints it: a file's checksum
/// is worked out for JSON, not for a CSV or a table that do not show it.
public struct MetadataEntry: Sendable {
    public let key: String
    private let compute: @Sendable () -> String
    public var value: String { compute() }

    public init(_ key: String, _ value: String) {
        self.key = key
        compute = { value }
    }

    public init(_ key: String, computed: @escaping @Sendable () -> String) {
        self.key = key
        compute = computed
    }
}

public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown
}
