import ArgumentParser
import MigStat

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "How a file reads: encoding, dialect, layout, rows read and rejected, and the published totals checked.",
        discussion: """
            Reads FILE as every command would and reports what it found: the encoding, delimiter, decimal mark and \
            line ends; the layout and its header; rows read and rows rejected, each with file:line:column and the \
            reason; the years, sexes and areas; and every region, grouping or total row of the publisher set \
            against the sum of its country rows. Nothing is dropped silently.
              migstat validate ims2020_destination_table1.csv
              migstat validate extract.csv --strict        exit 4 if any row is rejected or any total differs
            """)

    @Argument(help: ArgumentHelp("The file to check.", valueName: "file"))
    var file: String

    @Flag(help: "Exit with code 4 when a row is rejected or a published total differs (the report is printed first).")
    var strict = false

    @OptionGroup var read: ReadOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let reference = try ReferenceData.bundled()
            let extract = try DatasetLoader.open(path: file, reference: reference,
                                                 options: read.ingestOptions(strict: false))
            let report = ValidationReport(extract: extract, geography: reference.geography)
            var output = outputOptions
            if output.format == nil { output.format = .table }
            try output.emit(report.tables())
            let rejected = extract.report.rejectedCount, differing = report.differing.count
            if strict, rejected + differing > 0 {
                let first = extract.report.rejections.first?.location ?? report.differing.first?.published.location
                throw MigStatError.input(first ?? SourceLocation(file: file, line: 1),
                                         what: "\(rejected) rows rejected and \(differing) published totals differ from their country rows",
                                         hint: "see the report above; without --strict, validate reports and exits 0")
            }
        }
    }
}
