/// What a count field held.
enum CountField: Equatable {
    case value(UInt32)
    /// ".." , "", "NA", "-": the publisher's "not available". Not data, not an error.
    case missing
    case invalid(String)

    var isInvalid: Bool {
        if case .invalid = self { return true }
        return false
    }
}

/// Parses a count from raw bytes without building a String: digits, optionally a fraction of
/// zeros ("1234.0", as spreadsheets write integers), surrounding spaces allowed. Digit groups
/// ("1,234,567", "1.234.567", "1 234 567" with plain or no-break spaces) are read under the
/// file's decimal mark; the plain-digits path stays first and allocation-free.
@inline(__always)
func parseCount(_ bytes: UnsafeRawBufferPointer, _ mark: DecimalMark = .point) -> CountField {
    var start = 0, end = bytes.count
    while start < end, bytes[start] == 0x20 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 { end -= 1 }
    if start == end { return .missing }
    var value: UInt64 = 0
    var index = start
    while index < end {
        let digit = bytes[index] &- 0x30
        guard digit < 10 else { break }
        value = value &* 10 &+ UInt64(digit)
        if value > UInt64(UInt32.max) {
            return .invalid("count is larger than \(UInt32.max), the most one cell may hold")
        }
        index += 1
    }
    if index == end { return .value(UInt32(value)) }
    switch parseScaled(bytes, mark, scale: 0) {
    case .value(let scaled):
        guard scaled <= Int64(UInt32.max) else {
            return .invalid("count is larger than \(UInt32.max), the most one cell may hold")
        }
        return .value(UInt32(scaled))
    case .missing: return .missing
    case .invalid(let reason): return .invalid(reason)
    }
}

/// What a number field held, scaled to an integer (thousands with three decimals → persons).
enum ScaledField: Equatable {
    case value(Int64)
    case missing
    case invalid(String)
}

/// Parses a non-negative decimal number and returns it times 10^scale, exactly: "5327231.041"
/// with scale 3 is 5,327,231,041. Group separators: the mark's other character, spaces and
/// no-break spaces (U+00A0, U+202F); after the first group each group must have three digits,
/// so a decimal comma read under a decimal point ("12,5") is an error, not 125.
func parseScaled(_ bytes: UnsafeRawBufferPointer, _ mark: DecimalMark, scale: Int) -> ScaledField {
    var start = 0, end = bytes.count
    func isSpace(_ at: Int) -> Int {  // length of a space or no-break space at `at`, 0 if none
        if bytes[at] == 0x20 { return 1 }
        if bytes[at] == 0xC2, at + 1 < end, bytes[at + 1] == 0xA0 { return 2 }
        if bytes[at] == 0xE2, at + 2 < end, bytes[at + 1] == 0x80, bytes[at + 2] == 0xAF { return 3 }
        return 0
    }
    while start < end, isSpace(start) > 0 { start += isSpace(start) }
    while end > start {
        if bytes[end - 1] == 0x20 { end -= 1 }
        else if end - start >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0xA0 { end -= 2 }
        else { break }
    }
    if start == end { return .missing }
    let decimal = mark.byte, group = mark.groupByte
    var integer: Int64 = 0, fraction: Int64 = 0, fractionDigits = 0
    var inFraction = false, groups = 0, digitsInGroup = 0, digits = 0
    var index = start
    var wellFormed = true
    while index < end, wellFormed {
        let byte = bytes[index]
        let digit = byte &- 0x30
        if digit < 10 {
            digits += 1
            if inFraction {
                if fractionDigits < scale {
                    fraction = fraction * 10 + Int64(digit)
                    fractionDigits += 1
                } else if digit != 0 {
                    return .invalid(scale == 0 ? "count is not a whole number" : "the number has more than \(scale) decimals")
                }
            } else {
                integer = integer * 10 + Int64(digit)
                digitsInGroup += 1
                if integer > 999_999_999_999_999 { return .invalid("the number is too large") }
            }
            index += 1
        } else if byte == decimal, !inFraction, digits > 0 {
            wellFormed = groups == 0 || digitsInGroup == 3
            inFraction = true
            index += 1
        } else if !inFraction, digits > 0, byte == group || isSpace(index) > 0 {
            wellFormed = groups == 0 ? digitsInGroup <= 3 : digitsInGroup == 3
            groups += 1
            digitsInGroup = 0
            index += byte == group ? 1 : isSpace(index)
        } else {
            wellFormed = false
        }
    }
    if wellFormed, digits > 0, !(groups > 0 && !inFraction && digitsInGroup != 3) {
        for _ in fractionDigits..<max(scale, fractionDigits) { fraction *= 10 }
        var scaled = integer
        for _ in 0..<scale { scaled *= 10 }
        return .value(scaled + fraction)
    }
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    switch text {
    case "..", "…", "NA", "N/A", "n/a", "-", "–": return .missing
    default: break
    }
    if text.first == "-", text.dropFirst().allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }) {
        return .invalid("count is negative (\(text))")
    }
    guard text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," || $0 == " " || $0 == "\u{A0}" }) else {
        return .invalid("count is not a number (\"\(text.prefix(40))\")")
    }
    let other = mark == .point ? "comma" : "point"
    return .invalid("count \"\(text.prefix(40))\" is not a number with a decimal \(mark.rawValue); "
        + "if the file writes decimal \(other)s, give --decimal \(other)")
}

