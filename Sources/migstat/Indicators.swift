import ArgumentParser
import MigStat

struct Indicators: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Migrants as a percentage of the total population, and women as a percentage of migrants.",
        discussion: """
            Needs a total-population table (UN DESA Table 2 layout, in thousands) with --population, and \
            migrant stocks by destination (--data, e.g. UN DESA Table 1). Groups are summed first, then divided, \
            as the UN does.
              migstat indicators --data table1.csv --population table2.csv --year 2020 --by sdg-region
              migstat indicators --data table1.csv --population table2.csv --year 2020 --dest Mexico,Chile
            """)

    @Option(name: .customLong("dest"), help: ArgumentHelp("An area or group (default: the world).", valueName: "area"))
    var destination: String?

    @Option(help: ArgumentHelp("One row per country, region, subregion, intermediate, sdg-region, development or income.", valueName: "part"))
    var by: String?

    @Option(help: ArgumentHelp("The year (default: the latest the population table has).", valueName: "year"))
    var year: Int?

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let reference = try ReferenceData.bundled()
            let (loaded, population) = try dataOptions.populationTable(reference: reference)
            let engine = Engine(dataset: loaded.dataset, resolver: Resolver(reference: reference, language: outputOptions.lang,
                                                                                 membership: dataOptions.membershipRule))
            let within = try destination.map(engine.resolver.selection)
            let world = Selection(label: engine.resolver.label(.group(reference.geography.group(code: 900)!)),
                                  areas: Array(reference.geography.areas.indices))
            guard let year = year ?? population.years.max() else { throw MigStatError.usage("the population table is empty") }
            let selections = try by.map { engine.parts(of: within, by: try Breakdown.parse($0), year: year) } ?? [within ?? world]
            let rows = try engine.indicators(selections, year: year, population: population)
            let reports = QueryReports(provenance: engine.dataset.provenance, language: outputOptions.lang)
            try outputOptions.emit([reports.indicators(rows, population: population.provenance, query: commandLine())])
        }
    }
}
