import Foundation

/// The page the charts are drawn for: 170 mm wide (A4 less its margins), one user unit per point,
/// so a font size in the SVG is its size in points when the chart is printed at that width.
enum Page {
    static let widthMM = 170.0
    static let width = widthMM / 25.4 * 72
    static let margin = 14.0
    static let titleSize = 12.0
    static let textSize = 9.0
    static let lineGap = 2.5
    static let fontFamily = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
}

/// Colours that stay apart in greyscale: each has its own CIE lightness, evenly spaced from dark
/// to light, with hues spread around the wheel so they also read apart in colour.
enum Palette {
    /// `count` colours, darkest first.
    static func colours(_ count: Int, darkest: Double = 30, lightest: Double = 82) -> [String] {
        guard count > 1 else { return [lch(darkest + 10, 45, 255)] }
        return (0..<count).map { index in
            let step = Double(index) / Double(count - 1)
            let lightness = darkest + (lightest - darkest) * step
            let hue = (255 + 137.5 * Double(index)).truncatingRemainder(dividingBy: 360)
            return lch(lightness, 48, hue)
        }
    }

    /// `count` colours ordered so that neighbours (around a circle) differ most in lightness.
    static func alternating(_ count: Int, darkest: Double = 30, lightest: Double = 82) -> [String] {
        let ordered = colours(count, darkest: darkest, lightest: lightest)
        let half = (count + 1) / 2
        return (0..<count).map { index in ordered[index % 2 == 0 ? index / 2 : half + index / 2] }
    }

    /// CIE L*C*h° (D65) to an sRGB hex colour, lowering the chroma until the colour is in gamut.
    static func lch(_ lightness: Double, _ chroma: Double, _ hueDegrees: Double) -> String {
        var chroma = chroma
        while true {
            let hue = hueDegrees * .pi / 180
            let a = chroma * cos(hue), b = chroma * sin(hue)
            let fy = (lightness + 16) / 116, fx = fy + a / 500, fz = fy - b / 200
            func inverse(_ t: Double) -> Double { t > 6.0 / 29 ? t * t * t : 3 * (6.0 / 29) * (6.0 / 29) * (t - 4.0 / 29) }
            let x = 0.95047 * inverse(fx), y = inverse(fy), z = 1.08883 * inverse(fz)
            let linear = [3.2406 * x - 1.5372 * y - 0.4986 * z,
                          -0.9689 * x + 1.8758 * y + 0.0415 * z,
                          0.0557 * x - 0.2040 * y + 1.0570 * z]
            if linear.allSatisfy({ (-0.0001...1.0001).contains($0) }) || chroma <= 0 {
                let channels = linear.map { value -> Int in
                    let v = min(1, max(0, value))
                    let encoded = v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1 / 2.4) - 0.055
                    return Int((encoded * 255).rounded())
                }
                return String(format: "#%02x%02x%02x", channels[0], channels[1], channels[2])
            }
            chroma -= 2
        }
    }
}

/// Line dashes and point markers for series: a series stays recognisable without colour.
enum SeriesMarks {
    static let dashes = ["", "7 3", "2 2.5", "9 3 2 3", "4 2", "1 3", "12 4"]
    enum Marker: CaseIterable { case circle, square, triangle, diamond, invertedTriangle, cross, plus }

    static func dash(_ index: Int) -> String { dashes[index % dashes.count] }
    static func marker(_ index: Int) -> Marker { Marker.allCases[index % Marker.allCases.count] }

