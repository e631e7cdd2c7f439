import Foundation

/// Opens the data a command works on: a CSV extract, a snapshot, or the embedded default.
public enum DatasetLoader {
    /// The embedded default dataset's file in datasets/, and its provenance beside it.
    public static let embeddedName = "un-desa-ims-2024-bilateral"

    /// Reads a CSV extract (its provenance names the file and its checksum) or opens a snapshot
    /// (recognised by its signature, whatever its name); a snapshot has no ingest report.
    public static func load(path: String, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            edition: String? = nil, progress: ((Int) -> Void)? = nil) throws -> (Dataset, IngestReport?) {
        let input = try InputBytes(path: path)
        if Snapshot.isSnapshot(input.bytes) {
            return (try Snapshot.open(input, geography: reference.geography).dataset, nil)
        }
        let (dataset, reports) = try ingest([input], reference: reference, options: options, edition: edition,
                                            progress: progress)
        return (dataset, reports[0])
    }

    /// Reads CSV extracts into one dataset, in order.
    public static func ingest(_ inputs: [InputBytes], reference: ReferenceData, options: IngestOptions = IngestOptions(),
                              edition: String? = nil, progress: ((Int) -> Void)? = nil) throws -> (Dataset, [IngestReport]) {
        // SHA-256 runs at about 60 instructions a byte, more than parsing: it runs beside the parse.
        final class Checksums: @unchecked Sendable { var values: [String] = [] }
        let checksums = Checksums()
        let hashing = DispatchGroup()
        let job = UncheckedSendable(inputs)
        DispatchQueue.global().async(group: hashing) {
            checksums.values = job.value.map { SHA256.hex(of: $0.bytes) }
        }
        defer { hashing.wait() }
        var reports: [IngestReport] = []
        var done = 0
        for input in inputs {
            let before = done
            reports.append(try TidyIngest.read(input, reference: reference, options: options,
                                               progress: progress.map { report in { report(before + $0) } }))
            done += input.bytes.count
        }
        let table = try MigrantTable.joined(reports.map(\.table))
        hashing.wait()
        let names = inputs.map { URL(fileURLWithPath: $0.name).lastPathComponent }
        let provenance = Provenance(
            citation: names.joined(separator: ", ") + " (user extract)", publisher: "unknown",
            edition: edition ?? "unknown", licence: "unknown", file: names.joined(separator: ", "),
            sha256: checksums.values.joined(separator: ", "), coverage: .knownOrigin)
        return (Dataset(table: table, provenance: provenance, geography: reference.geography), reports)
    }

    /// The UN DESA International Migrant Stock 2024 bilateral table shipped in datasets/, through
    /// a snapshot in `cacheDirectory` (see `EmbeddedCache`); parsed from the CSV when it is nil
    /// or not writable.
    public static func embedded(reference: ReferenceData,
                                cacheDirectory: String? = EmbeddedCache.directory()) throws -> Dataset {
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
        let csvPath = "\(directory)/\(provenance.file)"
        let snapshotPath = cacheDirectory.map { EmbeddedCache.path(in: $0, sha256: provenance.sha256) }
        if let snapshotPath, let cached = EmbeddedCache.open(snapshotPath, csv: csvPath, provenance: provenance,
                                                            geography: reference.geography) {
            return cached
        }
        let input = try InputBytes(path: csvPath)
        let report = try TidyIngest.read(input, reference: reference, options: IngestOptions(strict: true))
        let dataset = Dataset(table: report.table, provenance: provenance, geography: reference.geography)
        if let snapshotPath {
            EmbeddedCache.store(dataset, source: Snapshot.Source(bytes: input.bytes.count, records: report.recordsRead,
                                                                 rejected: report.rejectedCount), at: snapshotPath)
        }
        return dataset
    }
}

/// The snapshot of the embedded dataset, made on first use in the user's cache folder:
/// $MIGSTAT_CACHE_DIR, else $XDG_CACHE_HOME/migstat, else ~/.cache/migstat. Its name carries the
/// CSV's SHA-256 (from the provenance file) and the snapshot format version, so a new dataset or
/// format gets a new file. It is used only when it opens cleanly (every checksum), names the same
/// checksum, came from a CSV of the same size and uses the current geography's area order;
/// otherwise it is made again. A cache that cannot be written is no error: the CSV is parsed.
public enum EmbeddedCache {
    public static func directory() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["MIGSTAT_CACHE_DIR"] { return explicit.isEmpty ? nil : explicit }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/migstat" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/migstat" }
        return nil
    }

    public static func path(in directory: String, sha256: String) -> String {
        "\(directory)/\(DatasetLoader.embeddedName)-\(sha256.prefix(16))-v\(Snapshot.version).migstat"
    }

    static func open(_ path: String, csv: String, provenance: Provenance, geography: Geography) -> Dataset? {
        guard let input = try? InputBytes(path: path), Snapshot.isSnapshot(input.bytes),
              let opened = try? Snapshot.open(input, geography: geography), !opened.remapped,
              opened.dataset.provenance == provenance,
              let source = opened.source, source.bytes == fileSize(csv) else { return nil }
        return opened.dataset
    }

    static func store(_ dataset: Dataset, source: Snapshot.Source, at path: String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return }
        try? Snapshot.write(dataset, source: source, to: path)
    }

    private static func fileSize(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }
}
