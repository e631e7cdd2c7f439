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

    /// The UN DESA International Migrant Stock 2024 bilateral table shipped in datasets/.
    public static func embedded(reference: ReferenceData) throws -> Dataset {
        let directory = try DatasetLocator.directory()
        let provenance = try embeddedProvenance()
        let input = try InputBytes(path: "\(directory)/\(provenance.file)")
        let report = try TidyIngest.read(input, reference: reference, options: IngestOptions(strict: true))
        return Dataset(table: report.table, provenance: provenance, geography: reference.geography)
    }

    /// The provenance of the embedded dataset, from datasets/<name>.json.
    public static func embeddedProvenance() throws -> Provenance {
        let directory = try DatasetLocator.directory()
        let provenancePath = "\(directory)/\(embeddedName).json"
        guard let data = FileManager.default.contents(atPath: provenancePath) else {
            throw MigStatError.reference("\(provenancePath) is missing")
        }
        let provenance: Provenance
        do {
            provenance = try JSONDecoder().decode(Provenance.self, from: data)
        } catch {
            throw MigStatError.reference("\(provenancePath) is not valid provenance: \(error)")
        }
        return provenance
    }
}
