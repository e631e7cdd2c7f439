/// The charts of migstat as SVG documents: titles, axes and numbers in the chosen language, the
/// coverage caveat and the source at the foot, sized for a 170 mm column of an A4 page.
public struct Charts: Sendable {
    public let base: QueryReports

    public init(provenance: Provenance, language: Language) {
        base = QueryReports(provenance: provenance, language: language)
    }

    var language: Language { base.language }
    var labels: Labels { base.labels }
    func text(_ en: String, _ es: String) -> String { language == .es ? es : en }

    /// The legend's name for a series.
    public func label(_ subject: SeriesSubject) -> String {
        switch subject {
        case .corridor(let from, let to): "\(from.label) → \(to.label)"
        case .immigrants(let destination): text("Immigrants in ", "Inmigrantes en ") + destination.label
        case .emigrants(let origin): "\(labels["emigrants_from"]) \(origin.label)"
        }
    }

    /// Lines of stock over the years, one per subject.
    public func series(_ data: [(subject: SeriesSubject, rows: [StockRow])], sex: Sex) -> String {
        let years = data.flatMap { $0.rows.map(\.year) }
        let span = years.isEmpty ? "" : ", " + yearSpan(years.min()!, years.max()!)
        let corridorsOnly = data.allSatisfy { if case .corridor = $0.subject { true } else { false } }
        let title = (corridorsOnly ? text("Migrant stock by corridor", "Población migrante por corredor")
                                   : text("International migrant stock", "Población migrante internacional")) + span
        let chart = LineChart(series: data.map { LineChart.Series(label: label($0.subject), points: $0.rows.map { ($0.year, $0.stock) }) },
                              valueName: labels["stock"], language: language)
        let (plot, height) = chart.draw()
        return ChartFrame(title: title + sexSuffix(sex), notes: base.notes).document(plot: plot, plotHeight: height, kind: "series")
    }

    /// Bars of the largest origins, destinations or corridors.
    public func top(_ rows: [RankedRow], mode: TopMode, year: Int, sex: Sex) -> String {
        let categories = rows.map { row in [row.origin, row.destination].compactMap { $0 }.joined(separator: " → ") }
        let chart = BarChart(categories: categories, measures: [labels["stock"]], values: rows.map { [$0.stock] },
                             valueName: labels["stock"], language: language)
        let (plot, height) = chart.draw()
        return ChartFrame(title: base.topTitle(mode, year: year) + sexSuffix(sex), notes: base.notes)
            .document(plot: plot, plotHeight: height, kind: "top")
    }

    /// A chord diagram of the matrix between the groups of one partition.
    public func chord(_ matrix: GroupMatrix, grouping: GroupKind) -> String {
        // The title names the grouping, so "(SDG region)" need not follow every label.
        let suffix = " (\(groupingName(grouping)))"
        let labels = matrix.labels.map { $0.hasSuffix(suffix) ? String($0.dropLast(suffix.count)) : $0 }
        let chart = ChordDiagram(labels: labels, cells: matrix.cells, language: language)
        let (plot, height) = chart.draw()
        let unit = matrix.total >= 20_000_000 ? text(" Scale in millions.", " Escala en millones.")
            : matrix.total >= 20_000 ? text(" Scale in thousands.", " Escala en miles.") : ""
        let title = text("Migrant stock by \(groupingName(grouping)) of origin and destination, ",
                         "Población migrante por \(groupingName(grouping)) de origen y de destino, ") + "\(matrix.year)"
        let name = groupingName(grouping)
        let article = [.region, .subregion, .intermediate, .sdgRegion].contains(grouping) ? "la" : "el"
        let subtitle = text("Each chord runs from the \(name) of origin, in its colour, to an arrowhead at the \(name) of destination; its width is proportional to the migrant stock.",
                            "Cada cuerda va de \(article) \(name) de origen, en su color, hasta una punta de flecha en \(article) \(name) de destino; su anchura es proporcional a la población migrante.") + unit
        return ChartFrame(title: title + sexSuffix(matrix.sex), subtitle: subtitle, notes: base.notes)
            .document(plot: plot, plotHeight: height, kind: "chord")
    }

    /// Immigrant, emigrant and intra-mechanism stock: of one mechanism over the years, or of several in one year.
    public func mechanisms(_ figures: [[MechanismFigures]], mechanisms: [Int], reference: ReferenceData,
                           rule: MembershipRule, sex: Sex) -> String {
        let coverage = CoverageReports(provenance: base.provenance, reference: reference, rule: rule, language: language)
        let single = mechanisms.count == 1
        let rows = single ? figures[0] : figures.map { $0[0] }
        let categories = single ? rows.map { String($0.year) } : mechanisms.map { reference.mechanisms[$0].shortName(language) }
        let measures = [text("Living in participating states", "Residen en los Estados participantes"),
                        text("From participating states", "Procedentes de los Estados participantes"),
                        text("Between participating states", "Entre Estados participantes")]
        let chart = BarChart(categories: categories, measures: measures,
                             values: rows.map { [$0.immigrants, $0.emigrants, $0.within] },
                             valueName: labels["stock"], language: language)
        let (plot, height) = chart.draw()
        let years = rows.map(\.year)
        let title = single
            ? text("International migrants and the participants of ", "Migrantes internacionales y los participantes de ")
                + reference.mechanisms[mechanisms[0]].name(language) + ", " + yearSpan(years.min()!, years.max()!)
            : text("International migrants and the participants of migration-governance mechanisms, ",
                   "Migrantes internacionales y los participantes de mecanismos de gobernanza migratoria, ") + "\(years[0])"
        var notes = [coverage.ruleNote]
        if single { notes.append(coverage.citation(reference.mechanisms[mechanisms[0]])) }
        return ChartFrame(title: title + sexSuffix(sex), notes: notes + base.notes)
            .document(plot: plot, plotHeight: height, definitions: chart.definitions, kind: "mechanism")
    }

    func yearSpan(_ first: Int, _ last: Int) -> String { first == last ? "\(first)" : "\(first)–\(last)" }

    func sexSuffix(_ sex: Sex) -> String { sex == .total ? "" : " (\(labels.sex(sex).lowercased()))" }

    func groupingName(_ kind: GroupKind) -> String {
        switch kind {
        case .region: text("region", "región")
        case .subregion: text("sub-region", "subregión")
        case .intermediate: text("intermediate region", "región intermedia")
        case .sdgRegion: text("SDG region", "región de los ODS")
        case .development: text("development group", "grupo de desarrollo")
        case .income: text("income group", "grupo de ingresos")
        default: text("group", "grupo")
        }
    }
}
