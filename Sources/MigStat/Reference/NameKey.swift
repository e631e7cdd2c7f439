import Foundation

/// The form names are compared in: case, accents, footnote asterisks and punctuation ignored,
/// so "TÜRKIYE*", "Turkiye" and "türkiye" meet, as do "Côte d'Ivoire" and "cote divoire".
public func nameKey(_ name: String) -> String {
    asciiNameKey(name) ?? foldedNameKey(name)
}

/// The general route, through Foundation's case and accent folding.
func foldedNameKey(_ name: String) -> String {
    let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    var key = ""
    key.reserveCapacity(folded.utf8.count)
    var pendingSpace = false
    for scalar in folded.unicodeScalars {
        if alphanumerics.contains(scalar) {
            if pendingSpace, !key.isEmpty { key.append(" ") }
            pendingSpace = false
            key.unicodeScalars.append(scalar)
        } else if scalar == "'" || scalar == "\u{2019}" || scalar == "." {
            continue  // "d'Ivoire" → "divoire", "EE.UU." → "eeuu"
        } else {
            pendingSpace = true
        }
    }
    return key
}

/// `CharacterSet.alphanumerics` builds a new set on every call: built once here.
private let alphanumerics = CharacterSet.alphanumerics

/// The same key for an all-ASCII name without Foundation's folding (most names, and every code):
/// ASCII letters and digits are exactly the alphanumerics, folding them is lower-casing.
func asciiNameKey(_ name: String) -> String? {
    var key: [UInt8] = []
    key.reserveCapacity(name.utf8.count)
    var pendingSpace = false
    for byte in name.utf8 {
        switch byte {
        case 0x80...: return nil
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            if pendingSpace, !key.isEmpty { key.append(0x20) }
            pendingSpace = false
            key.append(byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0))
        case UInt8(ascii: "'"), UInt8(ascii: "."):
            continue
        default:
            pendingSpace = true
        }
    }
    return String(decoding: key, as: UTF8.self)
}

/// Edit distance between two keys, for naming the closest matches of an unknown name.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8), b = Array(b.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
