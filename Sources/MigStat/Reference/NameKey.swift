import Foundation

/// The form names are compared in: case, accents, footnote asterisks and punctuation ignored,
/// so "TÜRKIYE*", "Turkiye" and "türkiye" meet, as do "Côte d'Ivoire" and "cote divoire".
public func nameKey(_ name: String) -> String {
    let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    var key = ""
    key.reserveCapacity(folded.utf8.count)
    var pendingSpace = false
    for scalar in folded.unicodeScalars {
        if CharacterSet.alphanumerics.contains(scalar) {
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
