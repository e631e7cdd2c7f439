import ArgumentParser
import Foundation
import MigStat

/// How extracts are read when their dialect or layout should not be left to detection: shared
/// by the commands that read them (`--data`, `validate`, `ingest`).
struct ReadOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Name the column of a role, e.g. --map origin=birth_country (roles: year, origin, destination, sex, age, stock, stock_male, stock_female). Repeatable.", valueName: "role=column"))
    var map: [String] = []

    @Option(help: ArgumentHelp("tidy, un-destination, un-destination-origin, matrix or wide-years (default: detected).", valueName: "layout"))
    var layout: String?

    @Option(help: ArgumentHelp("utf-8, utf-16le, utf-16be, windows-1252 or latin-1 (default: detected).", valueName: "encoding"))
    var encoding: String?

    @Option(help: ArgumentHelp("comma, semicolon, tab or pipe (default: detected).", valueName: "delimiter"))
    var delimiter: String?

    @Option(help: ArgumentHelp("The decimal mark: point or comma, or a locale (en, es, fr, de, pt) (default: detected).", valueName: "mark"))
    var decimal: String?

    @Option(name: .customLong("data-year"), help: ArgumentHelp("The year of a matrix file with no year column.", valueName: "year"))
    var dataYear: Int?

    @Option(name: .customLong("edition-label"), help: ArgumentHelp("The edition to show for a plain extract (UN tables name their own).", valueName: "label"))
    var editionLabel: String?

    @Flag(name: .customLong("sum-duplicates"), help: "Add up rows that repeat a year, origin, destination (age group) and sex, instead of refusing the file.")
    var sumDuplicates = false

    @Option(name: .customLong("max-rows"), help: ArgumentHelp("Refuse a file with more data rows than this (untrusted input; exit code 8).", valueName: "n"))
    var maxRows: Int?

    @Option(name: .customLong("max-bytes"), help: ArgumentHelp("Refuse a file larger than this many bytes (untrusted input; exit code 8).", valueName: "n"))
    var maxBytes: Int?

    func ingestOptions(strict: Bool) throws -> IngestOptions {
        for (flag, value) in [("--max-rows", maxRows), ("--max-bytes", maxBytes)] where (value ?? 1) < 1 {
            throw MigStatError.usage("\(flag) takes a positive number")
        }
        var overrides: [ColumnRole: String] = [:]
        for entry in map {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = ColumnRole(rawValue: parts[0]) else {
                throw MigStatError.usage("--map \(entry): write ROLE=COLUMN with ROLE one of "
                    + ColumnRole.allCases.map(\.rawValue).joined(separator: ", "))
            }
            overrides[role] = parts[1]
        }
        var options = IngestOptions(columnOverrides: overrides, strict: strict)
        options.layout = try layout.map(LayoutKind.parse)
        options.encoding = try encoding.map(TextEncoding.parse)
        options.delimiter = try delimiter.map(SniffedDialect.parseDelimiter)
        options.declaredDecimalMark = try decimal.map(DecimalMark.parse)
        options.dataYear = dataYear
        options.editionLabel = editionLabel
        options.limits = IngestLimits(maxRows: maxRows, maxBytes: maxBytes)
        options.sumDuplicates = sumDuplicates
        return options
    }

    /// Rows not taken and published totals that differ, on stderr: never a silent drop.
    static func report(_ report: ExtractReport, dataset: Dataset?) {
        if report.rejectedCount > 0 {
            warn("\(report.rejectedCount) of \(report.recordsRead) rows were rejected and are not in the figures:")
            for rejection in report.rejections.prefix(20) { warn("  \(rejection)") }
            if report.rejectedCount > 20 { warn("  … and \(report.rejectedCount - 20) more") }
        }
        let checks = dataset.map(CrossCheck.run) ?? []
        let differing = checks.filter { $0.status == .differs }
        if !differing.isEmpty {
            warn("\(differing.count) of the file's published totals differ from the sum of its country rows "
                + "(first: \(differing[0].published.location)); `migstat validate \(report.file)` lists them")
        }
    }
}

