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
public final class CSVReader {
    private let parser: UnsafeMutablePointer<csv_parser>
    private unowned let handler: any CSVRecordHandler
    private var column = 0
    private var line = 1
    private var recordLine = 1
    private var lastTerminatorWasCR = false

    public init(dialect: CSVDialect = .comma, handler: any CSVRecordHandler) {
        parser = .allocate(capacity: 1)
        // Strict: a stray quote inside an unquoted field, or an unterminated quote at the end,
        // is an error rather than a guess. REPALL_NL: every line end reaches us, for line numbers.
        _ = csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL))
        csv_set_delim(parser, dialect.delimiter)
        csv_set_quote(parser, dialect.quote)
        self.handler = handler
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
    }

    /// Parses all of `input` (a leading UTF-8 byte-order mark is skipped), calling `progress`
    /// with the bytes done after each chunk. Throws on malformed quoting, with the location.
    public func parse(_ input: InputBytes, progress: ((Int) -> Void)? = nil) throws {
        var bytes = input.bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
        }
        let chunk = 1 << 20
        var offset = 0
        let context = Unmanaged.passUnretained(self).toOpaque()
        while offset < bytes.count {
            let length = min(chunk, bytes.count - offset)
            let done = csv_parse(parser, bytes.baseAddress! + offset, length, csvFieldCallback, csvRecordCallback, context)
            if done != length {
                throw malformed(input, at: offset + done, in: bytes)
            }
            offset += length
            progress?(offset)
            if handler.shouldStop { return }
        }
        if csv_fini(parser, csvFieldCallback, csvRecordCallback, context) != 0 {
            throw MigStatError.input(
                SourceLocation(file: input.name, line: recordLine, column: column + 1),
                what: "a quoted field is not closed before the end of the file",
                hint: "add the closing quote, or check that the file is complete")
        }
    }

    fileprivate func onField(_ pointer: UnsafeMutableRawPointer?, _ length: Int) {
        if column == 0 { recordLine = line }
        let field = UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : length)
        handler.field(field, column: column)
        column += 1
        // A quoted field can span lines. (libcsv keeps its "quoted" state in a local during the
        // callback, so every field is looked at; memchr makes that cheap.)
        if length > 0, var cursor = pointer.map(UnsafeRawPointer.init) {
            var remaining = length
            while let newline = memchr(cursor, 0x0A, remaining) {
                line += 1
                remaining -= UnsafeRawPointer(newline) - cursor + 1
                cursor = UnsafeRawPointer(newline) + 1
            }
        }
    }

    fileprivate func onRecordEnd(_ terminator: Int32) {
        let fields = column
        column = 0
        if fields > 0 {
            handler.endRecord(line: recordLine, fields: fields)
        }
        switch terminator {
        case 0x0D:
            line += 1
            lastTerminatorWasCR = true
        case 0x0A:
            // The LF of a CRLF arrives as an empty record right after the CR's record end.
            if !(lastTerminatorWasCR && fields == 0) { line += 1 }
            lastTerminatorWasCR = false
        default:
            lastTerminatorWasCR = false
        }
    }

    private func malformed(_ input: InputBytes, at offset: Int, in bytes: UnsafeRawBufferPointer) -> MigStatError {
        var errorLine = 1
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
            SourceLocation(file: input.name, line: errorLine, column: column + 1),
            what: what + " at byte \(offset - lineStart + 1) of the line",
            hint: "quote the whole field and double any quote inside it")
    }
}

private let csvFieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    pointer, length, context in
    Unmanaged<CSVReader>.fromOpaque(context!).takeUnretainedValue().onField(pointer, length)
}

private let csvRecordCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { terminator, context in
    Unmanaged<CSVReader>.fromOpaque(context!).takeUnretainedValue().onRecordEnd(terminator)
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
