/// The shapes of extract migstat reads.
public enum LayoutKind: String, Sendable, CaseIterable {
    /// One observation per record: year, origin, destination, (sex,) count.
    case tidy
    /// UN DESA "by destination" tables as saved from Excel: title block, a name and a location
    /// code per row, year columns in blocks for both sexes, males and females.
    case unDestination = "un-destination"
    /// UN DESA "by destination and origin" tables: a destination and an origin per row.
    case unDestinationOrigin = "un-destination-origin"
    /// Destinations in rows, origins in columns (one year per file, or a year column).
    case matrix
    /// One column per year.
    case wideYears = "wide-years"

    public static func parse(_ text: String) throws -> LayoutKind {
        guard let kind = LayoutKind(rawValue: text.lowercased()) else {
            throw MigStatError.usage("--layout \(text): use " + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return kind
    }
}

/// What a table counts.
public enum Measure: String, Sendable {
    case migrantStock = "international migrant stock"
    case population = "total population"
}

/// What a publisher's title block says: edition, citation, licence, what is counted and in what unit.
public struct TitleBlock: Sendable, Equatable {
    public var edition: String?
    public var publisher: String?
    public var citation: String?
    public var licence: String?
    public var measure = Measure.migrantStock
    /// Decimal places of the unit: 3 when figures are in thousands.
    public var scale = 0

    init(cells: [String]) {
        for cell in cells where !cell.isEmpty {
            let key = nameKey(cell)
            let prefix = "international migrant stock "
            if edition == nil, key.hasPrefix(prefix), let year = Int(key.dropFirst(prefix.count).prefix(4)),
               (1990...2100).contains(year) {
                edition = "IMS \(year)"
                publisher = "United Nations Department of Economic and Social Affairs, Population Division"
            }
            if cell.hasPrefix("Suggested citation:") {
                citation = cell.dropFirst("Suggested citation:".count).trimmingSpaces()
            }
            if cell.contains("CC BY 3.0 IGO") { licence = "CC BY 3.0 IGO" }
            if key.contains("total population") { measure = .population }
            if key.contains("thousands") { scale = 3 }
        }
    }
}

/// What one value column of a wide layout holds; nil parts come from the row.
struct ValueColumn: Sendable, Equatable {
    var year: Int?
    var sex: Sex?
    var origin: AreaRef?
}

/// A layout as found in a file's first rows: where the header is and what each column holds.
public struct DetectedLayout: Sendable {
    public var kind: LayoutKind
    /// The physical line of the header row (data start after it).
    public var headerLine: Int
    public var header: [String]
    public var title: TitleBlock
    var destinationName: Int?
    var destinationCode: Int?
    var originName: Int?
    var originCode: Int?
    var yearColumn: Int?
    var sexColumn: Int?
    var fixedYear: Int?
    var values: [Int: ValueColumn] = [:]

    /// Header cells no role took (for the validation report).
    public var ignoredColumns: [String] {
        guard kind != .tidy else { return [] }
        let used = Set([destinationName, destinationCode, originName, originCode, yearColumn, sexColumn].compactMap { $0 })
            .union(values.keys)
        return header.indices.filter { !used.contains($0) && !header[$0].isEmpty }.map { header[$0] }
    }

    /// One line describing the columns, for the validation report.
    public var summary: String {
        guard kind != .tidy else { return "header on line \(headerLine)" }
        let years = Set(values.values.compactMap(\.year)).sorted()
        let sexes: [Sex] = [.total, .male, .female].filter { sex in values.values.contains { $0.sex == sex } }
        var parts = ["header on line \(headerLine)", "\(values.count) value columns"]
        if !years.isEmpty { parts.append("years \(years.map(String.init).joined(separator: ", "))") }
        if !sexes.isEmpty { parts.append("sex blocks " + sexes.map(\.label).joined(separator: ", ")) }
        if kind == .matrix { parts.append("\(values.values.filter { $0.origin != nil }.count) origin columns") }
        if let fixedYear { parts.append("year \(fixedYear) for the whole file") }
        return parts.joined(separator: "; ")
    }
}

/// Finds the layout from the first records of a file (or checks the one the user declared).
enum LayoutDetector {
    static func detect(records: [(line: Int, fields: [String])], areaNames: AreaNames,
                       options: IngestOptions, file: String) throws -> DetectedLayout {
        let rows = records.map { (line: $0.line, fields: $0.fields.map { $0.trimmingSpaces() }) }
        let forced = options.layout
        let unHeader = rows.firstIndex { $0.fields.contains(where: isUNNameHeader) }
        if let unHeader, forced == nil || forced == .unDestination || forced == .unDestinationOrigin {
            return try unTable(rows: rows, header: unHeader, forced: forced, file: file)
        }
        if forced == .unDestination || forced == .unDestinationOrigin {
            throw MigStatError.input(
                SourceLocation(file: file, line: rows.first?.line ?? 1),
                what: "no UN DESA header row (with \"Region, development group, country or area\") in the first \(rows.count) rows",
                hint: "check the file, or give another --layout (tidy, matrix, wide-years)")
        }
        // Title rows have one filled cell; the header is the first row with two or more.
        let header = rows.firstIndex { $0.fields.filter { !$0.isEmpty }.count >= 2 } ?? 0
        let headerLine = rows.isEmpty ? 1 : rows[header].line
        let names = rows.isEmpty ? [] : rows[header].fields
        let title = TitleBlock(cells: rows.prefix(header).flatMap(\.fields))
        var layout = DetectedLayout(kind: .tidy, headerLine: headerLine, header: names, title: title)
        let tidy = Result { try TidyHeader(names: names, overrides: options.columnOverrides, file: file) }
        if forced == .tidy || (forced == nil && (try? tidy.get()) != nil) || rows.isEmpty { return layout }

        let keys = names.map(nameKey)
        let overrides = try options.columnOverrides.mapValues { column -> Int in
            guard let index = keys.firstIndex(of: nameKey(column)) else {
                throw MigStatError.input(SourceLocation(file: file, line: headerLine), what: "--map: no column \"\(column)\"",
                                         hint: "the header has " + names.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            return index
        }
        let yearColumns = names.indices.filter { year(names[$0]) != nil && overrides.values.contains($0) == false }
        let location = SourceLocation(file: file, line: headerLine)
        if forced == .wideYears || (forced == nil && yearColumns.count >= 2) {
            let roles = TidyHeader.recognise(keys: keys, roles: [.destination, .origin, .sex], taken: overrides)
            guard let destination = roles[.destination] else {
                throw MigStatError.input(location, what: "a wide-years table needs a destination column; the header has none",
                                         hint: "name it with --map destination=COLUMN")
            }
            guard !yearColumns.isEmpty else {
                throw MigStatError.input(location, what: "no year columns (1990, 1995 ...) in the header", hint: "give another --layout")
            }
            layout.kind = .wideYears
            layout.destinationName = destination
            layout.originName = roles[.origin]
            layout.sexColumn = roles[.sex]
            for column in yearColumns {
                layout.values[column] = ValueColumn(year: year(names[column]), origin: roles[.origin] == nil ? .unspecified : nil)
            }
            return layout
        }
        // A matrix: columns that name areas are origins.
        let roles = TidyHeader.recognise(keys: keys, roles: [.year, .sex, .destination], taken: overrides)
        var origins: [Int: AreaRef] = [:]
        for column in names.indices where !roles.values.contains(column) && !names[column].isEmpty {
            if case .success(let area) = areaNames.resolve(name: names[column], code: nil) { origins[column] = area }
        }
        let destination = roles[.destination]
            ?? names.indices.first { !roles.values.contains($0) && origins[$0] == nil }
        guard forced == .matrix || origins.count >= 2, let destination else {
            _ = try tidy.get()  // the tidy header's own error says best what is missing
            throw MigStatError.input(location, what: "cannot tell the layout", hint: "give --layout")
        }
        layout.kind = .matrix
        layout.destinationName = destination
        layout.yearColumn = roles[.year]
        layout.sexColumn = roles[.sex]
        if roles[.year] == nil {
            let found = options.dataYear ?? (names[destination].split(separator: " ") + [Substring(file)])
                .lazy.compactMap { year(String($0)) }.first
                ?? title.edition.flatMap { year(String($0.suffix(4))) }
            guard let found else {
                throw MigStatError.input(location, what: "the matrix has no year column and its header names no year",
                                         hint: "give the year of its figures with --data-year YEAR")
            }
            layout.fixedYear = found
        }
        for (column, area) in origins { layout.values[column] = ValueColumn(origin: area) }
        return layout
    }

    private static func unTable(rows: [(line: Int, fields: [String])], header: Int, forced: LayoutKind?,
                                file: String) throws -> DetectedLayout {
        let names = rows[header].fields
        let keys = names.map(nameKey)
        let nameColumns = names.indices.filter { isUNNameHeader(names[$0]) }
        let codeColumns = keys.indices.filter { keys[$0].contains("location code") || keys[$0] == "code" }
        let mentionsOrigin = { (column: Int) in keys[column].contains("origin") }
        var layout = DetectedLayout(kind: .unDestination, headerLine: rows[header].line, header: names,
                                    title: TitleBlock(cells: rows.prefix(header).flatMap(\.fields)))
        layout.destinationName = nameColumns.first { !mentionsOrigin($0) } ?? nameColumns.first
        layout.destinationCode = codeColumns.first { !mentionsOrigin($0) } ?? codeColumns.first
        if nameColumns.count > 1 {
            layout.originName = nameColumns.first(where: mentionsOrigin) ?? nameColumns[1]
            layout.originCode = codeColumns.count > 1 ? (codeColumns.first(where: mentionsOrigin) ?? codeColumns[1]) : nil
            layout.kind = .unDestinationOrigin
        }
        let location = SourceLocation(file: file, line: layout.headerLine)
        if forced == .unDestinationOrigin, layout.originName == nil {
            throw MigStatError.input(location, what: "the UN table has no origin column (\"... country or area of origin\")",
                                     hint: "this is a table by destination only: use --layout un-destination")
        }
        if forced == .unDestination, layout.originName != nil {
            throw MigStatError.input(location, what: "the UN table has an origin column", hint: "use --layout un-destination-origin")
        }
        // The block labels ("..., both sexes combined", "..., males", "..., females") sit above the
        // header; each applies from its column to the next label. Without them, the UN's order.
        let labelRow = rows.prefix(header).reversed().first { $0.fields.contains { sexOfBlockLabel($0) != nil } }
        var seen: [Int: Int] = [:]
        for column in names.indices {
            guard let year = year(names[column]) else { continue }
            var sex: Sex?
            if let labelRow {
                let labelled = labelRow.fields.indices.filter { $0 <= column && sexOfBlockLabel(labelRow.fields[$0]) != nil }
                sex = labelled.last.flatMap { sexOfBlockLabel(labelRow.fields[$0]) }
            }
            if sex == nil {
                let repeatIndex = seen[year, default: 0]
                guard repeatIndex < 3 else {
                    throw MigStatError.input(location, what: "the year \(year) heads more than three columns and no block labels say which sex each is",
                                             hint: "check the header rows")
                }
                sex = [Sex.total, .male, .female][repeatIndex]
            }
            seen[year, default: 0] += 1
            layout.values[column] = ValueColumn(year: year, sex: sex, origin: layout.kind == .unDestination ? .unspecified : nil)
        }
        guard layout.destinationName != nil || layout.destinationCode != nil, !layout.values.isEmpty else {
            throw MigStatError.input(location, what: "the UN table header has no year columns", hint: "check the header row")
        }
        return layout
    }

    static func isUNNameHeader(_ cell: String) -> Bool {
        let key = nameKey(cell)
        return key.hasPrefix("region development group country or area") || key.hasPrefix("major area region country or area")
    }

    private static func sexOfBlockLabel(_ cell: String) -> Sex? {
        let key = nameKey(cell)
        if key.contains("both sexes") { return .total }
        if key.hasSuffix("females") || key.contains("females ") || key.hasSuffix("female") { return .female }
        if key.hasSuffix("males") || key.contains("males ") || key.hasSuffix("male") { return .male }
        return nil
    }

    static func year(_ text: String) -> Int? {
        guard text.count == 4, let value = Int(text), (1800..<2200).contains(value) else { return nil }
        return value
    }
}

/// Resolves the area names and codes of a publisher's rows and columns, once per distinct text.
final class AreaNames {
    let reference: ReferenceData
    private var cache: [String: Result<AreaRef, AreaNameError>] = [:]

    struct AreaNameError: Error { let reason: String }

    init(reference: ReferenceData) { self.reference = reference }

    /// A row or column label: by its code when it has one (M49, or UN DESA's own region codes),
    /// else by its name. A country row whose name is another country than its code is an error.
    func resolve(name: String, code: String?) -> Result<AreaRef, AreaNameError> {
        let geography = reference.geography
        if let code, !code.isEmpty {
            guard let number = Int(code) else { return .failure(AreaNameError(reason: "location code \"\(code)\" is not a number")) }
            if let area = geography.area(m49: number) {
                if !name.isEmpty, case .success(let named) = resolve(name: name, code: nil), named != .area(area) {
                    return .failure(AreaNameError(reason: "the name \"\(name)\" is not the area of location code \(code) (\(geography.areas[area].nameEn))"))
                }
                return .success(.area(area))
            }
            if let group = geography.group(code: number) {
                return .success(geography.groups[group].kind == .world ? .all : .group(group))
            }
            // "Other" origins carry codes of their own (2003 ...): known by name.
            if case .success(let special) = lookup(name), special == .unspecified || special == .all { return .success(special) }
            return .failure(AreaNameError(reason: "unknown location code \(code)" + (name.isEmpty ? "" : " (\"\(name)\")")))
        }
        if let known = cache[name] { return known }
        let result = lookup(name)
        cache[name] = result
        return result
    }

    private func lookup(_ name: String) -> Result<AreaRef, AreaNameError> {
        switch nameKey(name) {
        case "": return .failure(AreaNameError(reason: "the area is empty"))
        case "total", "world", "all", "all origins", "total origins", "mundo", "todos": return .success(.all)
        case "other", "others", "other north", "other south", "unknown", "not stated", "otros", "desconocido":
            return .success(.unspecified)
        default: break
        }
        let matches = reference.names.lookup(name)
        let areas = matches.compactMap { entity -> Int? in if case .area(let index) = entity { index } else { nil } }
        let groups = matches.compactMap { entity -> Int? in if case .group(let index) = entity { index } else { nil } }
        if areas.count == 1 { return .success(.area(areas[0])) }
        if areas.isEmpty, groups.count == 1 {
            return .success(reference.geography.groups[groups[0]].kind == .world ? .all : .group(groups[0]))
        }
        if !matches.isEmpty { return .failure(AreaNameError(reason: "area \"\(name)\" is ambiguous; use its ISO3 or M49 code")) }
        let near = reference.names.suggestions(for: name).map { "\"\($0)\"" }.joined(separator: ", ")
        return .failure(AreaNameError(reason: "unknown area \"\(name)\"" + (near.isEmpty ? "" : "; closest: \(near)")))
    }
}
