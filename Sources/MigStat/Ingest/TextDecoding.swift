import Dispatch

/// The text encodings spreadsheet exports come in. Everything is turned into UTF-8 before
/// libcsv sees it, so the tokenizer and the field parsers deal with one encoding only.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// Excel's "Unicode text": UTF-16 little-endian with a byte-order mark, tab-delimited.
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    /// What Excel writes for "CSV" on a Western European Windows machine.
    case windows1252 = "windows-1252"
    case latin1 = "latin-1"

    /// Reads `--encoding` values, with the spellings people use.
    public static func parse(_ text: String) throws -> TextEncoding {
        switch nameKey(text).replacingOccurrences(of: " ", with: "") {
        case "utf8", "utf8bom", "utf8sig": return .utf8
        case "utf16", "utf16le", "unicode", "ucs2": return .utf16LE
        case "utf16be": return .utf16BE
        case "windows1252", "cp1252", "win1252", "ansi": return .windows1252
        case "latin1", "iso88591", "l1": return .latin1
        default:
            throw MigStatError.usage("--encoding \(text): use "
                + TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }
}

/// An input as UTF-8, with how it was read.
public struct DecodedInput: Sendable {
    /// UTF-8 bytes: the file itself when it already was UTF-8 (a BOM is left for CSVReader to
    /// skip), else a transcoded copy under the same name.
    public let input: InputBytes
    public let encoding: TextEncoding
    /// The file started with a byte-order mark.
    public let byteOrderMark: Bool
    /// True when the encoding was found by looking at the bytes, false when it was declared.
    public let detected: Bool
    /// The pass over the file's own bytes when it was UTF-8 (for `InputChecks.text`); nil for a copy.
    var scan: TextScan? = nil
}

/// One pass over UTF-8 text, for everything the checks before parsing look for: the first byte
/// that breaks UTF-8 (or is NUL; the pass stops there), the first control byte no CSV text has
/// (not tab, line feed, carriage return, nor a SUB as the very last byte), and the first
/// byte-order mark at or after `innerBOMFrom`. Sixteen bytes at a time (two words) where all are
/// printable ASCII or tab, LF, CR: the whole of a typical extract. A large text is cut into one
/// part per core; offsets are the text's.
struct TextScan: Sendable, Equatable {
    var invalid: Int?
    var control: Int?
    var innerBOM: Int?

    init(_ bytes: UnsafeRawBufferPointer, innerBOMFrom: Int = 1) {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return }
        let parts = count >= 1 << 23 ? min(activeCoreCount(), count >> 22) : 1
        guard parts > 1 else {
            self = TextScan(base, from: 0, to: count, total: count, innerBOMFrom: innerBOMFrom)
            return
        }
        // Each cut moves past continuation bytes (at most three, the most a sequence has), so a
        // part starts where a sequential pass would start a character, or at a byte it rejects.
        var cuts = [0]
        for part in 1..<parts {
            var cut = max(count / parts * part, cuts[cuts.count - 1])
            for _ in 0..<3 where cut < count && base.load(fromByteOffset: cut, as: UInt8.self) & 0xC0 == 0x80 { cut += 1 }
            cuts.append(cut)
        }
        cuts.append(count)
        var found = [TextScan](repeating: TextScan(), count: parts)
        found.withUnsafeMutableBufferPointer { found in
            let found = UncheckedSendable(found), base = UncheckedSendable(base), cuts = cuts
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                found.value[part] = TextScan(base.value, from: cuts[part], to: cuts[part + 1], total: count,
                                             innerBOMFrom: innerBOMFrom)
            }
        }
        // In text order: what the first part to find something found comes first.
        invalid = found.lazy.compactMap(\.invalid).first
        control = found.lazy.compactMap(\.control).first
        innerBOM = found.lazy.compactMap(\.innerBOM).first
    }

    private init() {}

    init(invalid: Int?, control: Int?, innerBOM: Int?) {
        self.invalid = invalid
        self.control = control
        self.innerBOM = innerBOM
    }

    /// The high bit of each byte of `word` that leaves the fast path: 0x80 and above, and the
    /// control bytes (NUL among them) but tab, LF and CR. Exact per byte (no carry crosses one).
    @inline(__always) private static func flags(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080, low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // Below 0x20: the high bit clear, and the low seven bits + 0x60 do not reach 0x80.
        let control = ~(((word & low) &+ 0x6060_6060_6060_6060) | word) & high
        // For those bytes, (byte ^ c) + 0x7F reaches 0x80 unless the byte is c.
        @inline(__always) func differs(_ c: UInt64) -> UInt64 { ((word ^ c) & low) &+ low }
        let notAllowed = differs(0x0909_0909_0909_0909) & differs(0x0A0A_0A0A_0A0A_0A0A) & differs(0x0D0D_0D0D_0D0D_0D0D)
        return (word & high) | (control & notAllowed)
    }

    private init(_ base: UnsafeRawPointer, from start: Int, to end: Int, total: Int, innerBOMFrom: Int) {
        var index = start
        while index < end {
            while index + 16 <= end {
                let flags = Self.flags(base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    | Self.flags(base.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self))
                if flags != 0 { break }
                index += 16
            }
            guard index < end else { break }
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte < 0x80 {
                if byte == 0 {
                    invalid = index
                    return
                }
                if control == nil, byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D, !(byte == 0x1A && index == total - 1) {
                    control = index
                }
                index += 1
                continue
            }
            let length: Int, minimum: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default:
                invalid = index
                return
            }
            guard index + length <= end else {
                invalid = index
                return
            }
            var scalar = UInt32(byte) & (0xFF >> (length + 1))
            for next in 1..<length {
                let continuation = base.load(fromByteOffset: index + next, as: UInt8.self)
                guard continuation & 0xC0 == 0x80 else {
                    invalid = index
                    return
                }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                invalid = index
                return
            }
            if scalar == 0xFEFF, innerBOM == nil, index >= innerBOMFrom { innerBOM = index }
            index += length
        }
    }
}

