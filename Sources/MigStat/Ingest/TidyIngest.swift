/// How to read an extract.
public struct IngestOptions: Sendable {
    /// `--map ROLE=COLUMN` overrides of the header recognition.
    public var columnOverrides: [ColumnRole: String] = [:]
    /// Fail on the first rejected row instead of reporting it and going on.
    public var strict = false
    public var dialect = CSVDialect.comma
    public var decimalMark = DecimalMark.point
    /// Declared by the user; nil means detect.
    public var encoding: TextEncoding?
    public var delimiter: UInt8?
    public var declaredDecimalMark: DecimalMark?
    public var layout: LayoutKind?
    /// The year of a matrix file that has no year column (`--data-year`).
    public var dataYear: Int?
    /// The edition a user gives a plain extract (`--edition-label`), shown with its figures.
    public var editionLabel: String?
    /// The line of the header row, when title rows come before it.
    var headerLine = 1

    public init(columnOverrides: [ColumnRole: String] = [:], strict: Bool = false) {
        self.columnOverrides = columnOverrides
        self.strict = strict
    }
}

/// The outcome of reading one extract: the table and everything that was not taken into it.
public struct IngestReport: Sendable {
    public var table: MigrantTable
    public var header: TidyHeader
    public var recordsRead: Int
    public var rejections: [Rejection]
    public var rejectedCount: Int
    /// Count cells the publisher marks "not available" ("..", empty).
    public var missingValues: Int
}

/// Reads a tidy long extract (one observation per record) straight from libcsv's callbacks into
/// column builders: no row objects, no String per field on the code and count paths.
public enum TidyIngest {
    public static func read(_ input: InputBytes, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            progress: ((Int) -> Void)? = nil) throws -> IngestReport {
        let builder = TidyBuilder(file: input.name, reference: reference, options: options)
        defer { builder.discardIfUnfinished() }
        try CSVReader(dialect: options.dialect, handler: builder).parse(input, progress: progress)
        if let fatal = builder.fatal { throw fatal }
        guard let header = builder.header else {
            throw MigStatError.input(SourceLocation(file: input.name, line: 1), what: "the file is empty",
                                     hint: "give a CSV extract with a header row and data rows")
        }
        if builder.recordsRead == 0 {
            throw MigStatError.input(SourceLocation(file: input.name, line: 2), what: "the file has a header but no data rows",
                                     hint: "check that the export is complete")
        }
        return IngestReport(table: builder.finish(), header: header, recordsRead: builder.recordsRead,
                            rejections: builder.rejections, rejectedCount: builder.rejectedCount,
                            missingValues: builder.missingValues)
    }
}

final class TidyBuilder: CSVRecordHandler {
    private let file: String
    private let reference: ReferenceData
    private let options: IngestOptions

    private(set) var header: TidyHeader?
    private var headerFields: [String] = []
    private(set) var fatal: MigStatError?
    private(set) var recordsRead = 0
    private var log: RejectionLog
    var rejections: [Rejection] { log.rejections }
    var rejectedCount: Int { log.count }
    private(set) var missingValues = 0

    /// Role of each column, as a small integer for the per-field switch; `ignoredRole` for the rest.
    private var roleOfColumn: [UInt8] = []
    private static let ignoredRole: UInt8 = 255
    private static let roleOrder = ColumnRole.allCases

    // The record being read.
    private var year: Int = -1
    private var origin = -1
    private var destination = -1
    private var sex = Sex.total
    private var counts: (total: CountField, male: CountField, female: CountField) = (.missing, .missing, .missing)
    private var problem: (column: Int, reason: String)?

    /// Area names already resolved, so a name costs one dictionary lookup after its first sight.
    private var areaCache: [String: Int] = [:]

    private var columns = MigrantTableBuilder()

    init(file: String, reference: ReferenceData, options: IngestOptions) {
        log = RejectionLog(file: file, strict: options.strict)
        self.file = file
        self.reference = reference
        self.options = options
    }

    var shouldStop: Bool { fatal != nil }

    func field(_ bytes: UnsafeRawBufferPointer, column: Int) {
        guard header != nil else {
            headerFields.append(String(decoding: bytes, as: UTF8.self))
            return
        }
        guard problem == nil, column < roleOfColumn.count else { return }
        let role = roleOfColumn[column]
        if role == Self.ignoredRole { return }
        switch Self.roleOrder[Int(role)] {
        case .year:
            guard let value = parseSmallInteger(bytes), (1800..<2200).contains(value) else {
                return reject(column, "year \"\(text(bytes))\" is not a year between 1800 and 2199")
            }
            year = value
        case .origin:
            origin = resolveArea(bytes, column: column)
        case .destination:
            destination = resolveArea(bytes, column: column)
        case .sex:
            guard let parsed = parseSex(text(bytes)) else {
                return reject(column, "sex \"\(text(bytes))\" is not total, male or female")
            }
            sex = parsed
        case .count:
            counts.total = parseCount(bytes, options.decimalMark)
        case .countMale:
            counts.male = parseCount(bytes, options.decimalMark)
        case .countFemale:
            counts.female = parseCount(bytes, options.decimalMark)
        }
    }

