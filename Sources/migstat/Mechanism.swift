import ArgumentParser
import MigStat

struct MechanismCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mechanism",
        abstract: "A mechanism's participants and the migrants living in, coming from and moving between them.",
        discussion: """
            NAME is any name, acronym or id of datasets/mechanisms.json ("Almaty Process", "Proceso Puebla", \
            "CRM", "quito-process"). Without --year, every year of the data.
              migstat mechanism "Almaty Process" --year 2020
              migstat mechanism "Almaty Process" --year 2020 --observers
              migstat mechanism "Proceso de Quito" --lang es --membership current
            """)

    @Argument(help: ArgumentHelp("The mechanism.", valueName: "name"))
    var name: String

    @Flag(name: .customLong("no-participants"), help: "Leave out the list of participants.")
    var noParticipants = false

    @OptionGroup var series: SeriesOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try runReporting {
            guard series.sex != .all else { throw MigStatError.usage("--sex all: give total, male or female") }
            let engine = try dataOptions.engine(language: outputOptions.lang)
            let index = try engine.resolver.mechanism(name)
            let table = engine.dataset.table
            let figures = try engine.figures(of: index, years: try series.years(in: table),
                                             sex: try series.sex.resolve(in: table)[0])
            let reports = CoverageReports(provenance: engine.dataset.provenance, reference: engine.resolver.reference,
                                          rule: dataOptions.membershipRule, language: outputOptions.lang)
            let tables = [reports.figures(figures, mechanism: index, query: commandLine())]
            try outputOptions.emit(noParticipants ? tables : [reports.participants(index)] + tables)
        }
    }
}
