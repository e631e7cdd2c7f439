import ArgumentParser
import MigStat

struct Overview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "The headline figures: world, the Americas, the SDG regions, the largest corridors.",
        discussion: """
            Compares the latest year of the data with a base year (2020 by default).
              migstat overview
              migstat overview --lang es --format markdown
            """)

    @Option(name: .customLong("base-year"), help: ArgumentHelp("The year to compare the latest with.", valueName: "year"))
    var baseYear: Int = 2020

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let engine = try dataOptions.engine(language: outputOptions.lang)
            var output = outputOptions
            if output.format == nil { output.format = .table }
            try output.emit(try OverviewReport(engine: engine, baseYear: baseYear).tables())
        }
    }
}
