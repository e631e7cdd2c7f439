import ArgumentParser
import MigStat

struct Areas: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The countries, areas and groups migstat knows, with their codes and names.",
        discussion: """
              migstat areas                 every area
              migstat areas --groups        the groupings (regions, SDG regions, LDC ...)
              migstat areas --search turk   names containing "turk", accents and case ignored
            """)

    @Flag(help: "List the groupings instead of the areas.")
    var groups = false

    @Option(help: ArgumentHelp("Only names containing this text.", valueName: "text"))
    var search: String?

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let reference = try ReferenceData.bundled()
            try outputOptions.emit([AreaListing(reference: reference, language: outputOptions.lang)
                .table(groups: groups, matching: search)])
        }
    }
}
