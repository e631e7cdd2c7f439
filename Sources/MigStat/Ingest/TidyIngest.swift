import Dispatch

/// How to read an extract.
public struct IngestOptions: Sendable {
    /// `--map ROLE=COLUMN` overrides of the header recognition.
    public var columnOverrides: [ColumnRole: String] = [:]
    /// Fail on the first rejected row instead of reporting it and going on.
    public var strict = false
    public var dialect = CSVDialect.comma
    /// How many chunks a file may be cut into and parsed at once (default: the cores online).
    public var threads = activeCoreCount()
    /// A file is cut only into chunks at least this large.
    public var minimumChunkBytes = 1 << 20

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
public enum TidyIngest {
    public static func read(_ input: InputBytes, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            progress: ((Int) -> Void)? = nil) throws -> IngestReport {
        let bytes = CSVReader.content(of: input)
        let name = input.name
        guard let headerNames = try firstRecord(bytes, name: name, dialect: options.dialect) else {
            throw MigStatError.input(SourceLocation(file: name, line: 1), what: "the file is empty",
                                     hint: "give a CSV extract with a header row and data rows")
        }
        let header = try TidyHeader(names: headerNames, overrides: options.columnOverrides, file: name)
        let ranges = chunkRanges(bytes, count: max(1, min(options.threads, bytes.count / max(options.minimumChunkBytes, 1))))

        // Every chunk at once, each into its own builders.
        var runs = [ChunkRun?](repeating: nil, count: ranges.count)
        let job = UncheckedSendable(ChunkJob(bytes: bytes, name: name, header: header, reference: reference,
                                             options: options, progress: progress, chunks: ranges.count))
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

    /// The first non-empty record: the header, read by a parser of its own.
    static func firstRecord(_ bytes: UnsafeRawBufferPointer, name: String, dialect: CSVDialect) throws -> [String]? {
        final class First: CSVRecordHandler {
            var fields: [String] = []
            var done = false
            var shouldStop: Bool { done }
            func field(_ bytes: UnsafeRawBufferPointer, column: Int) {
                if !done { fields.append(String(decoding: bytes, as: UTF8.self)) }
            }
            func endRecord(line: Int, fields: Int) { done = true }
        }
        let first = First()
        let reader = CSVReader(dialect: dialect, handler: first)
        var offset = 0
        while offset < bytes.count, !first.done {
            let length = min(4096, bytes.count - offset)
            try reader.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), name: name)
            offset += length
        }
        if !first.done { try reader.finish(name: name) }
        return first.done ? first.fields : nil
    }