/// Where the data comes from: shared by every command that reads migrant stocks.
struct DataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A CSV extract to read instead of the embedded IMS 2024 data: tidy, a UN DESA table as saved from Excel, a matrix or one column per year; or a snapshot made by `migstat ingest`. Repeatable: with several, --edition picks one.", valueName: "file"))
    var data: [String] = []

    @Option(help: ArgumentHelp("Pick the dataset of this edition (e.g. 2020 or \"IMS 2024\") among the --data files and the embedded data.", valueName: "edition"))
    var edition: String?

    @Option(help: ArgumentHelp("A total-population table (UN DESA Table 2 layout), for migrants as a percentage of the population.", valueName: "file"))
    var population: String?

    @Flag(help: "Fail on the first bad row instead of reporting bad rows and going on.")
    var strict = false

    @Flag(help: "Count a mechanism's observers as participants, wherever a mechanism is named.")
    var observers = false

    @Option(help: ArgumentHelp("Mechanism membership: dated (valid in each year queried) or current (today's for every year).", valueName: "rule"))
    var membership: MembershipChoice = .dated

    var membershipRule: MembershipRule { MembershipRule(includeObservers: observers, dated: membership == .dated) }

    @OptionGroup var read: ReadOptions

    /// Reads every --data file (and --population), CSV or snapshot, reporting rejected rows on stderr.
    func files(reference: ReferenceData) throws -> [DataFile] {
        let options = try read.ingestOptions(strict: strict)
        return try (data + (population.map { [$0] } ?? [])).map { path in
            let progress = Progress(label: "reading \(path)", total: fileSize(path))
            let file = try DatasetLoader.read(path: path, reference: reference, options: options, progress: progress.update)
            progress.finish()
            if case .extract(let extract) = file { ReadOptions.report(extract.report, dataset: extract.dataset) }
            return file
        }
    }

    /// Every migrant-stock dataset: the --data files, then the embedded one.
    func datasets(reference: ReferenceData) throws -> [Dataset] {
        try files(reference: reference).compactMap(\.dataset) + [DatasetLoader.embedded(reference: reference)]
    }

    /// The one dataset a query runs on: the --data file, the embedded data, or the one --edition names.
    func engine(language: Language) throws -> Engine {
        let reference = try ReferenceData.bundled()
        let loaded = try files(reference: reference).compactMap(\.dataset)
        return Engine(dataset: try choose(loaded, reference: reference),
                      resolver: Resolver(reference: reference, language: language, membership: membershipRule))
    }

    /// The total-population table given with --population or among the --data files.
    func populationTable(reference: ReferenceData) throws -> (Engine, PopulationTable) {
        let files = try files(reference: reference)
        guard let table = files.lazy.compactMap(\.population).first else {
            throw MigStatError.usage("no total-population table: give one with --population FILE (UN DESA Table 2 layout)")
        }
        let dataset = try choose(files.compactMap(\.dataset), reference: reference)
        return (Engine(dataset: dataset, resolver: Resolver(reference: reference, language: .en)), table)
    }

    private func choose(_ loaded: [Dataset], reference: ReferenceData) throws -> Dataset {
        guard let edition else {
            if loaded.count > 1 {
                throw MigStatError.usage("several datasets are loaded (" + loaded.map { "\($0.provenance.edition) from \($0.provenance.file)" }
                    .joined(separator: ", ") + "): pick one with --edition")
            }
            return try loaded.first ?? DatasetLoader.embedded(reference: reference)
        }
        let embedded = try DatasetLoader.embeddedProvenance()
        let index = try DatasetLoader.select(edition, among: loaded.map(\.provenance) + [embedded])
        return index < loaded.count ? loaded[index] : try DatasetLoader.embedded(reference: reference)
    }
}

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
}

/// How results are written: shared by every command that prints a table.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("table, csv, json or markdown (default: table on a terminal, csv otherwise).", valueName: "format"))
    var format: OutputFormat?

    @Option(help: ArgumentHelp("Language of labels and numbers: en or es.", valueName: "lang"))
    var lang: Language = .en

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    var resolvedFormat: OutputFormat {
        format ?? (output == nil && isatty(STDOUT_FILENO) != 0 ? .table : .csv)
    }

    func emit(_ tables: [ResultTable]) throws {
        let format = resolvedFormat
        let text: String
        if format == .json, tables.count > 1 {
            text = "[\n" + tables.map { $0.render(.json, language: lang) }.joined(separator: ",\n") + "]\n"
        } else {
            text = tables.map { $0.render(format, language: lang) }.joined(separator: "\n")
        }
        try write(text)
    }

    /// Writes rendered output to -o FILE (atomically) or to standard output.
    func write(_ text: String) throws {
        if let output {
            try AtomicFile.write(text, to: output)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// Year and sex of a query over a series.
struct SeriesOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A year, a list or a range: 2020, 2015,2020, 1990-2024 (default: all years).", valueName: "years"))
    var year: String?

    @Option(help: ArgumentHelp("total, male, female or all.", valueName: "sex"))
    var sex: SexSelection = .total

    func years(in table: MigrantTable) throws -> [Int] {
        try (year.map(YearSelection.parse) ?? .all).resolve(in: table)
    }
}

/// One year and one sex, for rankings and matrices.
struct SnapshotOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The year (default: the latest in the data).", valueName: "year"))
    var year: Int?

    @Option(help: ArgumentHelp("total, male or female.", valueName: "sex"))
    var sex: SexSelection = .total

    func resolve(in table: MigrantTable) throws -> (year: Int, sex: Sex) {
        let years = try (year.map { YearSelection.some(years: [$0], ranges: []) } ?? .latest).resolve(in: table)
        guard sex != .all else { throw MigStatError.usage("--sex all is for series; give total, male or female") }
        return (years[0], try sex.resolve(in: table)[0])
    }
}

