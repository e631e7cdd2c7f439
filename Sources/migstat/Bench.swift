import ArgumentParser
import Foundation
import MigStat

/// For the comparison harness in Benchmarks/: loads the data once, runs one of the benchmark's
/// questions `--runs` times, prints the answer like the matching command does and, on stderr, one
/// line `migstat-bench {json}` with the load time and the median and fastest query times.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a benchmark question inside the process (for Benchmarks/).",
        discussion: """
            Q1 immigrant stock by SDG region of destination and year; Q2 the corridor Central Asia → Türkiye \
            by year; Q3 the 20 largest corridors in 2024; Q4 the stock between the members (--members) by year.
              migstat bench Q1 --data big.migstat --runs 9
            """,
        shouldDisplay: false)

    @Argument(help: ArgumentHelp("Q1, Q2, Q3 or Q4.", valueName: "question"))
    var question: String

    @Option(help: ArgumentHelp("How many times to run the query.", valueName: "n"))
    var runs: Int = 5

    @Option(help: ArgumentHelp("Q4's member states, a comma-separated list.", valueName: "areas"))
    var members = "AFG,AZE,KAZ,KGZ,TJK,TUR"

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            guard runs > 0 else { throw MigStatError.usage("--runs takes a positive number") }
            let clock = ContinuousClock()
            let loadStart = clock.now
            let engine = try dataOptions.engine(language: outputOptions.lang)
            let loaded = clock.now - loadStart
            let reports = QueryReports(provenance: engine.dataset.provenance, language: outputOptions.lang)
            let query = try self.query(engine, reports)
            var times: [Duration] = []
            var answer: ResultTable?
            for _ in 0..<runs {
                let start = clock.now
                answer = try query()
                times.append(clock.now - start)
            }
            try outputOptions.emit([answer!])
            times.sort()
            let ms = { (duration: Duration) in
                Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            }
            let line: [String: Any] = [
                "question": question.uppercased(), "runs": runs, "load_ms": ms(loaded),
                "median_ms": ms(times[times.count / 2]), "min_ms": ms(times[0]),
                "store_rows": engine.dataset.table.rowCount, "store_bytes": engine.dataset.table.byteCount,
            ]
            let json = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            warn("bench " + String(decoding: json, as: UTF8.self))
        }
    }

    /// The question as a closure from the loaded engine to its answer (names resolved inside:
    /// they are part of answering).
    private func query(_ engine: Engine, _ reports: QueryReports) throws -> () throws -> ResultTable {
        let table = engine.dataset.table
        let years = table.years
        let line = commandLine()
        switch question.uppercased() {
        case "Q1":
            return {
                let rows = try engine.stock(destination: nil, origin: nil, years: years, sexes: [.total],
                                            by: .group(.sdgRegion), side: .destination)
                return reports.stock(rows, destination: nil, origin: nil, partColumn: "destination", query: line)
            }
        case "Q2":
            return {
                let from = try engine.resolver.selection("Central Asia"), to = try engine.resolver.selection("Türkiye")
                let rows = try engine.corridor(from: from, to: to, years: years, sex: .total)
                return reports.corridor(rows, from: from, to: to, query: line)
            }
        case "Q3":
            let year = table.years.contains(2024) ? 2024 : table.years.max() ?? 2024
            return {
                let rows = try engine.top(.corridors(within: nil), year: year, sex: .total, n: 20)
                return reports.top(rows, mode: .corridors(within: nil), year: year, query: line)
            }
        case "Q4":
            return {
                let group = try engine.resolver.selection(members)
                let rows = try engine.stock(destination: group, origin: group, years: years, sexes: [.total])
                return reports.stock(rows, destination: group, origin: group, partColumn: nil, query: line)
            }
        default:
            throw MigStatError.usage("bench \(question): give Q1, Q2, Q3 or Q4")
        }
    }
}
