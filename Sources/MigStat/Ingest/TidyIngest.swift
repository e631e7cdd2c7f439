import Dispatch

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
    /// How many chunks a file may be cut into and parsed at once (default: the cores online).
    public var threads = activeCoreCount()
    /// A file is cut only into chunks at least this large.
    public var minimumChunkBytes = 1 << 20
    /// Guards for untrusted input (`--max-rows`, `--max-bytes`).
    public var limits = IngestLimits()
    /// Add up rows that repeat a key instead of refusing the file (`--sum-duplicates`).
    public var sumDuplicates = false
    /// Set on the re-read that finds the lines of rows named in an error (`KeyCheck`).
    var rowLines: RowLines?

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
    /// How many chunks were parsed on their own (1: a single pass).
    public var chunks: Int
}

/// Reads a tidy long extract (one observation per record) straight from libcsv's callbacks into
/// column builders: no row objects, no String per field on the code and count paths.
///
/// Large files are cut into one chunk per core, each parsed by its own libcsv parser. A cut is
/// placed after a newline; whether that newline ended a record or sat inside a quoted field is
/// decided by libcsv itself: the parser of the chunk before must end the chunk between records
/// (`CSVReader.atRecordBoundary`). Chunk 0 starts at the file's start, so by induction every
/// accepted chunk starts at a record. A chunk that fails the check is parsed again together with
/// the chunk before it, from that chunk's (proven) start. Line numbers are rebased per chunk.
/// Title rows before the header (`IngestOptions.headerLine`) stay in chunk 0: no cut is placed
/// before the end of the header.
public enum TidyIngest {
    public static func read(_ input: InputBytes, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            progress: ((Int) -> Void)? = nil) throws -> IngestReport {
        let bytes = CSVReader.content(of: input)
        let name = input.name
        guard let first = try headerRecord(bytes, name: name, dialect: options.dialect, line: options.headerLine) else {
            throw MigStatError.input(SourceLocation(file: name, line: options.headerLine), what: "the file is empty",
                                     hint: "give a CSV extract with a header row and data rows")
        }
        let header = try TidyHeader(names: first.fields, overrides: options.columnOverrides, file: name)
        let ranges = chunkRanges(bytes, count: max(1, min(options.threads, bytes.count / max(options.minimumChunkBytes, 1))),
                                 after: first.end)

        // Every chunk at once, each into its own builders.
        var runs = [ChunkRun?](repeating: nil, count: ranges.count)
        let job = UncheckedSendable(ChunkJob(bytes: bytes, name: name, header: header, headerLine: first.line,
                                             reference: reference, options: options, progress: progress,
                                             chunks: ranges.count))
        runs.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedSendable(slots)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
                slots.value[index] = job.value.run(ranges[index], reportsProgress: index == 0)
            }
        }
        // In file order: accept a chunk when the one before ended between records.
        var accepted: [(run: ChunkRun, lineOffset: Int)] = [(runs[0]!, 0)]
        for index in 1..<runs.count {
            let (current, offset) = accepted[accepted.count - 1]
            if current.failed { break }
            if current.reader.atRecordBoundary {
                accepted.append((runs[index]!, offset + current.reader.line - 1))
            } else {
                let joined = current.range.lowerBound..<ranges[index].upperBound
                accepted[accepted.count - 1].run = job.value.run(joined, reportsProgress: false)
            }
            runs[index] = nil
        }
        let (last, _) = accepted[accepted.count - 1]
        if !last.failed {
            do { try last.reader.finish(name: name) } catch { last.error = error }
        }
        for (run, offset) in accepted {
            if let error = run.error as? MigStatError ?? run.builder.state.pointee.fatal { throw error.shifted(lines: offset) }
            if let error = run.error { throw error }
        }
        progress?(bytes.count)
        return try TidyMerge.merge(accepted.map { ($0.run.builder.state, $0.lineOffset) }, header: header, name: name)
    }

    /// The header: the first non-empty record on or after line `line` (title rows come before
    /// it), read by a parser of its own; with its line and a byte offset at or after its end.
    static func headerRecord(_ bytes: UnsafeRawBufferPointer, name: String, dialect: CSVDialect,
                             line: Int) throws -> (fields: [String], line: Int, end: Int)? {
        final class First: CSVRecordHandler {
            let fromLine: Int
            var fields: [String] = []
            var line = 0
            var done = false
            init(fromLine: Int) { self.fromLine = fromLine }
            var shouldStop: Bool { done }
            func field(_ bytes: UnsafeRawBufferPointer, column: Int) {
                if !done { fields.append(String(decoding: bytes, as: UTF8.self)) }
            }
            func endRecord(line: Int, fields: Int) {
                // libcsv goes on to the end of the piece fed: the records after the header are not it.
                guard !done else { return }
                if line >= fromLine {
                    done = true
                    self.line = line
                } else {
                    self.fields.removeAll()
                }
            }
        }
        let first = First(fromLine: line)
        let reader = CSVReader(dialect: dialect, handler: first)
        var offset = 0
        while offset < bytes.count, !first.done {
            let length = min(4096, bytes.count - offset)
            try reader.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), name: name)
            offset += length
        }
        if !first.done { try reader.finish(name: name) }
        return first.done ? (first.fields, first.line, offset) : nil
    }

    /// Cuts `bytes` into up to `count` ranges, each after a newline (a candidate record start)
    /// at or after `after` (so that the first range holds the header).
    static func chunkRanges(_ bytes: UnsafeRawBufferPointer, count: Int, after: Int = 0) -> [Range<Int>] {
        var starts = [0]
        if count > 1, let base = bytes.baseAddress {
            for part in 1..<count {
                let from = max(bytes.count / count * part, starts[starts.count - 1], after)
                guard from < bytes.count, let newline = memchr(base + from, 0x0A, bytes.count - from) else { break }
                let start = UnsafeRawPointer(newline) - base + 1
                if start < bytes.count, start > starts[starts.count - 1] { starts.append(start) }
            }
        }
        return starts.indices.map { starts[$0]..<(starts.indices.contains($0 + 1) ? starts[$0 + 1] : bytes.count) }
    }
}

