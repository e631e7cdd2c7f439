import CLibCSV
#if canImport(Glibc)
import Glibc
#endif

/// Receives the records libcsv finds. Fields arrive as raw bytes, valid only during the call,
/// so a consumer can parse numbers and codes without building a String per field.
public protocol CSVRecordHandler: AnyObject {
    /// One field of the current record; `column` is 0-based.
    func field(_ bytes: UnsafeRawBufferPointer, column: Int)
    /// The end of a non-empty record that started on `line` (1-based) and had `fields` fields.
    func endRecord(line: Int, fields: Int)
    /// Checked between chunks: true stops the parse (a fatal error, a row limit).
    var shouldStop: Bool { get }
}

/// The delimiter and quote of a CSV dialect.
public struct CSVDialect: Sendable, Equatable {
    public var delimiter: UInt8
    public var quote: UInt8

    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\"")) {
        self.delimiter = delimiter
        self.quote = quote
    }

    public static let comma = CSVDialect()
}

/// Drives libcsv over a byte buffer and tracks physical line numbers, so every diagnostic can
/// say file:line:column even when quoted fields hold newlines or the file has blank lines.
/// A reader can be fed a file in pieces (`feed`, then `finish`): parallel ingest gives each
/// chunk its own reader and asks libcsv itself whether a chunk ended between records.
public final class CSVReader {
    /// Per-field state, behind a pointer: stored properties of a class pay a dynamic
    /// exclusivity check on every access, which on this path cost a quarter of the parse.
    struct Position {
        var column = 0
        var line = 1
        var recordLine = 1
        var lastTerminatorWasCR = false
    }

    private let parser: UnsafeMutablePointer<csv_parser>
    private let position: UnsafeMutablePointer<Position>
    /// A strong `let`: a call through it borrows the reference (an `unowned` one, even
    /// unsafe, was copied out as a retain and a release per field). The handler holds no
    /// reference back to the reader, so there is no cycle.
    private let handler: any CSVRecordHandler

