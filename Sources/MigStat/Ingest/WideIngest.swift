/// Reads the wide layouts (UN DESA tables, matrices, one column per year) from libcsv's callbacks.
/// Country cells go into the store (or the population table); region, grouping and total cells
/// are kept apart as the publisher's totals, never summed.
final class WideBuilder: CSVRecordHandler {
    private let file: String
    private let layout: DetectedLayout
    private let options: IngestOptions
    private let names: AreaNames
    private let unspecified: Int
    private let measure: Measure
    private let scale: Int

    private(set) var fatal: MigStatError?
    private(set) var recordsRead = 0
    private(set) var blankRows = 0
    private var log: RejectionLog
    var rejections: [Rejection] { log.rejections }
    var rejectedCount: Int { log.count }
    private(set) var missingValues = 0
    private(set) var published: [PublishedTotal] = []
    private(set) var bothSexesOnly: [BothSexesOnly] = []
    private var columns = MigrantTableBuilder()
    private(set) var population: PopulationTable.Builder

    /// Per column: 0 not read, 1 a key cell (kept as text), 2 a value cell (parsed from bytes).
    private let kindOfColumn: [UInt8]
    private let valueColumns: [(column: Int, spec: ValueColumn)]
    private var keyText: [Int: String] = [:]
    private var cells: [ScaledField]
    private var filled = false
    private var extraColumn: Int?
    /// Rows already seen, by (destination, origin, year, sex) of their country cells: a repeat is rejected.
    private var seenRows: [String: Int] = [:]

    init(file: String, layout: DetectedLayout, options: IngestOptions, names: AreaNames) {
        log = RejectionLog(file: file, strict: options.strict)
        self.file = file
        self.layout = layout
        self.options = options
        self.names = names
        let geography = names.reference.geography
        unspecified = geography.unspecifiedOrigin
        measure = layout.title.measure
        scale = layout.title.measure == .population ? layout.title.scale : 0
        population = PopulationTable.Builder(areaCount: geography.areas.count)
        var kinds = [UInt8](repeating: 0, count: layout.header.count)
        for column in [layout.destinationName, layout.destinationCode, layout.originName, layout.originCode,
                       layout.yearColumn, layout.sexColumn].compactMap({ $0 }) { kinds[column] = 1 }
        for column in layout.values.keys { kinds[column] = 2 }
        kindOfColumn = kinds
        valueColumns = layout.values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        cells = [ScaledField](repeating: .missing, count: layout.header.count)
    }

    var shouldStop: Bool { fatal != nil }

    func finishTable() -> MigrantTable { columns.finish() }
    func discardIfUnfinished() { columns.discardIfUnfinished() }

    func field(_ bytes: UnsafeRawBufferPointer, column: Int) {
        let blank = bytes.allSatisfy { $0 == 0x20 }
        if !blank { filled = true }
        guard column < kindOfColumn.count else {
            if !blank, extraColumn == nil { extraColumn = column }
            return
        }
        switch kindOfColumn[column] {
        case 1: keyText[column] = String(decoding: bytes, as: UTF8.self).trimmingSpaces()
        case 2: cells[column] = parseScaled(bytes, options.decimalMark, scale: scale)
        default: break
        }
    }

    func endRecord(line: Int, fields: Int) {
        defer {
            keyText.removeAll(keepingCapacity: true)
            for index in cells.indices { cells[index] = .missing }
            filled = false
            extraColumn = nil
        }
        guard line > layout.headerLine else { return }
        guard filled else {
            blankRows += 1
            return
        }
        recordsRead += 1
        if let problem = rowProblem(fields: fields) {
            fatal = log.reject(line: line, column: problem.column, reason: problem.reason)
            return
        }
        store(line: line)
    }

    // The row's destination, origin, year and sex, resolved by `rowProblem`.
    private var destination = AreaRef.all
    private var origin: AreaRef?
    private var rowYear: Int?
    private var rowSex: Sex?
    private var label = ""
    private var code: Int?