/// Parses a small non-negative integer (a year, an M49 code); nil for anything else.
@inline(__always)
func parseSmallInteger(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var start = 0, end = bytes.count
    while start < end, bytes[start] == 0x20 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 { end -= 1 }
    guard start < end, end - start <= 6 else { return nil }
    var value = 0
    for index in start..<end {
        let digit = bytes[index] &- 0x30
        guard digit < 10 else { return nil }
        value = value * 10 + Int(digit)
    }
    return value
}

/// The sex a label names, in English or Spanish, long or short; nil if it names none.
func parseSex(_ text: String) -> Sex? {
    switch nameKey(text) {
    case "total", "t", "both", "both sexes", "both sexes combined", "all", "ambos sexos", "ambos", "todos":
        return .total
    case "male", "males", "m", "men", "man", "hombre", "hombres", "h", "varones", "masculino":
        return .male
    case "female", "females", "f", "women", "woman", "w", "mujer", "mujeres", "femenino":
        return .female
    default:
        return nil
    }
}

/// The codes of the short spellings a column repeats on every row (a file's sexes and age
/// groups: "total", "0-4", "100+"), found by one hash probe on the field's bytes instead of a
/// String and a name key per row. Spellings of 1 to 7 bytes are kept; longer ones, and any
/// past the table's half, are left to the caller's slow path.
struct SpellingCache {
    private static let slots = 64
    /// The bytes packed little-endian with the length in the top byte (0: an empty slot).
    private var keys = [UInt64](repeating: 0, count: slots)
    private var codes = [Int](repeating: 0, count: slots)
    private var count = 0

    @inline(__always)
    private static func key(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard bytes.count > 0, bytes.count < 8 else { return nil }
        var key = UInt64(bytes.count) << 56
        for index in 0..<bytes.count { key |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        return key
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 58) }

    /// The code stored for exactly these bytes, or nil.
    @inline(__always)
    func code(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let key = Self.key(bytes) else { return nil }
        var slot = Self.slot(key)
        while keys[slot] != 0 {
            if keys[slot] == key { return codes[slot] }
            slot = (slot + 1) & (Self.slots - 1)
        }
        return nil
    }

    mutating func insert(_ bytes: UnsafeRawBufferPointer, code: Int) {
        guard let key = Self.key(bytes), count < Self.slots / 2 else { return }
        var slot = Self.slot(key)
        while keys[slot] != 0 {
            if keys[slot] == key { return }
            slot = (slot + 1) & (Self.slots - 1)
        }
        keys[slot] = key
        codes[slot] = code
        count += 1
    }
}