/// What every chunk's parse shares.
struct ChunkJob {
    let bytes: UnsafeRawBufferPointer
    let name: String
    let header: TidyHeader
    let headerLine: Int
    let reference: ReferenceData
    let options: IngestOptions
    let progress: ((Int) -> Void)?
    let chunks: Int

    func run(_ range: Range<Int>, reportsProgress: Bool) -> ChunkRun {
        // The first chunk reports for all: the chunks are of a size and run at once.
        let scaled: ((Int) -> Void)? = reportsProgress ? progress.map { report in { report($0 * chunks) } } : nil
        return ChunkRun(bytes, range: range, name: name, header: header, headerLine: range.lowerBound == 0 ? headerLine : 0,
                        reference: reference, options: options, progress: scaled)
    }
}

/// One chunk's parse: its reader (kept for its end state), its builders and its error.
final class ChunkRun {
    let range: Range<Int>
    let builder: TidyBuilder
    let reader: CSVReader
    var error: Error?

    /// `headerLine`: the header's line in a chunk that starts at the file's start (records up to
    /// it are skipped), else 0.
    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, name: String, header: TidyHeader, headerLine: Int,
         reference: ReferenceData, options: IngestOptions, progress: ((Int) -> Void)?) {
        self.range = range
        builder = TidyBuilder(file: name, reference: reference, options: options, header: header,
                              headerLine: headerLine)
        reader = CSVReader(dialect: options.dialect, handler: builder)
        do {
            try reader.feed(UnsafeRawBufferPointer(rebasing: bytes[range]), name: name, progress: progress)
        } catch {
            self.error = error
        }
    }

    var failed: Bool { error != nil || builder.state.pointee.fatal != nil }
}

#if canImport(Glibc)
import Glibc
#endif

/// Receives one chunk's records; the work is done by `TidyState`, reached through a pointer so
/// that the per-field path pays no dynamic exclusivity checks.
final class TidyBuilder: CSVRecordHandler {
    let state: UnsafeMutablePointer<TidyState>

