/// The decimal mark numbers are written with; the other of "." and "," then groups digits.
public enum DecimalMark: String, Sendable, CaseIterable {
    case point, comma

    var byte: UInt8 { self == .point ? 0x2E : 0x2C }
    var groupByte: UInt8 { self == .point ? 0x2C : 0x2E }

    /// Reads `--decimal`: point or comma, or a locale whose mark it is.
    public static func parse(_ text: String) throws -> DecimalMark {
        switch text.lowercased() {
        case "point", ".", "dot", "en", "en-us", "en-gb": return .point
        case "comma", ",", "es", "fr", "de", "pt", "it", "es-es", "es-mx", "fr-fr", "de-de", "pt-br": return .comma
        default: throw MigStatError.usage("--decimal \(text): use point or comma (or a locale: en, es, fr, de, pt)")
        }
    }
}

/// How a delimited text file is written, as found by looking at it (or as the user declared).
public struct SniffedDialect: Sendable, Equatable {
    public var csv: CSVDialect
    public var decimalMark: DecimalMark
    /// "CRLF", "LF", "CR" or "mixed".
    public var lineEnds: String
    public var delimiterDetected: Bool
    public var decimalDetected: Bool

    public var delimiterName: String {
        switch csv.delimiter {
        case UInt8(ascii: ","): return "comma"
        case UInt8(ascii: ";"): return "semicolon"
        case UInt8(ascii: "\t"): return "tab"
        case UInt8(ascii: "|"): return "pipe"
        default: return "0x" + String(csv.delimiter, radix: 16)
        }
    }

    /// Reads `--delimiter`: the character or its name.
    public static func parseDelimiter(_ text: String) throws -> UInt8 {
        switch text.lowercased() {
        case ",", "comma": return UInt8(ascii: ",")
        case ";", "semicolon": return UInt8(ascii: ";")
        case "\t", "\\t", "tab": return UInt8(ascii: "\t")
        case "|", "pipe": return UInt8(ascii: "|")
        default: throw MigStatError.usage("--delimiter \(text): use comma, semicolon, tab or pipe")
        }
    }
}

/// Finds the delimiter and decimal mark of a UTF-8 input from its first 64 KiB. The candidates
/// are tried by letting libcsv split the sample with each; the one that gives the most records
/// of one width (more than one field) wins, so quoted delimiters and newlines count rightly.
public enum DialectSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    public static func sniff(_ input: InputBytes, delimiter declaredDelimiter: UInt8? = nil,
                             decimal declaredDecimal: DecimalMark? = nil) -> SniffedDialect {
        let sample = Self.sample(input)
        var best = (delimiter: UInt8(ascii: ","), score: 0)
        if let declaredDelimiter {
            best.delimiter = declaredDelimiter
        } else {
            for candidate in candidates {
                let widths = FieldSurvey(sampling: false)
                try? CSVReader(dialect: CSVDialect(delimiter: candidate), handler: widths).parse(sample)
                let score = widths.consistency
                if score > best.score { best = (candidate, score) }
            }
        }
        let survey = FieldSurvey(sampling: true)
        try? CSVReader(dialect: CSVDialect(delimiter: best.delimiter), handler: survey).parse(sample)
        let decimal = declaredDecimal ?? survey.decimalMark(delimiter: best.delimiter)
        return SniffedDialect(csv: CSVDialect(delimiter: best.delimiter), decimalMark: decimal,
                              lineEnds: lineEnds(sample.bytes), delimiterDetected: declaredDelimiter == nil,
                              decimalDetected: declaredDecimal == nil)
    }

    /// The first 64 KiB, cut after the last line end so the sample holds whole lines.
    static func sample(_ input: InputBytes) -> InputBytes {
        let bytes = input.bytes
        guard bytes.count > 65_536 else { return input }
        var end = 65_536
        while end > 0, bytes[end - 1] != 0x0A, bytes[end - 1] != 0x0D { end -= 1 }
        return InputBytes(name: input.name, copying: UnsafeRawBufferPointer(rebasing: bytes[0..<(end > 0 ? end : 65_536)]))
    }

    private static func lineEnds(_ bytes: UnsafeRawBufferPointer) -> String {
        var crlf = 0, lf = 0, cr = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { crlf += 1; index += 1 } else { cr += 1 }
            } else if bytes[index] == 0x0A {
                lf += 1
            }
            index += 1
        }
        let kinds = [("CRLF", crlf), ("LF", lf), ("CR", cr)].filter { $0.1 > 0 }
        if kinds.count > 1 { return "mixed (" + kinds.map { "\($0.1) \($0.0)" }.joined(separator: ", ") + ")" }
        return kinds.first?.0 ?? "none"
    }
}

/// Record widths of a sample and, optionally, votes on the decimal mark from its numeric fields.
private final class FieldSurvey: CSVRecordHandler {
    private let sampling: Bool
    private var widths: [Int: Int] = [:]
    private var pointVotes = 0, commaVotes = 0
    var shouldStop: Bool { false }

    init(sampling: Bool) { self.sampling = sampling }

    /// Records of the most common width, when that width is more than one field.
    var consistency: Int {
        guard let (width, count) = widths.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }), width > 1 else { return 0 }
        return count
    }

    func field(_ bytes: UnsafeRawBufferPointer, column: Int) {
        guard sampling, bytes.count > 1, bytes.count < 40 else { return }
        var points: [Int] = [], commas: [Int] = []
        guard bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return }  // "..", "-"
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case 0x30...0x39, 0x20, 0xC2, 0xA0, 0x2D: continue
            case 0x2E: points.append(offset)
            case 0x2C: commas.append(offset)
            default: return  // not a number
            }
        }
        let count = bytes.count
        switch (points.count, commas.count) {
        case (0, 0): return
        case (1..., 1...):
            if points.last! > commas.last! { pointVotes += 1 } else { commaVotes += 1 }
        case (2..., 0): commaVotes += 1  // 1.234.567
        case (0, 2...): pointVotes += 1  // 1,234,567
        case (1, 0): if count - points[0] - 1 != 3 { pointVotes += 1 }  // 12.5; "1.234" says nothing
        case (0, 1): if count - commas[0] - 1 != 3 { commaVotes += 1 }
        default: return
        }
    }

    func endRecord(line: Int, fields: Int) {
        widths[fields, default: 0] += 1
    }

    /// The majority; with no evidence, a semicolon file is from a decimal-comma locale (that is
    /// why Excel chose ";"), anything else uses the point.
    func decimalMark(delimiter: UInt8) -> DecimalMark {
        if commaVotes != pointVotes { return commaVotes > pointVotes ? .comma : .point }
        return delimiter == UInt8(ascii: ";") ? .comma : .point
    }
}
