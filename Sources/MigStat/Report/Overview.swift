import Foundation

/// migstat's main job: the headline figures of a dataset for the latest year and a base year.
public struct OverviewReport: Sendable {
    public let engine: Engine
    public let baseYear: Int

    public init(engine: Engine, baseYear: Int = 2020) {
        self.engine = engine
        self.baseYear = baseYear
    }

    var language: Language { engine.resolver.language }
    var labels: Labels { Labels(language) }
    var reports: QueryReports { QueryReports(provenance: engine.dataset.provenance, language: language) }

    public func tables() throws -> [ResultTable] {
        let table = engine.dataset.table
        guard let latest = table.years.max() else { return [] }
        let base = table.years.contains(baseYear) && baseYear != latest ? baseYear : table.years.filter { $0 < latest }.max() ?? latest
        let geography = engine.dataset.geography
        let headline = [900, 19, 21, 419].compactMap(geography.group(code:)).map { index in
            Selection(label: geography.groups[index].name(language), areas: geography.groups[index].members)
        }
        let sdg = geography.groups.filter { $0.kind == .sdgRegion }.map {
            Selection(label: $0.name(language), areas: $0.members)
        }
        return [
            try comparison(headline, title: title("overview_headline"), base: base, latest: latest),
            try comparison(sdg, title: title("overview_sdg"), base: base, latest: latest),
            try corridors(base: base, latest: latest),
        ]
    }

    private func title(_ key: String) -> String {
        let words: [String: (en: String, es: String)] = [
            "overview_headline": ("International migrants by region of destination", "Migrantes internacionales por región de destino"),
            "overview_sdg": ("International migrants by SDG region of destination", "Migrantes internacionales por región de los ODS de destino"),
            "overview_corridors": ("Largest corridors", "Principales corredores"),
            "area": ("Area", "Zona"),
        ]
        let entry = words[key]!
        return language == .es ? entry.es : entry.en
    }

    private func comparison(_ selections: [Selection], title: String, base: Int, latest: Int) throws -> ResultTable {
        var rows: [[ResultTable.Cell]] = []
        for selection in selections {
            let series = try engine.corridor(from: allAreas, to: selection, years: [base, latest], sex: .total)
            rows.append([.text(selection.label), .integer(series[0].stock), .integer(series[1].stock),
                         .decimal(series[1].percentChange, digits: 1), .decimal(series[1].annualRate, digits: 2)])
        }
        return ResultTable(
            title: "\(title), \(base)–\(latest) (\(engine.dataset.provenance.edition))",
            columns: [.init(key: "area", label: self.title("area")), .init(key: "stock_\(base)", label: "\(base)"),
                      .init(key: "stock_\(latest)", label: "\(latest)"),
                      .init(key: "percent_change", label: labels["percent_change"]),
                      .init(key: "annual_rate", label: labels["annual_rate"])],
            rows: rows, notes: [], metadata: reports.metadata("migstat overview"))
    }

    private func corridors(base: Int, latest: Int) throws -> ResultTable {
        let top = try engine.top(.corridors(within: nil), year: latest, sex: .total, n: 10)
        let resolver = engine.resolver
        var rows: [[ResultTable.Cell]] = []
        for row in top {
            let from = try resolver.selection(row.origin!), to = try resolver.selection(row.destination!)
            let series = try engine.corridor(from: from, to: to, years: [base, latest], sex: .total)
            rows.append([.integer(Int64(row.rank)), .text(row.origin!), .text(row.destination!),
                         .integer(series[0].stock), .integer(series[1].stock), .decimal(series[1].annualRate, digits: 2)])
        }
        return ResultTable(
            title: "\(title("overview_corridors")), \(latest) (\(engine.dataset.provenance.edition))",
            columns: [.init(key: "rank", label: labels["rank"]), .init(key: "origin", label: labels["origin"]),
                      .init(key: "destination", label: labels["destination"]),
                      .init(key: "stock_\(base)", label: "\(base)"), .init(key: "stock_\(latest)", label: "\(latest)"),
                      .init(key: "annual_rate", label: labels["annual_rate"])],
            rows: rows, notes: reports.notes, metadata: reports.metadata("migstat overview"))
    }

    private var allAreas: Selection {
        Selection(label: labels["world"], areas: Array(engine.dataset.geography.areas.indices))
    }
}
