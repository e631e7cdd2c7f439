import ArgumentParser
import Foundation
import MigStat

struct Chart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Charts for a note: SVG (or PNG with rsvg-convert), 170 mm wide, in English or Spanish.",
        discussion: """
              migstat chart series --corridor "Central Asia->Türkiye" --corridor "Central Asia->Russian Federation"
              migstat chart series --dest Americas --dest Europe --lang es -o stocks.svg
              migstat chart top --origin Venezuela --year 2024 -o venezuela.png
              migstat chart chord --by region --year 2024
              migstat chart mechanism "Almaty Process"
              migstat chart mechanism "Puebla Process" "Quito Process" "Lima Process" --year 2024
            Without -o a chart is written to migstat-KIND.svg. A name ending in .png, or --png, asks for PNG, \
            which needs rsvg-convert (Debian: apt-get install librsvg2-bin).
            """,
        subcommands: [SeriesChart.self, TopChart.self, ChordChart.self, MechanismChart.self])
}

/// Language and file of a chart.
struct ChartOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Language of titles, labels and numbers: en or es.", valueName: "lang"))
    var lang: Language = .en

    @Option(name: [.short, .long], help: ArgumentHelp("The chart file, .svg or .png (written atomically).", valueName: "file"))
    var output: String?

    @Flag(help: "Also write a PNG beside the SVG (needs rsvg-convert).")
    var png = false

    func write(_ svg: String, kind: String) throws {
        let path = output ?? "migstat-\(kind).svg"
        var paths = [path]
        if png, try ChartFile.kind(of: path) == .svg { paths.append(String(path.dropLast(4)) + ".png") }
        if try paths.contains(where: { try ChartFile.kind(of: $0) == .png }), ChartFile.rasterizer == nil {
            throw MigStatError.output(path: paths.last!, reason: ChartFile.pngNeedsRasterizer)
        }
        for path in paths { try ChartFile.write(svg, to: path) }
        if output == nil { warn("wrote \(paths.joined(separator: " and "))") }
    }
}

struct SeriesChart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series",
        abstract: "Lines of stock over the years: corridors, immigrants of destinations, emigrants of origins.")

    @Option(name: .customLong("corridor"), help: ArgumentHelp("A corridor FROM->TO. Repeatable.", valueName: "from->to"))
    var corridors: [String] = []

    @Option(name: .customLong("dest"), help: ArgumentHelp("The immigrants of an area. Repeatable.", valueName: "area"))
    var destinations: [String] = []

    @Option(name: .customLong("origin"), help: ArgumentHelp("The emigrants of an area. Repeatable.", valueName: "area"))
    var origins: [String] = []

    @OptionGroup var series: SeriesOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var chartOptions: ChartOptions

    func run() throws {
        try runReporting {
            guard !(corridors + destinations + origins).isEmpty else {
                throw MigStatError.usage("give at least one --corridor, --dest or --origin")
            }
            guard series.sex != .all else { throw MigStatError.usage("--sex all: give total, male or female") }
            let engine = try dataOptions.engine(language: chartOptions.lang)
            let resolver = engine.resolver
            let subjects = try corridors.map(resolver.corridor)
                + destinations.map { .immigrants(try resolver.selection($0)) }
                + origins.map { .emigrants(try resolver.selection($0)) }
            let table = engine.dataset.table
            let years = try series.years(in: table), sex = try series.sex.resolve(in: table)[0]
            let data = try subjects.map { (subject: $0, rows: try engine.series($0, years: years, sex: sex)) }
            let charts = Charts(provenance: engine.dataset.provenance, language: chartOptions.lang)
            try chartOptions.write(charts.series(data, sex: sex), kind: "series")
        }
    }
}

struct TopChart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top", abstract: "Bars of the largest origins of a destination, destinations of an origin, or corridors.")

    @OptionGroup var ranking: RankingOptions
    @OptionGroup var snapshot: SnapshotOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var chartOptions: ChartOptions

    func run() throws {
        try runReporting {
            try ranking.check()
            let engine = try dataOptions.engine(language: chartOptions.lang)
            let mode = try ranking.mode(engine.resolver)
            let (year, sex) = try snapshot.resolve(in: engine.dataset.table)
            let rows = try engine.top(mode, year: year, sex: sex, n: ranking.n)
            let charts = Charts(provenance: engine.dataset.provenance, language: chartOptions.lang)
            try chartOptions.write(charts.top(rows, mode: mode, year: year, sex: sex), kind: "top")
        }
    }
}

struct ChordChart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chord", abstract: "A chord diagram of the origin–destination matrix between groups.")

    @Option(help: ArgumentHelp("region, subregion, intermediate, sdg-region, development or income.", valueName: "grouping"))
    var by: String = "region"

    @OptionGroup var snapshot: SnapshotOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var chartOptions: ChartOptions

    func run() throws {
        try runReporting {
            let kind = try Breakdown.grouping(by)
            let engine = try dataOptions.engine(language: chartOptions.lang)
            let (year, sex) = try snapshot.resolve(in: engine.dataset.table)
            let matrix = try engine.matrix(by: kind, year: year, sex: sex)
            let charts = Charts(provenance: engine.dataset.provenance, language: chartOptions.lang)
            try chartOptions.write(charts.chord(matrix, grouping: kind), kind: "chord")
        }
    }
}

struct MechanismChart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mechanism",
        abstract: "Migrants living in, coming from and moving between a mechanism's participants.",
        discussion: "One mechanism: every year (or --year). Several: one year each, the latest unless --year names one.")

    @Argument(help: ArgumentHelp("One or more mechanisms.", valueName: "name"))
    var names: [String]

    @OptionGroup var series: SeriesOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var chartOptions: ChartOptions

    func run() throws {
        try runReporting {
            guard series.sex != .all else { throw MigStatError.usage("--sex all: give total, male or female") }
            let engine = try dataOptions.engine(language: chartOptions.lang)
            let mechanisms = try names.map(engine.resolver.mechanism)
            let table = engine.dataset.table
            var years = try series.years(in: table)
            if mechanisms.count > 1 {
                guard series.year == nil || years.count == 1 else {
                    throw MigStatError.usage("several mechanisms are compared in one year: give --year with one year")
                }
                years = [years.last!]
            }
            let sex = try series.sex.resolve(in: table)[0]
            let figures = try mechanisms.map { try engine.figures(of: $0, years: years, sex: sex) }
            let charts = Charts(provenance: engine.dataset.provenance, language: chartOptions.lang)
            try chartOptions.write(charts.mechanisms(figures, mechanisms: mechanisms, reference: engine.resolver.reference,
                                                     rule: dataOptions.membershipRule, sex: sex), kind: "mechanism")
        }
    }
}