    init(file: String, reference: ReferenceData, options: IngestOptions, header: TidyHeader, headerLine: Int) {
        state = .allocate(capacity: 1)
        state.initialize(to: TidyState(file: file, reference: reference, options: options, header: header,
                                       headerLine: headerLine))
    }

    deinit {
        state.pointee.discard()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    var shouldStop: Bool { state.pointee.fatal != nil }
    func field(_ bytes: UnsafeRawBufferPointer, column: Int) { state.pointee.field(bytes, column: column) }
    func endRecord(line: Int, fields: Int) { state.pointee.endRecord(line: line, fields: fields) }
}

struct TidyState {
    let file: String
    let reference: ReferenceData
    let options: IngestOptions
    let header: TidyHeader
    /// Records up to this line are the header and title rows above it (0: none in this chunk).
    private let headerLine: Int
    /// `options.limits.maxRows` (Int.max: none) and `options.rowLines`, held apart so that the
    /// per-row path reads an Int and a nil reference instead of going through `options`.
    private let maxRows: Int
    private let rowLines: RowLines?
    private var skipping: Bool

    var fatal: MigStatError?
    var recordsRead = 0
    private(set) var log: RejectionLog
    var missingValues = 0

    /// Role of each column; nil for the columns no role took.
    private var roleOfColumn: [ColumnRole?]
    private let geography: Geography
    private let isLong: Bool
    private let hasCountColumn: Bool
    private let decimalMark: DecimalMark
    /// The column of the total, male and female counts; -1 where the header has none.
    private let countColumn: [Int]

    // The record being read.
    private var year: Int = -1
    private var origin = -1
    private var destination = -1
    private var age = -1
    private var sex = Sex.total
    private var counts: (total: CountField, male: CountField, female: CountField) = (.missing, .missing, .missing)
    private var problem: (column: Int, reason: String)?

    private var columns: MigrantTableBuilder
    /// Age groups as written (trimmed bytes) → local code; their labels by code.
    private var ageSpellings: [[UInt8]] = []
    private var ageCodeOfSpelling: [Int] = []
    /// The short spellings of the sexes and age groups seen, by their bytes: no String per row.
    private var sexSpellings = SpellingCache()
    private var shortAgeSpellings = SpellingCache()
    private(set) var ageLabels: [String] = []
    /// The first line of an all-ages ("total") row and of an age-group row, for the check that
    /// a file does not give both (they would be counted twice).
    private(set) var firstTotalAgeLine: Int?
    private(set) var firstAgeGroupLine: Int?
    /// Area names already resolved, so a name costs one dictionary lookup after its first sight.
    private var areaCache: [String: Int] = [:]

    init(file: String, reference: ReferenceData, options: IngestOptions, header: TidyHeader, headerLine: Int) {
        self.file = file
        self.reference = reference
        self.options = options
        self.header = header
        self.headerLine = headerLine
        maxRows = options.limits.maxRows ?? .max
        rowLines = options.rowLines
        skipping = headerLine > 0
        log = RejectionLog(file: file, strict: options.strict)
        decimalMark = options.decimalMark
        geography = reference.geography
        roleOfColumn = [ColumnRole?](repeating: nil, count: header.names.count)
        for (role, column) in header.columnOfRole { roleOfColumn[column] = role }
        let roles = header.columnOfRole
        isLong = roles[.sex] != nil
        hasCountColumn = roles[.count] != nil
        countColumn = [roles[.count] ?? -1, roles[.countMale] ?? -1, roles[.countFemale] ?? -1]
        // Wide files: the sexes the header gives a count for (total also when it is male + female).
        let wideSexes = [roles[.count] != nil || (roles[.countMale] != nil && roles[.countFemale] != nil),
                         roles[.countMale] != nil, roles[.countFemale] != nil]
        columns = MigrantTableBuilder(wideSexes: isLong ? nil : wideSexes, hasAge: roles[.age] != nil)
    }