    /// The marker drawn at (x, y), about `size` points across.
    static func draw(_ marker: Marker, x: Double, y: Double, size: Double, colour: String) -> String {
        let r = size / 2
        let filled = [("fill", colour), ("stroke", "#ffffff"), ("stroke-width", "0.6")]
        let stroked = [("fill", "none"), ("stroke", colour), ("stroke-width", "1.4")]
        func polygon(_ points: [(Double, Double)]) -> String {
            SVG.element("polygon", [("points", points.map { "\(SVG.num(x + $0.0)),\(SVG.num(y + $0.1))" }.joined(separator: " "))] + filled)
        }
        switch marker {
        case .circle:
            return SVG.element("circle", [("cx", SVG.num(x)), ("cy", SVG.num(y)), ("r", SVG.num(r))] + filled)
        case .square:
            return polygon([(-r * 0.9, -r * 0.9), (r * 0.9, -r * 0.9), (r * 0.9, r * 0.9), (-r * 0.9, r * 0.9)])
        case .triangle:
            return polygon([(0, -r * 1.15), (r * 1.1, r * 0.8), (-r * 1.1, r * 0.8)])
        case .diamond:
            return polygon([(0, -r * 1.25), (r * 1.1, 0), (0, r * 1.25), (-r * 1.1, 0)])
        case .invertedTriangle:
            return polygon([(0, r * 1.15), (r * 1.1, -r * 0.8), (-r * 1.1, -r * 0.8)])
        case .cross:
            return SVG.element("path", [("d", "M\(SVG.num(x - r)),\(SVG.num(y - r))L\(SVG.num(x + r)),\(SVG.num(y + r))M\(SVG.num(x - r)),\(SVG.num(y + r))L\(SVG.num(x + r)),\(SVG.num(y - r))")] + stroked)
        case .plus:
            return SVG.element("path", [("d", "M\(SVG.num(x - r)),\(SVG.num(y))L\(SVG.num(x + r)),\(SVG.num(y))M\(SVG.num(x)),\(SVG.num(y - r))L\(SVG.num(x)),\(SVG.num(y + r))")] + stroked)
        }
    }
}

/// Fills for the measures of a grouped bar chart: a lightness step and a pattern each, so that the
/// bars of a group differ in greyscale and in black-and-white print.
enum BarFills {
    static func colours(_ count: Int) -> [String] { Palette.colours(count, darkest: 32, lightest: 78) }

    /// `<pattern>` definitions for `count` measures; measure 0 is a plain fill.
    static func definitions(_ count: Int) -> String {
        let colours = colours(count)
        return (1..<max(1, count)).map { index in
            let mark: String
            switch index % 3 {
            case 1: mark = SVG.element("path", [("d", "M-1,1 l2,-2 M0,5 l5,-5 M4,6 l2,-2"), ("stroke", "#ffffff"), ("stroke-width", "1.1")])
            case 2: mark = SVG.element("circle", [("cx", "2.5"), ("cy", "2.5"), ("r", "0.9"), ("fill", Ink.text)])
            default: mark = SVG.element("path", [("d", "M0,2.5 h5"), ("stroke", Ink.text), ("stroke-width", "0.7")])
            }
            return SVG.element("pattern", [("id", "fill\(index)"), ("patternUnits", "userSpaceOnUse"), ("width", "5"), ("height", "5")],
                               content: SVG.element("rect", [("width", "5"), ("height", "5"), ("fill", colours[index])]) + mark)
        }.joined(separator: "\n")
    }

    static func fill(_ index: Int, of count: Int) -> String { index == 0 ? colours(count)[0] : "url(#fill\(index))" }
}

/// A linear value axis from zero with round tick steps, labelled in the unit that keeps the
/// numbers short (millions, thousands or persons), in the chart's language.
struct ValueAxis {
    let maximum: Double
    let ticks: [Double]
    let unit: Double
    let unitName: String
    private let digits: Int
    private let format: NumberFormat

    init(maximum value: Double, language: Language, targetTicks: Int = 5) {
        format = NumberFormat(language)
        let raw = max(value, 1) / Double(targetTicks)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let top = (max(value, 1) / step).rounded(.up) * step
        ticks = stride(from: 0.0, through: top + step / 2, by: step).map { $0 }
        maximum = top
        let es = language == .es
        if top >= 2e6 {
            unit = 1e6; unitName = es ? "millones" : "millions"
        } else if top >= 2e4 {
            unit = 1e3; unitName = es ? "miles" : "thousands"
        } else {
            unit = 1; unitName = es ? "personas" : "persons"
        }
        digits = max(0, Int(-floor(log10(step / unit) + 1e-9)))
    }

    func label(_ value: Double) -> String {
        let scaled = value / unit
        return digits == 0 ? format.integer(Int64(scaled.rounded())) : format.decimal(scaled, digits: digits)
    }
}
