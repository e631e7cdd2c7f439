/// `migstat validate`: how a file was read, what it holds, what was rejected and where, and how
/// the publisher's own totals compare with the sum of its country rows.
public struct ValidationReport: Sendable {
    public let extract: Extract
    public let checks: [TotalCheck]
    public let geography: Geography

    public init(extract: Extract, geography: Geography) {
        self.extract = extract
        self.geography = geography
        if let dataset = extract.dataset {
            checks = CrossCheck.run(dataset)
        } else if let population = extract.population {
            checks = CrossCheck.run(population, geography: geography)
        } else {
            checks = []
        }
    }

    public var differing: [TotalCheck] { checks.filter { $0.status == .differs } }

    public func tables(rejectionLimit: Int = 50) -> [ResultTable] {
        let report = extract.report
        var rows: [(String, String)] = []
        func detected(_ flag: Bool) -> String { flag ? "detected" : "declared" }
        rows.append(("file", "\(report.file) (\(report.bytes) bytes)"))
        rows.append(("sha256", report.sha256))
        rows.append(("encoding", report.encoding.rawValue + (report.byteOrderMark ? " with byte-order mark" : "")
            + " (\(detected(report.encodingDetected)))"))
        rows.append(("delimiter", "\(report.dialect.delimiterName) (\(detected(report.dialect.delimiterDetected)))"))
        rows.append(("decimal mark", "\(report.dialect.decimalMark.rawValue) (\(detected(report.dialect.decimalDetected)))"))
        rows.append(("line ends", report.dialect.lineEnds))
        rows.append(("layout", "\(report.layout.kind.rawValue); \(report.layout.summary)"))
        if !report.layout.ignoredColumns.isEmpty {
            rows.append(("columns not read", report.layout.ignoredColumns.map { "\"\($0)\"" }.joined(separator: ", ")))
        }
        rows.append(("measure", report.measure.rawValue
            + (report.measure == .population && report.layout.title.scale == 3 ? " (thousands, stored as persons)" : " (persons)")))
        let provenance = report.provenance
        rows.append(("edition", provenance.edition))
        rows.append(("source", provenance.citation))
        rows.append(("licence", provenance.licence))
        rows.append(("coverage", provenance.coverage.rawValue))
        rows.append(("rows read", "\(report.recordsRead)" + (report.blankRows > 0 ? " (and \(report.blankRows) blank rows)" : "")))
        rows.append(("rows rejected", "\(report.rejectedCount)"))
        rows.append(("values stored", "\(storedValues)"))
        rows.append(("values not available (\"..\" or empty)", "\(report.missingValues)"))
        rows.append(("years", years.map(String.init).joined(separator: ", ")))
        rows.append(("sexes", sexes.map(\.label).joined(separator: ", ")))
        rows.append(("areas", areaSummary))
        rows.append(("published totals", checkSummary))
        if !report.bothSexesOnly.isEmpty {
            let areas = Set(report.bothSexesOnly.map(\.destination)).sorted().map { geography.areas[$0].nameEn }
            rows.append(("both sexes only", "\(report.bothSexesOnly.count) figures with no male/female split: "
                + areas.joined(separator: "; ")))
        }
        var tables = [ResultTable(
            title: "Validation of \(report.file)",
            columns: [.init(key: "item", label: "Item"), .init(key: "value", label: "Value")],
            rows: rows.map { [.text($0.0), .text($0.1)] })]
        if report.rejectedCount > 0 {
            var rejected: [[ResultTable.Cell]] = report.rejections.prefix(rejectionLimit).map {
                [.text($0.location.description), .text($0.reason)]
            }
            if report.rejectedCount > rejected.count {
                rejected.append([.text("…"), .text("\(report.rejectedCount - rejected.count) more rejected rows")])
            }
            tables.append(ResultTable(title: "Rejected rows (not in the figures)",
                                      columns: [.init(key: "location", label: "Location"), .init(key: "reason", label: "Reason")],
                                      rows: rejected))
        }
        let notable = checks.filter { $0.status == .differs || $0.status == .explained }
        if !notable.isEmpty {
            tables.append(ResultTable(
                title: "Published totals that are not the sum of their country rows",
                columns: [.init(key: "location", label: "Location"), .init(key: "area", label: "Area"),
                          .init(key: "year", label: "Year"), .init(key: "sex", label: "Sex"),
                          .init(key: "published", label: "Published"), .init(key: "sum_of_countries", label: "Sum of countries"),
                          .init(key: "difference", label: "Difference"), .init(key: "status", label: "Status")],
                rows: notable.map { check in
                    [.text(check.published.location.description), .text(label(check.published)), .year(check.published.year),
                     .text(check.published.sex.label), .integer(check.published.value), .integer(check.computed),
                     .integer(check.difference), .text(check.status.rawValue)]
                },
                notes: notable.contains { $0.status == .explained }
                    ? ["explained: the male and female differences add up to both-sexes figures the publisher gives without a sex split "
                        + "(\"..\" for males and females) but includes in its aggregates; see datasets/README-geography.md."]
                    : []))
        }
        return tables
    }

    private var storedValues: Int {
        extract.report.table?.rowCount ?? extract.population?.valueCount ?? 0
    }

    private var years: [Int] {
        (extract.report.table?.years ?? extract.population?.years ?? []).sorted()
    }

    private var sexes: [Sex] {
        if let table = extract.report.table { return Sex.allCases.filter(table.sexes.contains) }
        guard let population = extract.population else { return [] }
        return Sex.allCases.filter(population.hasValues)
    }

    private var areaSummary: String {
        if let table = extract.report.table {
            let destinations = Set(table.destination.buffer).count
            let origins = Set(table.origin.buffer)
            let known = origins.subtracting([UInt16(geography.unspecifiedOrigin)]).count
            var text = "\(destinations) destinations, \(known) origins"
            if origins.contains(UInt16(geography.unspecifiedOrigin)) {
                text += known == 0 ? " (a table by destination only: origin not specified)" : ", and origins not specified by country"
            }
            return text
        }
        guard let population = extract.population, let year = population.years.first else { return "none" }
        return "\(geography.areas.indices.filter { population.value(area: $0, year: year, sex: .total) != nil }.count) countries or areas"
    }

    private var checkSummary: String {
        guard !checks.isEmpty else { return "none in the file" }
        let rows = Set(checks.map { $0.published.location.line }).count
        var counts: [TotalCheck.Status: Int] = [:]
        for check in checks { counts[check.status, default: 0] += 1 }
        let parts = [TotalCheck.Status.equal, .rounding, .explained, .differs].compactMap { status -> String? in
            guard let count = counts[status] else { return status == .differs ? "0 differ" : nil }
            switch status {
            case .equal: return "\(count) equal"
            case .rounding: return "\(count) within rounding"
            case .explained: return "\(count) explained"
            case .differs: return "\(count) differ"
            }
        }
        return "\(rows) region/grouping rows, \(checks.count) figures checked against the sum of the country rows: "
            + parts.joined(separator: ", ")
    }

    private func label(_ total: PublishedTotal) -> String {
        func name(_ end: AreaRef) -> String {
            switch end {
            case .area(let index): return geography.areas[index].nameEn
            case .group(let index): return geography.groups[index].nameEn
            case .all: return "World"
            case .unspecified: return "origin not specified"
            }
        }
        var text = total.label.isEmpty ? name(total.destination) : total.label
        if let code = total.code { text += " (\(code))" }
        if total.origin != .unspecified, total.origin != .all { text += " from \(name(total.origin))" }
        return text
    }
}