    func endRecord(line: Int, fields: Int) {
        defer { resetRecord() }
        guard let header else {
            guard line >= options.headerLine else {
                headerFields.removeAll()
                return
            }
            do {
                let parsed = try TidyHeader(names: headerFields, overrides: options.columnOverrides, file: file)
                roleOfColumn = [UInt8](repeating: Self.ignoredRole, count: headerFields.count)
                for (role, column) in parsed.columnOfRole {
                    roleOfColumn[column] = UInt8(Self.roleOrder.firstIndex(of: role)!)
                }
                self.header = parsed
            } catch let error as MigStatError {
                fatal = error
            } catch {
                fatal = .input(SourceLocation(file: file, line: line), what: "\(error)", hint: "")
            }
            return
        }
        recordsRead += 1
        if fields != header.names.count, problem == nil {
            problem = (min(fields, header.names.count),
                       "the record has \(fields) fields where the header has \(header.names.count)")
        }
        for (column, value) in [(ColumnRole.count, counts.total), (.countMale, counts.male), (.countFemale, counts.female)] {
            if case .invalid(let reason) = value, problem == nil { problem = (header.columnOfRole[column]!, reason) }
        }
        if let problem {
            fatal = log.reject(line: line, column: problem.column, reason: problem.reason)
            return
        }
        guard let yearCode = columns.code(ofYear: year) else {
            fatal = .input(SourceLocation(file: file, line: line), what: "more than 255 distinct years", hint: "")
            return
        }
        if header.columnOfRole[.sex] != nil {
            append(yearCode, sex, counts.total)
        } else {
            var total = counts.total
            if total == .missing, case .value(let male) = counts.male, case .value(let female) = counts.female {
                // Files that give only the two sexes: the total is their sum.
                let sum = UInt64(male) + UInt64(female)
                total = sum <= UInt64(UInt32.max) ? .value(UInt32(sum)) : .invalid("total overflows")
            }
            append(yearCode, .total, total)
            append(yearCode, .male, counts.male)
            append(yearCode, .female, counts.female)
        }
    }

    @inline(__always) private func append(_ yearCode: Int16, _ sex: Sex, _ value: CountField) {
        guard case .value(let count) = value else {
            if value == .missing, header?.columnOfRole[roleFor(sex)] != nil { missingValues += 1 }
            return
        }
        columns.append(yearCode: yearCode, origin: origin, destination: destination, sex: sex, count: count)
    }

    private func roleFor(_ sex: Sex) -> ColumnRole {
        guard header?.columnOfRole[.sex] == nil else { return .count }
        switch sex {
        case .total: return .count
        case .male: return .countMale
        case .female: return .countFemale
        }
    }

    private func resetRecord() {
        year = -1
        origin = -1
        destination = -1
        sex = .total
        counts = (.missing, .missing, .missing)
        problem = nil
    }

    private func reject(_ column: Int, _ reason: String) {
        if problem == nil { problem = (column, reason) }
    }

    private func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingSpaces()
    }

    /// ISO3 codes and M49 numbers by array lookup; names through the name index, once each.
    private func resolveArea(_ bytes: UnsafeRawBufferPointer, column: Int) -> Int {
        let geography = reference.geography
        if let index = geography.area(iso3: bytes) { return index }
        if let code = parseSmallInteger(bytes), let index = geography.area(m49: code) { return index }
        let name = text(bytes)
        if let index = areaCache[name] { return index }
        let matches = reference.names.lookup(name)
        let areas = matches.compactMap { entity -> Int? in
            if case .area(let index) = entity { return index }
            return nil
        }
        if areas.count == 1 {
            areaCache[name] = areas[0]
            return areas[0]
        }
        if name.isEmpty {
            reject(column, "the area is empty")
        } else if areas.count > 1 {
            reject(column, "area \"\(name)\" is ambiguous; use its ISO3 or M49 code")
        } else if !matches.isEmpty {
            reject(column, "\"\(name)\" is a group, not a country or area; extracts hold countries, migstat sums the groups")
        } else {
            let near = reference.names.suggestions(for: name).map { "\"\($0)\"" }.joined(separator: ", ")
            reject(column, "unknown area \"\(name)\"" + (near.isEmpty ? "" : "; closest: \(near)"))
        }
        return -1
    }

    func finish() -> MigrantTable { columns.finish() }

    func discardIfUnfinished() { columns.discardIfUnfinished() }
}