public enum TextDecoder {
    /// Detects (or takes the declared) encoding and returns UTF-8. Detection: a byte-order mark
    /// decides; else NUL bytes in every other position mean UTF-16; else valid UTF-8 is UTF-8;
    /// else Windows-1252 (Latin-1 when a byte is undefined in 1252).
    public static func decode(_ raw: InputBytes, declared: TextEncoding? = nil) throws -> DecodedInput {
        let bytes = raw.bytes
        let bom: TextEncoding? = if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { .utf8 }
            else if bytes.starts(with: [0xFF, 0xFE]) { .utf16LE }
            else if bytes.starts(with: [0xFE, 0xFF]) { .utf16BE }
            else { nil }
        let sniffed = (declared ?? bom) == nil ? sniffScanning(bytes) : nil
        let encoding = declared ?? bom ?? sniffed!.encoding
        let hasBOM = bom != nil && (declared == nil || declared == bom)
        switch encoding {
        case .utf8:
            // One pass over a big file: a sniffed UTF-8 was scanned by `sniff` already.
            let scan = sniffed?.scan ?? TextScan(bytes)
            if let bad = scan.invalid {
                let what = bytes[bad] == 0 ? "a NUL byte" : "a byte (0x\(String(bytes[bad], radix: 16, uppercase: true))) that is not UTF-8"
                let hint = bytes[bad] == 0
                    ? "this is not a text CSV, or it is UTF-16 without a byte-order mark: give --encoding utf-16le"
                    : "the file is not UTF-8: give --encoding windows-1252 (Excel's \"CSV\" on Windows) or latin-1"
                throw MigStatError.input(InputChecks.location(of: bad, in: bytes, name: raw.name), what: what, hint: hint)
            }
            return DecodedInput(input: raw, encoding: .utf8, byteOrderMark: hasBOM, detected: declared == nil, scan: scan)
        case .utf16LE, .utf16BE:
            let start = hasBOM ? 2 : 0
            let utf8 = try utf16ToUTF8(bytes, from: start, bigEndian: encoding == .utf16BE, name: raw.name)
            return DecodedInput(input: InputBytes(name: raw.name, copying: utf8), encoding: encoding,
                                byteOrderMark: hasBOM, detected: declared == nil)
        case .windows1252, .latin1:
            if let nul = bytes.firstIndex(of: 0) {
                throw MigStatError.input(InputChecks.location(of: nul, in: bytes, name: raw.name), what: "a NUL byte in a \(encoding.rawValue) text",
                                         hint: "check that this is a CSV file; UTF-16 files need --encoding utf-16le")
            }
            var utf8: [UInt8] = []
            utf8.reserveCapacity(bytes.count + bytes.count / 8)
            for byte in bytes {
                let scalar: UInt32 = byte >= 0x80 && byte < 0xA0 && encoding == .windows1252
                    ? UInt32(windows1252High[Int(byte) - 0x80]) : UInt32(byte)
                UTF8.encode(Unicode.Scalar(scalar)!) { utf8.append($0) }
            }
            return DecodedInput(input: InputBytes(name: raw.name, copying: utf8), encoding: encoding,
                                byteOrderMark: false, detected: declared == nil)
        }
    }

