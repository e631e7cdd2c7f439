/// Builds the result tables of the query commands, with the footnotes and provenance every
/// figure carries.
public struct QueryReports: Sendable {
    public let provenance: Provenance
    public let language: Language

    public init(provenance: Provenance, language: Language) {
        self.provenance = provenance
        self.language = language
    }

    var labels: Labels { Labels(language) }

    /// Coverage and source, in the language of the report.
    public var notes: [String] {
        var notes: [String] = []
        if provenance.coverage == .knownOrigin {
            notes.append(labels.phrase("known_origin", provenance.edition))
        }
        notes.append("\(labels["source"]): \(provenance.citation(language))")
        return notes
    }

    func metadata(_ query: String) -> [MetadataEntry] {
        [.init("query", query), .init("edition", provenance.edition), .init("coverage", provenance.coverage.rawValue),
         .init("source", provenance.citation), .init("licence", provenance.licence), .init("file", provenance.file),
         .init("sha256") { [provenance] in provenance.sha256 }]
    }

    func column(_ key: String, _ labelKey: String? = nil) -> ResultTable.Column {
        ResultTable.Column(key: key, label: labels[labelKey ?? key])
    }

    public func stock(_ rows: [StockRow], destination: Selection?, origin: Selection?, partColumn: String?,
                      query: String) -> ResultTable {
        let title: String = switch (destination, origin) {
        case let (destination?, origin?): labels.phrase("migrants_from_to", origin.label, destination.label)
        case let (destination?, nil): "\(labels["immigrants_in"]) \(destination.label)"
        case let (nil, origin?): "\(labels["emigrants_from"]) \(origin.label)"
        case (nil, nil): "\(labels["immigrants_in"]) \(labels["world"])"
        }
        var columns = [column("year"), column("sex")]
        if let partColumn { columns.append(column(partColumn)) }
        columns.append(column("stock"))
        let cells: [[ResultTable.Cell]] = rows.map { row in
            var cells: [ResultTable.Cell] = [.year(row.year), .category(code: row.sex.label, label: labels.sex(row.sex))]
            if partColumn != nil { cells.append(.text(row.part ?? "")) }
            cells.append(.integer(row.stock))
            return cells
        }
        return ResultTable(title: title, columns: columns, rows: cells, notes: notes, metadata: metadata(query))
    }

    public func corridor(_ rows: [CorridorRow], from: Selection, to: Selection, query: String) -> ResultTable {
        let columns = [column("year"), column("sex"), column("stock"), column("change"),
                       column("percent_change"), column("annual_rate")]
        let cells: [[ResultTable.Cell]] = rows.map { row in
            [.year(row.year), .category(code: row.sex.label, label: labels.sex(row.sex)), .integer(row.stock),
             row.change.map(ResultTable.Cell.integer) ?? .decimal(nil, digits: 0),
             .decimal(row.percentChange, digits: 1), .decimal(row.annualRate, digits: 2)]
        }
        return ResultTable(title: "\(labels["corridor"]): \(from.label) → \(to.label)", columns: columns,
                           rows: cells, notes: notes, metadata: metadata(query))
    }

    /// "Largest origins of migrants living in X, 2024" and the like.
    public func topTitle(_ mode: TopMode, year: Int) -> String {
        switch mode {
        case .originsOf(let selection): "\(labels["top_origins"]) \(selection.label), \(year)"
        case .destinationsOf(let selection): "\(labels["top_destinations"]) \(selection.label), \(year)"
        case .corridors(let within):
            labels["top_corridors"] + (within.map { " \(labels["within"]) \($0.label)" } ?? "") + ", \(year)"
        }
    }

    public func top(_ rows: [RankedRow], mode: TopMode, year: Int, query: String) -> ResultTable {
        var columns = [column("rank")]
        switch mode {
        case .originsOf: columns.append(column("origin"))
        case .destinationsOf: columns.append(column("destination"))
        case .corridors: columns += [column("origin"), column("destination")]
        }
        columns += [column("stock"), column("share")]
        let cells: [[ResultTable.Cell]] = rows.map { row in
            var cells: [ResultTable.Cell] = [.integer(Int64(row.rank))]
            if let origin = row.origin { cells.append(.text(origin)) }
            if let destination = row.destination { cells.append(.text(destination)) }
            return cells + [.integer(row.stock), .decimal(100 * row.share, digits: 1)]
        }
        return ResultTable(title: topTitle(mode, year: year), columns: columns, rows: cells, notes: notes,
                           metadata: metadata(query))
    }

