import ArgumentParser
import MigStat

struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "The mechanisms in which both ends of a corridor take part, and the stock each covers.",
        discussion: """
            FROM and TO are countries, groups, mechanisms or lists. A mechanism covers the migrants whose origin \
            and destination both take part in it: all of the corridor when every state at both ends does, part otherwise.
              migstat coverage "Central Asia" Türkiye --year 2024
              migstat coverage Venezuela "South America" --observers
            """)

    @Argument(help: ArgumentHelp("Where the migrants come from.", valueName: "from"))
    var from: String

    @Argument(help: ArgumentHelp("Where they live.", valueName: "to"))
    var to: String

    @OptionGroup var snapshot: SnapshotOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let engine = try dataOptions.engine(language: outputOptions.lang)
            let from = try engine.resolver.selection(self.from), to = try engine.resolver.selection(self.to)
            let (year, sex) = try snapshot.resolve(in: engine.dataset.table)
            let rows = engine.coverage(from: from, to: to, year: year, sex: sex)
            let corridor = engine.pairs(year: year, sex: sex).sum(origins: from.areas(in: year), destinations: to.areas(in: year))
            let reports = CoverageReports(provenance: engine.dataset.provenance, reference: engine.resolver.reference,
                                          rule: dataOptions.membershipRule, language: outputOptions.lang)
            try outputOptions.emit([reports.coverage(rows, from: from, to: to, year: year, corridor: corridor,
                                                     query: commandLine())])
        }
    }
}
