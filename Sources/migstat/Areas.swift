import ArgumentParser
import MigStat

struct Areas: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "areas",
        abstract: "The countries, areas, groups and mechanisms migstat knows, with their codes and names.",
        discussion: """
              migstat areas                 every area
              migstat areas --groups        the groupings (regions, SDG regions, LDC ...)
              migstat areas --mechanisms    the migration-governance mechanisms
              migstat areas --search turk   names containing "turk", accents and case ignored
            """)

    @Flag(help: "List the groupings instead of the areas.")
    var groups = false

    @Flag(help: "List the migration-governance mechanisms instead of the areas.")
    var mechanisms = false

    @Option(help: ArgumentHelp("Only names containing this text.", valueName: "text"))
    var search: String?

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let reference = try ReferenceData.bundled()
            let listing = AreaListing(reference: reference, language: outputOptions.lang)
            try outputOptions.emit([mechanisms ? listing.mechanisms(matching: search)
                                               : listing.table(groups: groups, matching: search)])
        }
    }
}