    public func matrix(_ matrix: GroupMatrix, query: String) -> ResultTable {
        let totalLabel = labels["total"]
        var columns = [ResultTable.Column(key: "origin", label: labels["origin"])]
        columns += matrix.labels.map { ResultTable.Column(key: $0, label: $0) }
        columns.append(ResultTable.Column(key: "total", label: totalLabel))
        var cells: [[ResultTable.Cell]] = matrix.labels.indices.map { o in
            [.text(matrix.labels[o])] + matrix.cells[o].map(ResultTable.Cell.integer) + [.integer(matrix.originTotals[o])]
        }
        cells.append([.text(totalLabel)] + matrix.destinationTotals.map(ResultTable.Cell.integer) + [.integer(matrix.total)])
        return ResultTable(title: "\(labels["matrix"]), \(matrix.year), \(labels.sex(matrix.sex))",
                           columns: columns, rows: cells, notes: notes, metadata: metadata(query))
    }
}

extension QueryReports {
    public func indicators(_ rows: [IndicatorRow], population: Provenance, query: String) -> ResultTable {
        let columns = [ResultTable.Column(key: "area", label: language == .es ? "Zona" : "Area"), column("year"),
                       column("migrants", "stock"),
                       .init(key: "population", label: language == .es ? "Población total" : "Total population"),
                       .init(key: "migrants_percent", label: language == .es ? "Migrantes (% de la población)" : "Migrants (% of population)"),
                       .init(key: "female_migrants", label: language == .es ? "Mujeres migrantes" : "Female migrants"),
                       .init(key: "female_percent", label: language == .es ? "Mujeres (% de los migrantes)" : "Female (% of migrants)")]
        let cells: [[ResultTable.Cell]] = rows.map { row in
            [.text(row.label), .year(row.year), .integer(row.migrants),
             row.population.map(ResultTable.Cell.integer) ?? .decimal(nil, digits: 0), .decimal(row.migrantsPercent, digits: 1),
             row.femaleMigrants.map(ResultTable.Cell.integer) ?? .decimal(nil, digits: 0), .decimal(row.femalePercent, digits: 1)]
        }
        var notes = self.notes
        notes.append((language == .es ? "Población" : "Population") + ": \(population.citation) (\(population.file))")
        for row in rows where !row.incomplete.isEmpty {
            notes.append("\(row.label): " + (language == .es ? "sin población para " : "no population figure for ")
                + row.incomplete.joined(separator: ", "))
        }
        var metadata = self.metadata(query)
        metadata.append(.init("population_file", population.file))
        metadata.append(.init("population_sha256") { [population] in population.sha256 })
        return ResultTable(title: language == .es ? "Migrantes internacionales y población total" : "International migrants and total population",
                           columns: columns, rows: cells, notes: notes, metadata: metadata)
    }

    /// One row per edition and year, with each edition's coverage and file.
    public static func editions(_ figures: [EditionFigure], label: String, language: Language, query: String) -> ResultTable {
        let labels = Labels(language)
        let columns: [ResultTable.Column] = [
            .init(key: "edition", label: language == .es ? "Edición" : "Edition"), .init(key: "year", label: labels["year"]),
            .init(key: "sex", label: labels["sex"]), .init(key: "stock", label: labels["stock"]),
            .init(key: "coverage", label: language == .es ? "Cobertura" : "Coverage"),
            .init(key: "file", label: language == .es ? "Archivo" : "File"), .init(key: "sha256", label: "SHA-256"),
            .init(key: "note", label: language == .es ? "Nota" : "Note")]
        let rows: [[ResultTable.Cell]] = figures.map { figure in
            [.text(figure.provenance.edition), .year(figure.year), .category(code: figure.sex.label, label: labels.sex(figure.sex)),
             figure.stock.map(ResultTable.Cell.integer) ?? .decimal(nil, digits: 0), .text(figure.provenance.coverage.rawValue),
             .text(figure.provenance.file), .text(String(figure.provenance.sha256.prefix(12))), .text(figure.reason ?? "")]
        }
        var notes: [String] = []
        var seen = Set<String>()
        for figure in figures where seen.insert(figure.provenance.sha256).inserted {
            let reports = QueryReports(provenance: figure.provenance, language: language)
            notes += reports.notes.map { "\(figure.provenance.edition): \($0)" }
        }
        return ResultTable(title: "\(label): " + (language == .es ? "una cifra en cada edición" : "one figure in each edition"),
                           columns: columns, rows: rows, notes: notes, metadata: [.init("query", query)])
    }
}
