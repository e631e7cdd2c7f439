import ArgumentParser
import Foundation
import MigStat

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read CSV extracts once into a snapshot that later commands open in milliseconds.",
        discussion: """
            The snapshot is a binary columnar file, memory-mapped by `--data`; every block carries a \
            checksum that is verified on open. Any layout `--data` reads is taken (a UN DESA table keeps its \
            published totals for the cross-check); several files are joined in the order given. A \
            total-population table is refused: give it with --population.
              migstat ingest extract.csv -o extract.migstat
              migstat stock --dest Americas --data extract.migstat
            """)

    @Argument(help: ArgumentHelp("The CSV extracts to read.", valueName: "file"))
    var files: [String]

    @Option(name: [.short, .long], help: ArgumentHelp("The snapshot to write (atomically).", valueName: "file"))
    var output: String

    @Option(help: ArgumentHelp("Cut each file into at most this many chunks, parsed at once (default: the cores).", valueName: "n"))
    var threads: Int?

    @Flag(help: "Fail on the first bad row instead of reporting bad rows and going on.")
    var strict = false

    @OptionGroup var read: ReadOptions

    func run() throws {
        try runReporting {
            guard !files.isEmpty else { throw MigStatError.usage("give at least one CSV file") }
            let reference = try ReferenceData.bundled()
            var options = try read.ingestOptions(strict: strict)
            if let threads {
                guard threads > 0 else { throw MigStatError.usage("--threads takes a positive number") }
                options.threads = threads
            }
            let inputs = try files.map(InputBytes.init(path:))
            let progress = Progress(label: "reading", total: inputs.reduce(0) { $0 + $1.bytes.count })
            let (dataset, extracts) = try DatasetLoader.ingest(inputs, reference: reference, options: options,
                                                               progress: progress.update)
            progress.finish()
            for extract in extracts { ReadOptions.report(extract.report, dataset: extract.dataset) }
            let reports = extracts.map(\.report)
            let source = Snapshot.Source(bytes: inputs.reduce(0) { $0 + $1.bytes.count },
                                         records: reports.reduce(0) { $0 + $1.recordsRead },
                                         rejected: reports.reduce(0) { $0 + $1.rejectedCount })
            try Snapshot.write(dataset, source: source, to: output)
            let table = dataset.table
            warn("wrote \(output): \(table.rowCount) rows, \(table.years.count) years, \(fileSize(output)) bytes")
        }
    }
}