    /// Cuts `bytes` into up to `count` ranges, each after a newline (a candidate record start).
    static func chunkRanges(_ bytes: UnsafeRawBufferPointer, count: Int) -> [Range<Int>] {
        var starts = [0]
        if count > 1, let base = bytes.baseAddress {
            for part in 1..<count {
                let from = max(bytes.count / count * part, starts[starts.count - 1])
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
    let reference: ReferenceData
    let options: IngestOptions
    let progress: ((Int) -> Void)?
    let chunks: Int

    func run(_ range: Range<Int>, reportsProgress: Bool) -> ChunkRun {
        // The first chunk reports for all: the chunks are of a size and run at once.
        let scaled: ((Int) -> Void)? = reportsProgress ? progress.map { report in { report($0 * chunks) } } : nil
        return ChunkRun(bytes, range: range, name: name, header: header, reference: reference, options: options,
                        progress: scaled)
    }
}

/// One chunk's parse: its reader (kept for its end state), its builders and its error.
final class ChunkRun {
    let range: Range<Int>
    let builder: TidyBuilder
    let reader: CSVReader
    var error: Error?

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, name: String, header: TidyHeader,
         reference: ReferenceData, options: IngestOptions, progress: ((Int) -> Void)?) {
        self.range = range
        builder = TidyBuilder(file: name, reference: reference, options: options, header: header,
                              skipFirstRecord: range.lowerBound == 0)
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

    init(file: String, reference: ReferenceData, options: IngestOptions, header: TidyHeader, skipFirstRecord: Bool) {
        state = .allocate(capacity: 1)
        state.initialize(to: TidyState(file: file, reference: reference, options: options, header: header,
                                       skipFirstRecord: skipFirstRecord))
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

/// The rows of one year as read from one chunk.
struct YearPart {
    var origin = ColumnBuilder<UInt16>()
    var destination = ColumnBuilder<UInt16>()
    var age: ColumnBuilder<UInt8>?
    /// Long files: the sex of each row.
    var sex: ColumnBuilder<UInt8>?
    /// Wide files: a builder per sex the header can give (by `Sex.rawValue`); long files: [count].
    var counts: [ColumnBuilder<UInt32>?]

    func discard() {
        origin.discard()
        destination.discard()
        age?.discard()
        sex?.discard()
        for column in counts { column?.discard() }
    }
}

struct TidyState {
    let file: String
    let reference: ReferenceData
    let options: IngestOptions
    let header: TidyHeader
    private var skipFirstRecord: Bool

    var fatal: MigStatError?
    var recordsRead = 0
    var rejections: [Rejection] = []
    var rejectedCount = 0
    var missingValues = 0

    /// Role of each column; nil for the columns no role took.
    private var roleOfColumn: [ColumnRole?]
    private let geography: Geography
    private let isLong: Bool
    /// Wide files: which sexes the header gives a count for (total also when it is male + female).
    private let wideSexes: [Bool]
    private let hasCountColumn: Bool
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

    /// Year - 1800 → index into `parts`, -1 before the year is seen.
    private var partOfYear = [Int16](repeating: -1, count: 400)
    private(set) var years: [Int] = []
    private(set) var parts: [YearPart] = []
    /// Sexes with at least one figure.
    private(set) var sexesSeen = [false, false, false]
    /// Age groups as written (trimmed bytes) → local code; their labels by code.
    private var ageSpellings: [[UInt8]] = []
    private var ageCodeOfSpelling: [Int] = []
    private(set) var ageLabels: [String] = []
    /// The first line of an all-ages ("total") row and of an age-group row, for the check that
    /// a file does not give both (they would be counted twice).
    private(set) var firstTotalAgeLine: Int?
    private(set) var firstAgeGroupLine: Int?
    /// Area names already resolved, so a name costs one dictionary lookup after its first sight.
    private var areaCache: [String: Int] = [:]

    init(file: String, reference: ReferenceData, options: IngestOptions, header: TidyHeader, skipFirstRecord: Bool) {
        self.file = file
        self.reference = reference
        self.options = options
        self.header = header
        self.skipFirstRecord = skipFirstRecord
        geography = reference.geography
        roleOfColumn = [ColumnRole?](repeating: nil, count: header.names.count)
        for (role, column) in header.columnOfRole { roleOfColumn[column] = role }
        let roles = header.columnOfRole
        isLong = roles[.sex] != nil
        hasCountColumn = roles[.count] != nil
        countColumn = [roles[.count] ?? -1, roles[.countMale] ?? -1, roles[.countFemale] ?? -1]
        wideSexes = [roles[.count] != nil || (roles[.countMale] != nil && roles[.countFemale] != nil),
                     roles[.countMale] != nil, roles[.countFemale] != nil]
    }

    mutating func field(_ bytes: UnsafeRawBufferPointer, column: Int) {
        guard !skipFirstRecord, problem == nil, column < roleOfColumn.count else { return }
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
            guard let parsed = parseSex(text(bytes)) else {
                return reject(column, "sex \"\(text(bytes))\" is not total, male or female")
            }
            sex = parsed
        case .count:
            counts.total = parseCount(bytes)
        case .countMale:
            counts.male = parseCount(bytes)
        case .countFemale:
            counts.female = parseCount(bytes)
        case .age:
            age = ageCode(bytes, column: column)
        }
    }

    mutating func endRecord(line: Int, fields: Int) {
        defer { resetRecord() }
        if skipFirstRecord {
            skipFirstRecord = false
            return
        }
        recordsRead += 1
        if fields != header.names.count, problem == nil {
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
            rejectedCount += 1
            return noteRejection(Rejection(location: SourceLocation(file: file, line: line, column: problem.column + 1),
                                           reason: problem.reason))
        }
        if age >= 0 {
            if ageLabels[age] == totalAge {
                if firstTotalAgeLine == nil { firstTotalAgeLine = line }
            } else if firstAgeGroupLine == nil {
                firstAgeGroupLine = line
            }
        }
        if isLong {
            guard case .value(let count) = counts.total else {
                missingValues += 1
                return
            }
            let index = part(for: year)
            appendKey(index)
            parts[index].sex!.append(sex.rawValue)
            parts[index].counts[0]!.append(count)
            sexesSeen[Int(sex.rawValue)] = true
            return
        }
        var total = counts.total
        if !hasCountColumn, case .value(let male) = counts.male, case .value(let female) = counts.female {
            // Files that give only the two sexes: the total is their sum.
            let sum = UInt64(male) + UInt64(female)
            guard sum <= UInt64(UInt32.max) else {
                rejectedCount += 1
                return noteRejection(Rejection(location: SourceLocation(file: file, line: line, column: countColumn[1] + 1),
                                               reason: "male + female is larger than \(UInt32.max)"))
            }
            total = .value(UInt32(sum))
        }
        if hasCountColumn, total == .missing { missingValues += 1 }
        if countColumn[1] >= 0, counts.male == .missing { missingValues += 1 }
        if countColumn[2] >= 0, counts.female == .missing { missingValues += 1 }
        guard total != .missing || counts.male != .missing || counts.female != .missing else { return }
        let index = part(for: year)
        appendKey(index)
        appendCount(index, 0, total)
        appendCount(index, 1, counts.male)
        appendCount(index, 2, counts.female)
    }

    @inline(__always) private mutating func appendCount(_ index: Int, _ sex: Int, _ value: CountField) {
        guard wideSexes[sex] else { return }
        if case .value(let count) = value {
            parts[index].counts[sex]!.append(count)
            sexesSeen[sex] = true
        } else {
            parts[index].counts[sex]!.append(0)
        }
    }

    private mutating func noteRejection(_ rejection: Rejection) {
        if options.strict {
            fatal = .input(rejection.location, what: rejection.reason,
                           hint: "correct the row, or drop --strict to report bad rows and go on")
        } else if rejections.count < 10_000 {
            rejections.append(rejection)
        }
    }

    @inline(__always) private mutating func appendKey(_ index: Int) {
        parts[index].origin.append(UInt16(origin))
        parts[index].destination.append(UInt16(destination))
        if age >= 0 { parts[index].age!.append(UInt8(age)) }
    }

    private mutating func part(for year: Int) -> Int {
        let known = partOfYear[year - 1800]
        if known >= 0 { return Int(known) }
        partOfYear[year - 1800] = Int16(parts.count)
        years.append(year)
        let hasAge = roleOfColumn.contains(.age)
        parts.append(YearPart(age: hasAge ? ColumnBuilder() : nil, sex: isLong ? ColumnBuilder() : nil,
                              counts: isLong ? [ColumnBuilder()] : wideSexes.map { $0 ? ColumnBuilder() : nil }))
        return parts.count - 1
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
    mutating func discard() {
        for part in parts { part.discard() }
        parts = []
    }

    /// The chunk's rows as a table (years and age groups in the order first seen); the builders
    /// are handed over. Wide data keeps a column for every sex the header can give, so that
    /// joining chunks lines them up; the join drops the sexes no chunk has figures for.
    mutating func table() -> MigrantTable {
        let segments = parts.enumerated().map { yearCode, part in
            let counts: SegmentCounts = if let sex = part.sex {
                .long(sex: sex.finish(), count: part.counts[0]!.finish())
            } else {
                .wide(part.counts.map { $0?.finish() })
            }
            return Segment(yearCode: yearCode, origin: part.origin.finish(), destination: part.destination.finish(),
                           age: part.age?.finish(), counts: counts)
        }
        parts = []
        return MigrantTable(years: years, ages: header.columnOfRole[.age] == nil ? nil : ageLabels,
                            sexes: Set(Sex.allCases.filter { sexesSeen[Int($0.rawValue)] }), segments: segments)
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
            for var rejection in state.pointee.rejections where rejections.count < 10_000 {
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
                            rejectedCount: states.reduce(0) { $0 + $1.pointee.rejectedCount },
                            missingValues: states.reduce(0) { $0 + $1.pointee.missingValues }, chunks: chunks.count)
    }
}
