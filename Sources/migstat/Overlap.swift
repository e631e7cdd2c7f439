import ArgumentParser
import MigStat

struct Overlap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overlap",
        abstract: "Pairs of mechanisms that share participants, and the stock of the corridors both cover.",
        discussion: """
              migstat overlap --top 15
              migstat overlap --kind rcp
            """)

    @Option(help: ArgumentHelp("How many pairs.", valueName: "n"))
    var top: Int = 20

    @OptionGroup var kindOptions: KindOptions

    @OptionGroup var snapshot: SnapshotOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            guard top > 0 else { throw MigStatError.usage("--top takes a positive number") }
            let engine = try dataOptions.engine(language: outputOptions.lang)
            let (year, sex) = try snapshot.resolve(in: engine.dataset.table)
            let kinds = kindOptions.kinds
            let overlaps = engine.overlaps(year: year, sex: sex, kinds: kinds)
            let reports = CoverageReports(provenance: engine.dataset.provenance, reference: engine.resolver.reference,
                                          rule: dataOptions.membershipRule, language: outputOptions.lang)
            try outputOptions.emit([reports.overlaps(Array(overlaps.prefix(top)), year: year, query: commandLine())])
        }
    }
}
