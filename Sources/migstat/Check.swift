import ArgumentParser
import Foundation
import MigStat

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Checks the migrant-stock figures of a draft (text or Markdown, English or Spanish) against the data.",
        discussion: """
            Finds counts ("73.5 million", "73,5 millones", "12.5 M", "1 234 567") and percentages ("3,6 %") with \
            the place, group, mechanism or corridor and the year they refer to (same sentence, or the nearest \
            mention before), and reports each with its line: confirmed (the data round to it at the precision \
            written), contradicted (with the data's figure, written as the draft writes it), or not checkable \
            (and why). Parts introduced by "including"/"incluidos" are added up against their whole. With the \
            embedded data (migrants of known origin only), a total by destination is a lower bound and is not \
            called contradicted unless even migrants of known origin outnumber it. Exit code 7 when anything \
            is contradicted or does not add up.
              migstat check note.md
              migstat check note.md --data ims2020_destination_table1.csv
              cat note.md | migstat check - --format json
            """)

    @Argument(help: ArgumentHelp("The draft, or - for standard input.", valueName: "file"))
    var file: String

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        var contradicted = false
        try runReporting {
            let draft = try readDraft()
            // The report speaks the draft's language unless --lang says otherwise.
            let asked = CommandLine.arguments.contains { $0 == "--lang" || $0.hasPrefix("--lang=") }
            let language = asked ? outputOptions.lang : DraftCheck.language(of: draft)
            let engine = try dataOptions.engine(language: language)
            let check = DraftCheck(engine: engine, prose: try ProseNames.bundled(), language: language)
            let findings = check.check(draft)
            contradicted = findings.contains { $0.verdict == .contradicted || $0.verdict == .inconsistent }
            let name = file == "-" ? "(stdin)" : URL(fileURLWithPath: file).lastPathComponent
            let format = outputOptions.resolvedFormat
            try outputOptions.write(check.report(findings, file: name, query: commandLine()).render(format, language: language))
        }
        if contradicted { throw ExitCode(MigStatError.contradictedFiguresExitCode) }
    }

    private func readDraft() throws -> String {
        let data: Data?
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw MigStatError.io(path: file, reason: "no such file (give a text or Markdown draft, or - for standard input)")
            }
            data = FileManager.default.contents(atPath: file)
        }
        guard let data else { throw MigStatError.io(path: file, reason: "cannot be read") }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
            throw MigStatError.io(path: file, reason: "is not text (UTF-8 or Windows-1252)")
        }
        return text
    }
}
