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
/// zeros ("1234.0", as spreadsheets write integers), surrounding spaces allowed.
@inline(__always)
func parseCount(_ bytes: UnsafeRawBufferPointer) -> CountField {
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
    if index > start, bytes[index] == 0x2E {  // "123.000"
        var fraction = index + 1
        while fraction < end, bytes[fraction] == 0x30 { fraction += 1 }
        if fraction == end { return .value(UInt32(value)) }
        return .invalid("count is not a whole number")
    }
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    switch text {
    case "..", "…", "NA", "N/A", "n/a", "-", "–": return .missing
    default: break
    }
    if text.first == "-", Int(text.dropFirst()) != nil { return .invalid("count is negative (\(text))") }
    return .invalid("count is not a number (\"\(text.prefix(40))\")")
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
