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

    @OptionGroup var scan: MechanismScanOptions

    func run() throws {
        try runReporting {
            let (engine, year, sex, reports) = try scan.prepare()
            let overlaps = engine.overlaps(year: year, sex: sex, kinds: scan.kinds)
            try scan.outputOptions.emit([reports.overlaps(Array(overlaps.prefix(scan.top)), year: year, query: commandLine())])
        }
    }
}