/// What a ranking ranks: the origins of a destination, the destinations of an origin, or corridors.
struct RankingOptions: ParsableArguments {
    @Option(name: .customLong("dest"), help: ArgumentHelp("Rank the origins of migrants living here.", valueName: "area"))
    var destination: String?

    @Option(help: ArgumentHelp("Rank the destinations of emigrants from here.", valueName: "area"))
    var origin: String?

    @Option(help: ArgumentHelp("Rank the country-to-country corridors with both ends in this group.", valueName: "area"))
    var within: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("How many rows.", valueName: "n"))
    var n: Int = 10

    func check() throws {
        guard [destination, origin, within].compactMap({ $0 }).count <= 1 else {
            throw MigStatError.usage("give one of --dest, --origin or --within")
        }
        guard n > 0 else { throw MigStatError.usage("--n takes a positive number") }
    }

    func mode(_ resolver: Resolver) throws -> TopMode {
        if let destination { return .originsOf(try resolver.selection(destination)) }
        if let origin { return .destinationsOf(try resolver.selection(origin)) }
        return .corridors(within: try within.map(resolver.selection))
    }
}

/// Which kinds of mechanism count, for gaps and overlaps.
struct KindOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Kinds of mechanism that count: rcp, interregional-forum, rec, global-forum, framework. Repeatable (default: all but global-forum, whose participants are every UN member state).", valueName: "kind"))
    var kind: [Mechanism.Kind] = []

    var kinds: Set<Mechanism.Kind> {
        Set(kind.isEmpty ? Mechanism.Kind.allCases.filter { $0 != .globalForum } : kind)
    }
}

/// What `gaps` and `overlap` share: which mechanisms count, how many rows, the data, year and output.
struct MechanismScanOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How many rows.", valueName: "n"))
    var top: Int = 20

    @OptionGroup var kindOptions: KindOptions
    @OptionGroup var snapshot: SnapshotOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    var kinds: Set<Mechanism.Kind> { kindOptions.kinds }

    /// The engine, the year and sex asked for, and the report builder of a scan over mechanisms.
    func prepare() throws -> (engine: Engine, year: Int, sex: Sex, reports: CoverageReports) {
        guard top > 0 else { throw MigStatError.usage("--top takes a positive number") }
        let engine = try dataOptions.engine(language: outputOptions.lang)
        let (year, sex) = try snapshot.resolve(in: engine.dataset.table)
        let reports = CoverageReports(provenance: engine.dataset.provenance, reference: engine.resolver.reference,
                                      rule: dataOptions.membershipRule, language: outputOptions.lang)
        return (engine, year, sex, reports)
    }
}

enum MembershipChoice: String, ExpressibleByArgument {
    case dated, current
}

extension Language: ExpressibleByArgument {}
extension Mechanism.Kind: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension SexSelection: ExpressibleByArgument {}

/// Runs a command body, turning library errors into one line on stderr and their exit code.
func runReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as MigStatError {
        warn("error: \(error)")
        throw ExitCode(error.exitCode)
    }
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("migstat: \(message)\n".utf8))
}

/// A progress line on stderr for long reads, only when stderr is a terminal.
final class Progress {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private var shown = -1

    init(label: String, total: Int) {
        self.label = label
        self.total = total
        enabled = isatty(STDERR_FILENO) != 0 && total > 32 << 20
    }

    func update(_ done: Int) {
        guard enabled, total > 0 else { return }
        let percent = min(100, done * 100 / total)
        guard percent != shown else { return }
        shown = percent
        FileHandle.standardError.write(Data("\r\(label): \(percent)%".utf8))
    }

    func finish() {
        if enabled, shown >= 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
