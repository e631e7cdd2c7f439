import ArgumentParser
import MigStat

struct Gaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "The largest country-to-country corridors that no mechanism covers.",
        discussion: """
            A corridor is covered when its origin and destination take part in one mechanism. Global forums \
            (open to every UN member state) are left out unless named with --kind.
              migstat gaps --year 2024 --top 20
              migstat gaps --kind rcp --kind interregional-forum --by region
            """)

    @Option(help: ArgumentHelp("Only corridors of at least this stock.", valueName: "stock"))
    var min: Int64 = 1

    @Option(help: ArgumentHelp("Also sum the uncovered stock by origin and destination group: region, subregion, sdg-region …", valueName: "grouping"))
    var by: String?

    @OptionGroup var scan: MechanismScanOptions

    func run() throws {
        try runReporting {
            let (engine, year, sex, reports) = try scan.prepare()
            let gaps = engine.gaps(year: year, sex: sex, kinds: scan.kinds, minimum: min)
            let world = try engine.stock(destination: nil, origin: nil, years: [year], sexes: [sex])[0].stock
            var tables = [reports.gaps(Array(gaps.prefix(scan.top)), year: year, world: world, kinds: scan.kinds,
                                       query: commandLine())]
            if let by {
                guard case .group(let grouping) = try Breakdown.parse(by) else {
                    throw MigStatError.usage("--by \(by): give a grouping such as region or sdg-region")
                }
                tables.append(reports.gapsByGroup(gaps, kind: grouping, year: year, query: commandLine()))
            }
            try scan.outputOptions.emit(tables)
        }
    }
}
