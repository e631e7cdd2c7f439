import ArgumentParser
import MigStat

struct Top: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "The largest origins of a destination, destinations of an origin, or corridors.",
        discussion: """
              migstat top --dest "United States of America"     largest origins of its migrants
              migstat top --origin Venezuela --year 2024          largest destinations of Venezuelans
              migstat top --within "Latin America and the Caribbean"   largest corridors inside a group
              migstat top                                         largest corridors in the world
            """)

    @OptionGroup var ranking: RankingOptions
    @OptionGroup var snapshot: SnapshotOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            try ranking.check()
            let engine = try dataOptions.engine(language: outputOptions.lang)
            let mode = try ranking.mode(engine.resolver)
            let (year, sex) = try snapshot.resolve(in: engine.dataset.table)
            let rows = try engine.top(mode, year: year, sex: sex, n: ranking.n)
            let reports = QueryReports(provenance: engine.dataset.provenance, language: outputOptions.lang)
            try outputOptions.emit([reports.top(rows, mode: mode, year: year, query: commandLine())])
        }
    }
}
