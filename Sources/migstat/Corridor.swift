import ArgumentParser
import MigStat

struct Corridor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridor",
        abstract: "The stock of a corridor FROM → TO in every year, with its change and annual rate.",
        discussion: """
            FROM and TO are countries, groups or lists, as for `stock`. The annual rate of change is the UN's, \
            100·ln(S₂/S₁)/(t₂−t₁), between consecutive years of the series.
              migstat corridor "Central Asia" Türkiye
              migstat corridor "Asia Central" "Federación de Rusia" --lang es
            """)

    @Argument(help: ArgumentHelp("Where the migrants come from.", valueName: "from"))
    var from: String

    @Argument(help: ArgumentHelp("Where they live.", valueName: "to"))
    var to: String

    @OptionGroup var series: SeriesOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            guard series.sex != .all else { throw MigStatError.usage("--sex all: a corridor series takes one sex") }
            let engine = try dataOptions.engine(language: outputOptions.lang)
            let from = try engine.resolver.selection(self.from)
            let to = try engine.resolver.selection(self.to)
            let table = engine.dataset.table
            let rows = try engine.corridor(from: from, to: to, years: try series.years(in: table),
                                           sex: try series.sex.resolve(in: table)[0])
            let reports = QueryReports(provenance: engine.dataset.provenance, language: outputOptions.lang)
            try outputOptions.emit([reports.corridor(rows, from: from, to: to, query: commandLine())])
        }
    }
}
