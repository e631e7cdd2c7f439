import Foundation

/// SVG text built element by element: attribute values and text escaped, numbers written short.
struct SVG {
    private(set) var parts: [String] = []

    mutating func add(_ element: String) { parts.append(element) }
    mutating func add(_ other: SVG) { parts += other.parts }

    var text: String { parts.joined(separator: "\n") }

    /// `<name a="v" …/>`, or with content when `content` is given (content is not escaped).
    static func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) -> String {
        let attributeText = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        guard let content else { return "<\(name)\(attributeText)/>" }
        return "<\(name)\(attributeText)>\(content)</\(name)>"
    }

    /// A text element; `anchor` start|middle|end, `weight` bold or nil.
    static func text(_ value: String, x: Double, y: Double, size: Double, anchor: String = "start",
                     weight: String? = nil, fill: String = Ink.text, className: String? = nil,
                     transform: String? = nil) -> String {
        var attributes = [("x", num(x)), ("y", num(y)), ("font-size", num(size))]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        if let weight { attributes.append(("font-weight", weight)) }
        if fill != Ink.text { attributes.append(("fill", fill)) }
        if let className { attributes.append(("class", className)) }
        if let transform { attributes.append(("transform", transform)) }
        return element("text", attributes, content: escape(value))
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals and no trailing zeros.
    static func num(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

/// Greys of the chart furniture.
enum Ink {
    static let text = "#1a1a1a"
    static let muted = "#555555"
    static let grid = "#d9d9d9"
    static let axis = "#4d4d4d"
}

/// Widths of text in DejaVu Sans, the font the charts name first (and rsvg-convert finds on Debian):
/// advance widths in em, read from DejaVuSans.ttf for ASCII 32–126. Letters with diacritics take their
/// base letter's width; other characters count as wide. Most other sans-serif fonts are narrower, so
/// text laid out with these widths fits.
enum TextMetrics {
    private static let ascii: [Double] = [
        0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318, 0.337,
        0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838,
        0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863,
        0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337,
        0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278,
        0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636,
        0.337, 0.636, 0.838,
    ]

    private static let asciiBold: [Double] = [
        0.348, 0.456, 0.521, 0.838, 0.696, 1.002, 0.872, 0.306, 0.457, 0.457, 0.523, 0.838, 0.38, 0.415, 0.38,
        0.365, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.4, 0.4, 0.838, 0.838,
        0.838, 0.58, 1.0, 0.774, 0.762, 0.734, 0.83, 0.683, 0.683, 0.821, 0.837, 0.372, 0.372, 0.775, 0.637,
        0.995, 0.837, 0.85, 0.733, 0.85, 0.77, 0.72, 0.682, 0.812, 0.774, 1.103, 0.771, 0.724, 0.725, 0.457,
        0.365, 0.457, 0.838, 0.5, 0.5, 0.675, 0.716, 0.593, 0.716, 0.678, 0.435, 0.716, 0.712, 0.343, 0.343,
        0.665, 0.343, 1.042, 0.712, 0.687, 0.716, 0.716, 0.493, 0.595, 0.478, 0.712, 0.652, 0.924, 0.645, 0.652,
        0.582, 0.712, 0.365, 0.712, 0.838,
    ]

    /// Width in points of `text` at `size` points.
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        let table = bold ? asciiBold : ascii
        var em = 0.0
        for character in text {
            em += advance(character, table)
        }
        return em * size
    }

    private static func advance(_ character: Character, _ table: [Double]) -> Double {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if (32...126).contains(scalar.value) { return table[Int(scalar.value) - 32] }
        switch scalar {
        case "\u{00A0}", "\u{202F}": return 0.318
        case "–": return 0.5
        case "—": return 1.0
        case "’", "‘": return 0.318
        case "·": return 0.318
        default: break
        }
        // á → a, Ñ → N: the base letter of a precomposed letter.
        if let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first,
           (32...126).contains(base.value) {
            return table[Int(base.value) - 32]
        }
        return 0.84
    }

    /// Splits `text` at spaces into lines no wider than `width`; a word wider than the line stands alone.
    static func wrap(_ text: String, width: Double, size: Double, bold: Bool = false) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if line.isEmpty || self.width(candidate, size: size, bold: bold) <= width {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