    mutating func field(_ bytes: UnsafeRawBufferPointer, column: Int) {
        guard !skipping, problem == nil, column < roleOfColumn.count else { return }
        guard let role = roleOfColumn[column] else { return }
        switch role {
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
            if let code = sexSpellings.code(bytes) {
                sex = Sex(rawValue: UInt8(code))!
                return
            }
            guard let parsed = parseSex(text(bytes)) else {
                return reject(column, "sex \"\(text(bytes))\" is not total, male or female")
            }
            sexSpellings.insert(bytes, code: Int(parsed.rawValue))
            sex = parsed
        case .count:
            counts.total = parseCount(bytes, decimalMark)
        case .countMale:
            counts.male = parseCount(bytes, decimalMark)
        case .countFemale:
            counts.female = parseCount(bytes, decimalMark)
        case .age:
            age = ageCode(bytes, column: column)
        }
    }

    mutating func endRecord(line: Int, fields: Int) {
        defer { resetRecord() }
        if skipping {
            // Title rows, then the header itself.
            if line >= headerLine { skipping = false }
            return
        }
        recordsRead += 1
        if recordsRead > maxRows {
            fatal = InputChecks.tooManyRows(file, maxRows)
            return
        }
        if fields != header.names.count {  // before a field's problem: a short row's fields are out of place
            problem = (min(fields, header.names.count),
                       "the record has \(fields) fields where the header has \(header.names.count)")
        }
        if problem == nil, counts.total.isInvalid || counts.male.isInvalid || counts.female.isInvalid {
            for (sex, value) in [counts.total, counts.male, counts.female].enumerated() {
                if case .invalid(let reason) = value {
                    problem = (countColumn[sex], reason)
                    break
                }
            }
        }
        if let problem {
            fatal = log.reject(line: line, column: problem.column, reason: problem.reason)
            return
        }
        if age >= 0 {
            if ageLabels[age] == totalAge {
                if firstTotalAgeLine == nil { firstTotalAgeLine = line }
            } else if firstAgeGroupLine == nil {
                firstAgeGroupLine = line
            }
        }
        guard let part = columns.part(forYear: year) else {  // the year field was checked: not reached
            fatal = log.reject(line: line, column: header.columnOfRole[.year] ?? 0, reason: "the record has no year")
            return
        }
        if isLong {
            guard case .value(let count) = counts.total else {
                missingValues += 1
                return
            }
            columns.append(part, origin: origin, destination: destination, age: age, sex: sex, count: count)
            rowLines?.add(year: year, line: line)
            return
        }
        var total = counts.total
        if total == .missing, case .value(let male) = counts.male, case .value(let female) = counts.female {
            // Files that give only the two sexes (or leave the total out): the total is their sum.
            let sum = UInt64(male) + UInt64(female)
            guard sum <= UInt64(UInt32.max) else {
                fatal = log.reject(line: line, column: countColumn[1], reason: "male + female is larger than \(UInt32.max)")
                return
            }
            total = .value(UInt32(sum))
        }
        if hasCountColumn, total == .missing { missingValues += 1 }
        if countColumn[1] >= 0, counts.male == .missing { missingValues += 1 }
        if countColumn[2] >= 0, counts.female == .missing { missingValues += 1 }
        guard total != .missing || counts.male != .missing || counts.female != .missing else { return }
        if case .value(let t) = counts.total, case .value(let m) = counts.male, case .value(let f) = counts.female,
           let reason = InputChecks.sexMismatch(total: t, male: m, female: f) {
            fatal = log.reject(line: line, column: countColumn[0], reason: reason)
            return
        }
        columns.append(part, origin: origin, destination: destination, age: age,
                       total: total, male: counts.male, female: counts.female)
        rowLines?.add(year: year, line: line)
    }

    private mutating func resetRecord() {
        year = -1
        origin = -1
        destination = -1
        age = -1
        sex = .total
        counts = (.missing, .missing, .missing)
        problem = nil
    }

    private mutating func reject(_ column: Int, _ reason: String) {
        if problem == nil { problem = (column, reason) }
    }