    public init(dialect: CSVDialect = .comma, handler: any CSVRecordHandler) {
        parser = .allocate(capacity: 1)
        // Strict: a stray quote inside an unquoted field, or an unterminated quote at the end,
        // is an error rather than a guess. REPALL_NL: every line end reaches us, for line numbers.
        _ = csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL))
        csv_set_delim(parser, dialect.delimiter)
        csv_set_quote(parser, dialect.quote)
        position = .allocate(capacity: 1)
        position.initialize(to: Position())
        self.handler = handler
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        position.deallocate()
    }

    /// The line the reader is on: after a whole file, one more than its line count.
    public var line: Int { position.pointee.line }

    /// True when everything fed so far ends exactly at the end of a record: libcsv's own state
    /// machine is between rows (not inside a field, quoted or not). This is what proves that a
    /// chunk boundary chosen after a newline is a record boundary and not a newline inside quotes.
    public var atRecordBoundary: Bool { parser.pointee.pstate == 0 }

    /// Parses all of `input` (a leading UTF-8 byte-order mark is skipped), calling `progress`
    /// with the bytes done after each chunk. Throws on malformed quoting, with the location.
    public func parse(_ input: InputBytes, progress: ((Int) -> Void)? = nil) throws {
        let bytes = Self.content(of: input)
        try feed(bytes, name: input.name, progress: progress)
        if handler.shouldStop { return }
        try finish(name: input.name)
    }

    /// The bytes of an input after a leading UTF-8 byte-order mark.
    public static func content(of input: InputBytes) -> UnsafeRawBufferPointer {
        let bytes = input.bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return UnsafeRawBufferPointer(rebasing: bytes[3...])
        }
        return bytes
    }

    /// Parses the next piece of a file; stops early when the handler asks to.
    public func feed(_ bytes: UnsafeRawBufferPointer, name: String, progress: ((Int) -> Void)? = nil) throws {
        let firstLine = position.pointee.line
        let chunk = 1 << 20
        var offset = 0
        let context = Unmanaged.passUnretained(self).toOpaque()
        while offset < bytes.count {
            let length = min(chunk, bytes.count - offset)
            let done = csv_parse(parser, bytes.baseAddress! + offset, length, csvFieldCallback, csvRecordCallback, context)
            if done != length {
                throw malformed(name, at: offset + done, in: bytes, firstLine: firstLine)
            }
            if parser.pointee.entry_pos > IngestLimits.maxFieldBytes { throw oversizedField(name) }
            offset += length
            progress?(offset)
            if handler.shouldStop { return }
        }
    }

    /// Ends the file: the last record may lack a line end; an open quote is an error.
    public func finish(name: String) throws {
        let context = Unmanaged.passUnretained(self).toOpaque()
        if csv_fini(parser, csvFieldCallback, csvRecordCallback, context) != 0 {
            throw MigStatError.input(
                SourceLocation(file: name, line: position.pointee.recordLine, column: position.pointee.column + 1),
                what: "a quoted field is not closed before the end of the file",
                hint: "add the closing quote, or check that the file is complete")
        }
    }

    @inline(__always)
    fileprivate func onField(_ pointer: UnsafeMutableRawPointer?, _ length: Int) {
        let state = position
        if state.pointee.column == 0 { state.pointee.recordLine = state.pointee.line }
        let field = UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : length)
        handler.field(field, column: state.pointee.column)
        state.pointee.column += 1
        // A quoted field can span lines. (libcsv keeps its "quoted" state in a local during the
        // callback, so every field is looked at: short ones by a plain loop, cheaper than a
        // call; long ones by memchr.)
        if length <= 16, let pointer {
            let field = pointer.assumingMemoryBound(to: UInt8.self)
            for index in 0..<length where field[index] == 0x0A { state.pointee.line += 1 }
        } else if var cursor = pointer.map(UnsafeRawPointer.init) {
            var remaining = length
            while let newline = memchr(cursor, 0x0A, remaining) {
                state.pointee.line += 1
                remaining -= UnsafeRawPointer(newline) - cursor + 1
                cursor = UnsafeRawPointer(newline) + 1
            }
        }
    }

    @inline(__always)
    fileprivate func onRecordEnd(_ terminator: Int32) {
        let state = position
        let fields = state.pointee.column
        state.pointee.column = 0
        if fields > 0 {
            handler.endRecord(line: state.pointee.recordLine, fields: fields)
        }
        switch terminator {
        case 0x0D:
            state.pointee.line += 1
            state.pointee.lastTerminatorWasCR = true
        case 0x0A:
            // The LF of a CRLF arrives as an empty record right after the CR's record end.
            if !(state.pointee.lastTerminatorWasCR && fields == 0) { state.pointee.line += 1 }
            state.pointee.lastTerminatorWasCR = false
        default:
            state.pointee.lastTerminatorWasCR = false
        }
    }

    /// The field being gathered has outgrown `IngestLimits.maxFieldBytes` (checked after each
    /// MiB parsed, so a field never takes more than 2 MiB).
    private func oversizedField(_ name: String) -> MigStatError {
        .input(SourceLocation(file: name, line: position.pointee.line, column: position.pointee.column + 1),
               what: "a field longer than \(IngestLimits.maxFieldBytes) bytes starts here; no cell of a migrant-stock table is that long",
               hint: "check that every quote is closed and that the file is a CSV extract")
    }

    private func malformed(_ name: String, at offset: Int, in bytes: UnsafeRawBufferPointer, firstLine: Int) -> MigStatError {
        var errorLine = firstLine
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            errorLine += 1
            lineStart = i + 1
        }
        let code = csv_error(parser)
        let what = code == CSV_EPARSE
            ? "malformed quoting (a quote inside an unquoted field, or text after a closing quote)"
            : String(cString: csv_strerror(code))
        return .input(
            SourceLocation(file: name, line: errorLine, column: position.pointee.column + 1),
            what: what + " at byte \(offset - lineStart + 1) of the line",
            hint: "quote the whole field and double any quote inside it")
    }
}

private let csvFieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    pointer, length, context in
    // Guaranteed reference: the reader outlives the parse, so no retain and release per field.
    Unmanaged<CSVReader>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.onField(pointer, length) }
}

private let csvRecordCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { terminator, context in
    Unmanaged<CSVReader>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.onRecordEnd(terminator) }
}

/// Collects whole records as Strings: for the small reference files, not for data.
public final class CSVRecordCollector: CSVRecordHandler {
    public private(set) var records: [(line: Int, fields: [String])] = []
    private var current: [String] = []
    public var shouldStop: Bool { false }

    public init() {}

    public func field(_ bytes: UnsafeRawBufferPointer, column: Int) {
        current.append(String(decoding: bytes, as: UTF8.self))
    }

    public func endRecord(line: Int, fields: Int) {
        records.append((line, current))
        current.removeAll(keepingCapacity: true)
    }

    /// All records of a file, in order.
    public static func read(_ input: InputBytes, dialect: CSVDialect = .comma) throws -> [(line: Int, fields: [String])] {
        let collector = CSVRecordCollector()
        try CSVReader(dialect: dialect, handler: collector).parse(input)
        return collector.records
    }
}
