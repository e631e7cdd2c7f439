import Foundation

/// Opens the data a command works on: a CSV extract, or the embedded default.
public enum DatasetLoader {
    /// The embedded default dataset's file in datasets/, and its provenance beside it.
    public static let embeddedName = "un-desa-ims-2024-bilateral"

    /// Reads a CSV extract; its provenance names the file and its checksum.
    public static func load(path: String, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            edition: String? = nil, progress: ((Int) -> Void)? = nil) throws -> (Dataset, IngestReport) {
        let input = try InputBytes(path: path)
        let report = try TidyIngest.read(input, reference: reference, options: options, progress: progress)
        let provenance = Provenance(
            citation: "\(URL(fileURLWithPath: path).lastPathComponent) (user extract)", publisher: "unknown",
            edition: edition ?? "unknown", licence: "unknown", file: URL(fileURLWithPath: path).lastPathComponent,
            sha256: SHA256.hex(of: input.bytes), coverage: .knownOrigin)
        return (Dataset(table: report.table, provenance: provenance, geography: reference.geography), report)
    }

    /// Reads an extract of any layout: a migrant-stock table becomes a dataset, a total-population
    /// table an auxiliary measure; the report says how it was read and what was left out.
    public static func open(path: String, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            progress: ((Int) -> Void)? = nil) throws -> Extract {
        let report = try ExtractReader.read(InputBytes(path: path), reference: reference, options: options,
                                            progress: progress)
        let dataset = report.table.map {
            Dataset(table: $0, provenance: report.provenance, geography: reference.geography,
                    published: report.published, bothSexesOnly: report.bothSexesOnly)
        }
        return Extract(report: report, dataset: dataset, population: report.population)
    }

    /// The index of the one dataset whose edition (or file name) matches `edition`: "2020" picks
    /// "IMS 2020". None or several is a usage error that lists what there is.
    public static func select(_ edition: String, among provenances: [Provenance]) throws -> Int {
        let wanted = nameKey(edition)
        let matches = provenances.indices.filter {
            nameKey(provenances[$0].edition) == wanted || nameKey(provenances[$0].edition).split(separator: " ").contains { $0 == wanted }
                || nameKey(provenances[$0].file) == wanted
        }
        let listing = provenances.map { "\($0.edition) (\($0.file))" }.joined(separator: ", ")
        guard matches.count == 1 else {
            throw MigStatError.usage("--edition \(edition): " + (matches.isEmpty ? "no dataset of that edition" : "several datasets match")
                + "; the editions loaded are \(listing)")
        }
        return matches[0]
    }

    /// The provenance of the embedded dataset, read without loading its figures.
    public static func embeddedProvenance() throws -> Provenance {
        let provenancePath = "\(try DatasetLocator.directory())/\(embeddedName).json"
        guard let data = FileManager.default.contents(atPath: provenancePath) else {
            throw MigStatError.reference("\(provenancePath) is missing")
        }
        do {
            return try JSONDecoder().decode(Provenance.self, from: data)
        } catch {
            throw MigStatError.reference("\(provenancePath) is not valid provenance: \(error)")
        }
    }

    /// The UN DESA International Migrant Stock 2024 bilateral table shipped in datasets/.
    public static func embedded(reference: ReferenceData) throws -> Dataset {
        let directory = try DatasetLocator.directory()
        let provenance = try embeddedProvenance()
        let input = try InputBytes(path: "\(directory)/\(provenance.file)")
        let report = try TidyIngest.read(input, reference: reference, options: IngestOptions(strict: true))
        return Dataset(table: report.table, provenance: provenance, geography: reference.geography)
    }
}

/// One extract as read: its dataset or auxiliary measure, and the report of the reading.
public struct Extract: Sendable {
    public let report: ExtractReport
    public let dataset: Dataset?
    public let population: PopulationTable?
}
