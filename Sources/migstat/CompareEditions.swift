import ArgumentParser
import MigStat

struct CompareEditions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-editions",
        abstract: "The same figure as each loaded edition has it: the --data files and the embedded IMS 2024.",
        discussion: """
            Each row names the edition, its coverage (complete, or known-origin for bilateral country pairs) and \
            the file and checksum it comes from.
              migstat compare-editions --data ims2020_destination_table1.csv --dest Americas --year 2020
            """)

    @Option(name: .customLong("dest"), help: ArgumentHelp("Where the migrants live.", valueName: "area"))
    var destination: String?

    @Option(help: ArgumentHelp("Where the migrants come from.", valueName: "area"))
    var origin: String?

    @OptionGroup var series: SeriesOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            guard series.sex != .all else { throw MigStatError.usage("--sex all: compare one sex at a time") }
            let reference = try ReferenceData.bundled()
            let resolver = Resolver(reference: reference, language: outputOptions.lang)
            let figures = try EditionComparison.compare(
                try dataOptions.datasets(reference: reference), resolver: resolver, destination: destination,
                origin: origin, years: try series.year.map(YearSelection.parse) ?? .all,
                sex: series.sex == .male ? .male : series.sex == .female ? .female : .total)
            let label = [origin.map { "\($0) →" }, destination ?? "World"].compactMap { $0 }.joined(separator: " ")
            try outputOptions.emit([QueryReports.editions(figures, label: label, language: outputOptions.lang,
                                                          query: commandLine())])
        }
    }
}
