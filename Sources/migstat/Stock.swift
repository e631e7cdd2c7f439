import ArgumentParser
import MigStat

struct Stock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "Immigrant stock of a destination, emigrant stock of an origin, or both ends at once.",
        discussion: """
            AREA is a country (name, ISO3 or M49 code, English or Spanish), a group ("Americas", \
            "Central Asia", "América Latina y el Caribe", "Sub-Saharan Africa" ...) or a comma-separated list.
              migstat stock --dest Americas --year 2020
              migstat stock --origin Venezuela --year 2024 --by country
            """)

    @Option(name: .customLong("dest"), help: ArgumentHelp("Where the migrants live.", valueName: "area"))
    var destination: String?

    @Option(help: ArgumentHelp("Where the migrants come from.", valueName: "area"))
    var origin: String?

    @Option(help: ArgumentHelp("Split by country, region, subregion, intermediate, sdg-region, development or income.", valueName: "part"))
    var by: String?

    @Option(name: .customLong("by-side"), help: ArgumentHelp("Which end --by splits: destination or origin (default: the end you named; destination if both).", valueName: "side"))
    var bySide: String?

    @OptionGroup var series: SeriesOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let engine = try dataOptions.engine(language: outputOptions.lang)
            let destination = try destination.map(engine.resolver.selection)
            let origin = try origin.map(engine.resolver.selection)
            let breakdown = try by.map(Breakdown.parse)
            let side: Side
            switch bySide?.lowercased() {
            case nil: side = destination == nil && origin != nil ? .origin : .destination
            case "destination", "dest": side = .destination
            case "origin": side = .origin
            default: throw MigStatError.usage("--by-side \(bySide!): use destination or origin")
            }
            let table = engine.dataset.table
            let rows = try engine.stock(destination: destination, origin: origin,
                                        years: try series.years(in: table), sexes: try series.sex.resolve(in: table),
                                        by: breakdown, side: side)
            let reports = QueryReports(provenance: engine.dataset.provenance, language: outputOptions.lang)
            let partColumn = breakdown.map { _ in side == .destination ? "destination" : "origin" }
            try outputOptions.emit([reports.stock(rows, destination: destination, origin: origin,
                                                  partColumn: partColumn, query: commandLine())])
        }
    }
}

func commandLine() -> String {
    (["migstat"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
}