    private func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingSpaces()
    }

    /// The local code of an age group; a spelling seen before costs a byte comparison.
    private mutating func ageCode(_ bytes: UnsafeRawBufferPointer, column: Int) -> Int {
        if let code = shortAgeSpellings.code(bytes) { return code }
        for (index, spelling) in ageSpellings.enumerated() where spelling.count == bytes.count {
            if spelling.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                return ageCodeOfSpelling[index]
            }
        }
        let label = canonicalAge(text(bytes))
        guard !label.isEmpty, ageSpellings.count < 250 else {
            reject(column, label.isEmpty ? "the age group is empty" : "more than 250 different age groups")
            return -1
        }
        let code = ageLabels.firstIndex(of: label) ?? ageLabels.count
        if code == ageLabels.count { ageLabels.append(label) }
        ageSpellings.append(Array(bytes))
        ageCodeOfSpelling.append(code)
        shortAgeSpellings.insert(bytes, code: code)
        return code
    }

    /// ISO3 codes and M49 numbers by array lookup; names through the name index, once each.
    private mutating func resolveArea(_ bytes: UnsafeRawBufferPointer, column: Int) -> Int {
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

    /// Frees the builders of a chunk that was not merged (or whose columns were handed on).
    mutating func discard() { columns.discard() }

    /// The chunk's rows as a table (years and age groups in the order first seen); the builders
    /// are handed over.
    mutating func table() -> MigrantTable {
        columns.finish(ages: header.columnOfRole[.age] == nil ? nil : ageLabels, unspecifiedOrigin: geography.unspecifiedOrigin)
    }
}

/// "0-4", " 5–9 ", "100+" → "0-4", "5-9", "100+"; "Total", "All ages", "todas las edades" → "total".
func canonicalAge(_ text: String) -> String {
    let key = nameKey(text)
    if ["total", "all", "all ages", "todas", "todas las edades", "total edades"].contains(key) { return totalAge }
    return String(text.lowercased().compactMap { $0 == " " ? nil : $0 == "–" ? "-" : $0 })
}

/// Joins the chunks of one file, in file order, into one table (a year's rows in file order),
/// with line numbers rebased.
enum TidyMerge {
    static func merge(_ chunks: [(state: UnsafeMutablePointer<TidyState>, lineOffset: Int)], header: TidyHeader,
                      name: String) throws -> IngestReport {
        let states = chunks.map(\.state)
        var rejections: [Rejection] = []
        for (state, offset) in chunks {
            for var rejection in state.pointee.log.rejections where rejections.count < RejectionLog.kept {
                rejection.location.line += offset
                rejections.append(rejection)
            }
        }
        let recordsRead = states.reduce(0) { $0 + $1.pointee.recordsRead }
        if recordsRead == 0 {
            throw MigStatError.input(SourceLocation(file: name, line: 2), what: "the file has a header but no data rows",
                                     hint: "check that the export is complete")
        }
        let totalLine = chunks.lazy.compactMap { chunk in chunk.state.pointee.firstTotalAgeLine.map { $0 + chunk.lineOffset } }.first
        let groupLine = chunks.lazy.compactMap { chunk in chunk.state.pointee.firstAgeGroupLine.map { $0 + chunk.lineOffset } }.first
        if let totalLine, let groupLine {
            throw MigStatError.input(
                SourceLocation(file: name, line: max(totalLine, groupLine)),
                what: "the file gives both age groups (line \(groupLine)) and all-ages totals (line \(totalLine)); summing both would count people twice",
                hint: "remove the all-ages rows (migstat sums the age groups), or the age-group rows")
        }
        let table = try MigrantTable.joined(states.map { $0.pointee.table() })
        return IngestReport(table: table, header: header, recordsRead: recordsRead, rejections: rejections,
                            rejectedCount: states.reduce(0) { $0 + $1.pointee.log.count },
                            missingValues: states.reduce(0) { $0 + $1.pointee.missingValues }, chunks: chunks.count)
    }
}
