import ArgumentParser
import MigStat

struct BriefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "A paragraph and a table of key figures on an area, a corridor or a mechanism, ready for a note.",
        discussion: """
            TOPIC is an area or group, a corridor (FROM->TO, or FROM and TO as two arguments) or a mechanism. \
            The brief gives the stock in --year (default: the latest), its change and annual rate since --since \
            (default: the latest year at least ten years earlier), shares, sex composition and the largest origins \
            or destinations; for a mechanism, the migrants living in, coming from and moving between its \
            participating States. It names the year and the edition and ends with the data's citation. \
            Markdown by default; --format json gives the same figures as data.
              migstat brief Americas --lang es
              migstat brief "Almaty Process" --lang es
              migstat brief "Central Asia" Türkiye
              migstat brief "Venezuela->Colombia" --since 2015
            """)

    @Argument(help: ArgumentHelp("An area, group or mechanism; or FROM TO; or FROM->TO.", valueName: "topic"))
    var topic: [String]

    @Option(help: ArgumentHelp("The year of the figures (default: the latest in the data).", valueName: "year"))
    var year: Int?

    @Option(help: ArgumentHelp("The earlier year the change is measured from.", valueName: "year"))
    var since: Int?

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            let language = outputOptions.lang
            let engine = try dataOptions.engine(language: language)
            let topic = try BriefTopic.parse(self.topic, resolver: engine.resolver)
            let writer = try BriefWriter(engine: engine, prose: try ProseNames.bundled(), language: language,
                                         year: year, since: since)
            try outputOptions.write(try writer.brief(topic).render(outputOptions.format ?? .markdown, language: language))
        }
    }
}
