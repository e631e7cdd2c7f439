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
        let encoding = declared ?? bom ?? sniff(bytes)
        let hasBOM = bom != nil && (declared == nil || declared == bom)
        switch encoding {
        case .utf8:
            // A sniffed UTF-8 was validated by `sniff` already: one pass over a big file is enough.
            let sniffed = declared == nil && bom == nil
            if !sniffed, let bad = firstInvalidUTF8(bytes) {
                let what = bytes[bad] == 0 ? "a NUL byte" : "a byte (0x\(String(bytes[bad], radix: 16, uppercase: true))) that is not UTF-8"
                let hint = bytes[bad] == 0
                    ? "this is not a text CSV, or it is UTF-16 without a byte-order mark: give --encoding utf-16le"
                    : "the file is not UTF-8: give --encoding windows-1252 (Excel's \"CSV\" on Windows) or latin-1"
                throw MigStatError.input(InputChecks.location(of: bad, in: bytes, name: raw.name), what: what, hint: hint)
            }
            return DecodedInput(input: raw, encoding: .utf8, byteOrderMark: hasBOM, detected: declared == nil)
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

    static func sniff(_ bytes: UnsafeRawBufferPointer) -> TextEncoding {
        let sample = min(bytes.count, 4096) & ~1
        if sample >= 4 {
            var evenZeros = 0, oddZeros = 0
            for index in stride(from: 0, to: sample, by: 2) {
                if bytes[index] == 0 { evenZeros += 1 }
                if bytes[index + 1] == 0 { oddZeros += 1 }
            }
            // ASCII text in UTF-16 has a zero in every other byte.
            if oddZeros > sample / 4, evenZeros == 0 { return .utf16LE }
            if evenZeros > sample / 4, oddZeros == 0 { return .utf16BE }
        }
        guard firstInvalidUTF8(bytes) != nil else { return .utf8 }
        let undefinedIn1252: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
        return bytes.contains(where: undefinedIn1252.contains) ? .latin1 : .windows1252
    }

    /// The offset of the first byte that breaks UTF-8 (or is NUL), nil if all is well.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        while index < count {
            // ASCII without NUL, 16 bytes at a time: the whole of a typical extract.
            while index + 16 <= count {
                let first = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let second = base.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
                // A byte ≥ 0x80 sets its high bit; a zero byte sets it in (word - 1…1) & ~word.
                let flags = (first | second | ((first &- ones) & ~first) | ((second &- ones) & ~second)) & high
                if flags != 0 { break }
                index += 16
            }
            guard index < count else { break }
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0 { return index }
                index += 1
                continue
            }
            let length: Int, minimum: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= count else { return index }
            var scalar = UInt32(byte) & (0xFF >> (length + 1))
            for next in 1..<length {
                let continuation = bytes[index + next]
                guard continuation & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return index }
            index += length
        }
        return nil
    }

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
