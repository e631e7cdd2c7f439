import ArgumentParser
import MigStat

struct Top: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The largest origins of a destination, destinations of an origin, or corridors.",
        discussion: """
              migstat top --dest "United States of America"     largest origins of its migrants
              migstat top --origin Venezuela --year 2024          largest destinations of Venezuelans
              migstat top --within "Latin America and the Caribbean"   largest corridors inside a group
              migstat top                                         largest corridors in the world
            """)

    @Option(name: .customLong("dest"), help: ArgumentHelp("Rank the origins of migrants living here.", valueName: "area"))
    var destination: String?

    @Option(help: ArgumentHelp("Rank the destinations of emigrants from here.", valueName: "area"))
    var origin: String?

    @Option(help: ArgumentHelp("Rank the country-to-country corridors with both ends in this group.", valueName: "area"))
    var within: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("How many rows.", valueName: "n"))
    var n: Int = 10

    @OptionGroup var snapshot: SnapshotOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            guard [destination, origin, within].compactMap({ $0 }).count <= 1 else {
                throw MigStatError.usage("give one of --dest, --origin or --within")
            }
            guard n > 0 else { throw MigStatError.usage("--n takes a positive number") }
            let engine = try dataOptions.engine(language: outputOptions.lang)
            let resolver = engine.resolver
            let mode: TopMode
            if let destination {
                mode = .originsOf(try resolver.selection(destination))
            } else if let origin {
                mode = .destinationsOf(try resolver.selection(origin))
            } else {
                mode = .corridors(within: try within.map(resolver.selection))
            }
            let (year, sex) = try snapshot.resolve(in: engine.dataset.table)
            let rows = try engine.top(mode, year: year, sex: sex, n: n)
            let reports = QueryReports(provenance: engine.dataset.provenance, language: outputOptions.lang)
            try outputOptions.emit([reports.top(rows, mode: mode, year: year, query: commandLine())])
        }
    }
}
