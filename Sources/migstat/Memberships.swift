import ArgumentParser
import Foundation
import MigStat

struct Memberships: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memberships",
        abstract: "Every mechanism a state takes part in, with its role and dates.",
        discussion: """
              migstat memberships Venezuela
              migstat memberships Türkiye --lang es
            """)

    @Argument(help: ArgumentHelp("The state.", valueName: "country"))
    var country: String

    @Option(help: ArgumentHelp("Whether it takes part in this year (default: this year).", valueName: "year"))
    var year: Int?

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let reference = try ReferenceData.bundled()
            let resolver = Resolver(reference: reference, language: outputOptions.lang)
            guard case .area(let state) = try resolver.entity(country) else {
                throw MigStatError.usage("\"\(country)\" is a group or mechanism; give one state")
            }
            let reports = CoverageReports(provenance: try DatasetLoader.embeddedProvenance(), reference: reference,
                                          rule: MembershipRule(), language: outputOptions.lang)
            try outputOptions.emit([reports.memberships(of: state, year: year ?? MembershipRule().today)])
        }
    }
}
