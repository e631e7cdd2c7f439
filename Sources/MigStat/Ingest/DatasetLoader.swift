import Foundation

/// Opens the data a command works on: a CSV extract of any layout, a snapshot, or the embedded default.
public enum DatasetLoader {
    /// The embedded default dataset's file in datasets/, and its provenance beside it.
    public static let embeddedName = "un-desa-ims-2024-bilateral"

    /// Reads a file given with --data: a snapshot (recognised by its signature, whatever its
    /// name) is opened, anything else is read as an extract (`open`).
    public static func read(path: String, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            progress: ((Int) -> Void)? = nil) throws -> DataFile {
        let input = try InputBytes(path: path)
        if Snapshot.isSnapshot(input.bytes) {
            return .snapshot(try Snapshot.open(input, geography: reference.geography).dataset)
        }
        return .extract(try open(input, reference: reference, options: options, progress: progress))
    }

    /// A migrant-stock dataset from a CSV extract (with the report of its reading) or from a
    /// snapshot (no report: it was read when it was written).
    public static func load(path: String, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            progress: ((Int) -> Void)? = nil) throws -> (Dataset, ExtractReport?) {
        switch try read(path: path, reference: reference, options: options, progress: progress) {
        case .snapshot(let dataset): return (dataset, nil)
        case .extract(let extract): return (try stockDataset(extract), extract.report)
        }
    }

    /// Reads an extract of any layout: a migrant-stock table becomes a dataset, a total-population
    /// table an auxiliary measure; the report says how it was read and what was left out.
    public static func open(path: String, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            progress: ((Int) -> Void)? = nil) throws -> Extract {
        let input = try InputBytes(path: path)
        guard !Snapshot.isSnapshot(input.bytes) else {
            throw MigStatError.usage("\(path) is a snapshot, not a CSV extract: its rows were read and checked when it "
                + "was written; give the CSV it was made from")
        }
        return try open(input, reference: reference, options: options, progress: progress)
    }

    static func open(_ input: InputBytes, reference: ReferenceData, options: IngestOptions,
                     progress: ((Int) -> Void)?) throws -> Extract {
        let report = try ExtractReader.read(input, reference: reference, options: options, progress: progress)
        let dataset = report.table.map {
            Dataset(table: $0, provenance: report.provenance, geography: reference.geography,
                    published: report.published, bothSexesOnly: report.bothSexesOnly)
        }
        return Extract(report: report, dataset: dataset, population: report.population)
    }

    /// Reads extracts of any layout into one dataset, in order, for a snapshot: years joined, the
    /// publisher's totals kept. Their checksums are computed beside the parse. A total-population
    /// table is refused: a snapshot holds migrant stocks, population is given with --population.
    /// The edition is the files' (`IngestOptions.editionLabel` names it for plain extracts).
    public static func ingest(_ inputs: [InputBytes], reference: ReferenceData, options: IngestOptions = IngestOptions(),
                              progress: ((Int) -> Void)? = nil) throws -> (Dataset, [Extract]) {
        let checksum = Checksum(of: inputs)
        checksum.startInBackground()
        var extracts: [Extract] = []
        var done = 0
        for input in inputs {
            guard !Snapshot.isSnapshot(input.bytes) else {
                throw MigStatError.usage("\(input.name) is already a snapshot; give the CSV extracts to join")
            }
            let before = done
            extracts.append(try open(input, reference: reference, options: options,
                                     progress: progress.map { report in { report(before + $0) } }))
            done += input.bytes.count
        }
        let datasets = try extracts.map(stockDataset)
        var table = try MigrantTable.joined(datasets.map(\.table))
        if options.sumDuplicates, datasets.count > 1 {
            guard let summed = table.summingDuplicates(slotCount: reference.geography.slotCount) else {
                throw MigStatError.usage("the files' rows summed by --sum-duplicates exceed \(UInt32.max), the most one cell may hold")
            }
            table = summed
        } else {
            try KeyCheck.checkAcrossFiles(datasets.map(\.table), names: extracts.map(\.report.file), reference: reference)
        }
        let first = datasets[0].provenance
        let provenance: Provenance
        if datasets.count == 1 {
            provenance = Provenance(citation: first.citation, citationEs: first.citationEs, publisher: first.publisher,
                                    edition: first.edition, licence: first.licence, file: first.file,
                                    checksum: checksum, coverage: first.coverage)
        } else {
            let all = datasets.map(\.provenance)
            func common(_ values: [String]) -> String { Set(values).count == 1 ? values[0] : values.joined(separator: "; ") }
            provenance = Provenance(
                citation: common(all.map(\.citation)), publisher: common(all.map(\.publisher)),
                edition: common(all.map(\.edition)), licence: common(all.map(\.licence)),
                file: all.map(\.file).joined(separator: ", "), checksum: checksum,
                coverage: all.allSatisfy { $0.coverage == .complete } ? .complete : .knownOrigin)
        }
        let dataset = Dataset(table: table, provenance: provenance, geography: reference.geography,
                              published: datasets.flatMap(\.published), bothSexesOnly: datasets.flatMap(\.bothSexesOnly))
        return (dataset, extracts)
    }

    /// The extract's migrant-stock dataset; a total-population table is refused.
    static func stockDataset(_ extract: Extract) throws -> Dataset {
        guard let dataset = extract.dataset else {
            throw MigStatError.usage("\(extract.report.file) is a total-population table, not migrant stocks: give it "
                + "with --population (a snapshot holds migrant stocks only)")
        }
        return dataset
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

    /// The UN DESA International Migrant Stock 2024 bilateral table shipped in datasets/, through
    /// a snapshot in `cacheDirectory` (see `EmbeddedCache`); parsed from the CSV when it is nil
    /// or not writable.
    public static func embedded(reference: ReferenceData,
                                cacheDirectory: String? = EmbeddedCache.directory()) throws -> Dataset {
        let directory = try DatasetLocator.directory()
        let provenance = try embeddedProvenance()
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

/// One extract as read: its dataset or auxiliary measure, and the report of the reading.
public struct Extract: Sendable {
    public let report: ExtractReport
    public let dataset: Dataset?
    public let population: PopulationTable?
}

/// A file given with --data: an extract read from CSV, or a dataset opened from a snapshot.
public enum DataFile: Sendable {
    case extract(Extract)
    case snapshot(Dataset)

    public var dataset: Dataset? {
        switch self {
        case .extract(let extract): extract.dataset
        case .snapshot(let dataset): dataset
        }
    }

    public var population: PopulationTable? {
        if case .extract(let extract) = self { return extract.population }
        return nil
    }
}