    /// Resolves the row's keys and checks its cells; the first problem, if any.
    private func rowProblem(fields: Int) -> (column: Int, reason: String)? {
        if let extraColumn { return (extraColumn, "the record has a value beyond the header's \(layout.header.count) columns") }
        let destinationColumn = layout.destinationCode ?? layout.destinationName ?? 0
        let name = layout.destinationName.flatMap { keyText[$0] } ?? ""
        let codeText = layout.destinationCode.flatMap { keyText[$0] }
        label = name
        code = codeText.flatMap { Int($0) }
        if name.isEmpty, codeText?.isEmpty ?? true {
            return (destinationColumn, "the row has values but no area name or code")
        }
        switch names.resolve(name: name, code: codeText) {
        case .success(let area): destination = area
        case .failure(let error): return (destinationColumn, error.reason)
        }
        origin = nil
        if layout.originName != nil || layout.originCode != nil {
            let originColumn = layout.originCode ?? layout.originName!
            switch names.resolve(name: layout.originName.flatMap { keyText[$0] } ?? "",
                                 code: layout.originCode.flatMap { keyText[$0] }) {
            case .success(let area): origin = area
            case .failure(let error): return (originColumn, "origin: " + error.reason)
            }
        }
        rowYear = layout.fixedYear
        if let column = layout.yearColumn {
            guard let year = keyText[column].flatMap(LayoutDetector.year) else {
                return (column, "year \"\(keyText[column] ?? "")\" is not a year between 1800 and 2199")
            }
            rowYear = year
        }
        rowSex = nil
        if let column = layout.sexColumn {
            guard let sex = parseSex(keyText[column] ?? "") else {
                return (column, "sex \"\(keyText[column] ?? "")\" is not total, male or female")
            }
            rowSex = sex
        }
        if fields < layout.header.count, layout.header[fields...].contains(where: { !$0.isEmpty }) {
            return (fields, "the record has \(fields) fields where the header has \(layout.header.count)")
        }
        for (column, spec) in valueColumns {
            if case .invalid(let reason) = cells[column] { return (column, reason) }
            if case .value(let value) = cells[column], measure == .migrantStock, isCountryCell(spec),
               value > Int64(UInt32.max) {
                return (column, "count is larger than \(UInt32.max), the most one cell may hold")
            }
        }
        if case .area(let area) = destination {
            let key = "\(area)/\(String(describing: origin))/\(String(describing: rowYear))/\(String(describing: rowSex))"
            if let first = seenRows[key] {
                return (destinationColumn, "the row repeats \(label.isEmpty ? codeText ?? "" : label) (first on line \(first)); it would be counted twice")
            }
        }
        return nil
    }

    private func isCountryCell(_ spec: ValueColumn) -> Bool {
        guard case .area = destination else { return false }
        switch spec.origin ?? origin ?? .unspecified {
        case .area, .unspecified: return true
        case .group, .all: return false
        }
    }

    private func store(line: Int) {
        if case .area(let area) = destination {
            seenRows["\(area)/\(String(describing: origin))/\(String(describing: rowYear))/\(String(describing: rowSex))"] = line
        }
        // Both-sexes figures with no sex split, by (year, origin).
        var split: [Int: (total: Int64?, sexed: Bool)] = [:]
        for (column, spec) in valueColumns {
            guard let year = spec.year ?? rowYear else { continue }
            let sex = spec.sex ?? rowSex ?? .total
            let end = spec.origin ?? origin ?? .unspecified
            guard case .value(let value) = cells[column] else {
                missingValues += 1
                continue
            }
            if isCountryCell(spec), case .area(let destinationArea) = destination {
                let originIndex: Int
                if case .area(let index) = end { originIndex = index } else { originIndex = unspecified }
                if measure == .population {
                    population.set(area: destinationArea, year: year, sex: sex, persons: value)
                } else {
                    guard let yearCode = columns.code(ofYear: year) else {
                        fatal = .input(SourceLocation(file: file, line: line), what: "more than 255 distinct years", hint: "")
                        return
                    }
                    columns.append(yearCode: yearCode, origin: originIndex, destination: destinationArea, sex: sex,
                                   count: UInt32(value))
                }
                let key = year * 100_000 + originIndex
                var entry = split[key] ?? (nil, false)
                if sex == .total { entry.total = value } else { entry.sexed = true }
                split[key] = entry
            } else {
                published.append(PublishedTotal(destination: destination, origin: end, label: label, code: code,
                                                year: year, sex: sex, value: value,
                                                location: SourceLocation(file: file, line: line, column: column + 1)))
            }
        }
        let hasSexColumns = valueColumns.contains { $0.spec.sex == .male || $0.spec.sex == .female }
        if hasSexColumns, case .area(let area) = destination {
            for (key, entry) in split where !entry.sexed {
                guard let total = entry.total else { continue }
                bothSexesOnly.append(BothSexesOnly(destination: area, origin: key % 100_000, year: key / 100_000, value: total))
            }
        }
    }
}
