import ArgumentParser
import MigStat

struct Matrix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "The origin × destination matrix between groups, with row and column totals.",
        discussion: """
              migstat matrix --by sdg-region --year 2020
              migstat matrix --by region --format csv
            """)

    @Option(help: ArgumentHelp("region, subregion, intermediate, sdg-region, development or income.", valueName: "grouping"))
    var by: String = "region"

    @OptionGroup var snapshot: SnapshotOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let kind = try Breakdown.grouping(by)
            let engine = try dataOptions.engine(language: outputOptions.lang)
            let (year, sex) = try snapshot.resolve(in: engine.dataset.table)
            let matrix = try engine.matrix(by: kind, year: year, sex: sex)
            let reports = QueryReports(provenance: engine.dataset.provenance, language: outputOptions.lang)
            try outputOptions.emit([reports.matrix(matrix, query: commandLine())])
        }
    }
}
