import ArgumentParser
import Foundation

@main
struct MigStatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migstat",
        abstract: "International migrant stocks by region, corridor, year and sex, ready for a note.",
        discussion: """
            With no --data, every command answers from the embedded UN DESA International Migrant Stock 2024 \
            (bilateral, 1990–2024). Exit codes: 0 ok, 1 unexpected failure, 2 usage or unknown name, \
            3 file not readable, 4 bad input data, 5 reference data, 6 output not writable, \
            7 (check) the draft has contradicted figures, 8 a limit exceeded (--max-rows, --max-bytes, memory).
            """,
        // Every command names itself (`commandName:`): a name derived from the type costs a
        // type-name demangling per command at every start, about 20 M instructions in all.
        subcommands: [Overview.self, Stock.self, Corridor.self, Top.self, Matrix.self,
                      MechanismCommand.self, Coverage.self, Gaps.self, Overlap.self, Memberships.self,
                      BriefCommand.self, Check.self, Chart.self, Indicators.self, CompareEditions.self, Validate.self,
                      Areas.self, Ingest.self, Bench.self]
    )

    /// As ArgumentParser's own main, but a command line it cannot parse exits with 2, the code
    /// migstat uses for every usage error, rather than 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