    static func sniff(_ bytes: UnsafeRawBufferPointer) -> TextEncoding { sniffScanning(bytes).encoding }

    /// The encoding, and the pass over the whole text when it was made (UTF-8 is found by it).
    static func sniffScanning(_ bytes: UnsafeRawBufferPointer) -> (encoding: TextEncoding, scan: TextScan?) {
        let sample = min(bytes.count, 4096) & ~1
        if sample >= 4 {
            var evenZeros = 0, oddZeros = 0
            for index in stride(from: 0, to: sample, by: 2) {
                if bytes[index] == 0 { evenZeros += 1 }
                if bytes[index + 1] == 0 { oddZeros += 1 }
            }
            // ASCII text in UTF-16 has a zero in every other byte.
            if oddZeros > sample / 4, evenZeros == 0 { return (.utf16LE, nil) }
            if evenZeros > sample / 4, oddZeros == 0 { return (.utf16BE, nil) }
        }
        let scan = TextScan(bytes)
        guard scan.invalid != nil else { return (.utf8, scan) }
        let undefinedIn1252: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
        return (bytes.contains(where: undefinedIn1252.contains) ? .latin1 : .windows1252, scan)
    }

    /// The offset of the first byte that breaks UTF-8 (or is NUL), nil if all is well.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? { TextScan(bytes).invalid }

    private static func utf16ToUTF8(_ bytes: UnsafeRawBufferPointer, from start: Int, bigEndian: Bool,
                                    name: String) throws -> [UInt8] {
        guard (bytes.count - start) % 2 == 0 else {
            throw MigStatError.input(SourceLocation(file: name, line: 1), what: "the UTF-16 text has an odd number of bytes",
                                     hint: "the file is truncated, or it is not UTF-16: check --encoding")
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity((bytes.count - start) / 2 + 64)
        var index = start
        var line = 1
        func unit(_ at: Int) -> UInt16 {
            bigEndian ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) : UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at])
        }
        while index < bytes.count {
            var value = UInt32(unit(index))
            index += 2
            if (0xD800..<0xDC00).contains(value), index < bytes.count, (0xDC00..<0xE000).contains(unit(index)) {
                value = 0x10000 + ((value - 0xD800) << 10) + (UInt32(unit(index)) - 0xDC00)
                index += 2
            }
            guard value != 0, let scalar = Unicode.Scalar(value) else {
                throw MigStatError.input(SourceLocation(file: name, line: line),
                                         what: value == 0 ? "a NUL character in the UTF-16 text" : "a broken UTF-16 surrogate pair",
                                         hint: "check that the file is UTF-16 text, or give the right --encoding")
            }
            if value == 0x0A { line += 1 }
            UTF8.encode(scalar) { utf8.append($0) }
        }
        return utf8
    }

    /// Windows-1252 0x80–0x9F; the five undefined bytes map to themselves (C1 controls), as Windows does.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
