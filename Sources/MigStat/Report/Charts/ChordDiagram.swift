import Foundation

/// A directional chord diagram of an origin–destination matrix, drawn as migration researchers know
/// it from migest's `mig_chord` (after circlize's chordDiagram): one sector per region, sized by its
/// migrants in and out (a region's own migrants count on both sides); sectors clockwise from twelve
/// o'clock with a 4° gap; each chord leaves its origin flush with the sector, in the origin's colour,
/// and ends short of the destination in an arrowhead; chord width at both ends ∝ the stock; smaller
/// chords underneath; an outer scale in the stock's unit, starting from zero in every sector.
struct ChordDiagram {
    let labels: [String]
    /// cells[origin][destination]
    let cells: [[Int64]]
    let language: Language

    static let gapDegrees = 4.0
    static let labelWidth = 84.0

    struct Slot { var start: Double; var end: Double }

    func draw() -> (svg: SVG, height: Double) {
        let n = labels.count
        let size = Page.textSize
        let turnover = (0..<n).map { i in cells[i].reduce(0, +) + cells.reduce(0) { $0 + $1[i] } }
        let total = Double(turnover.reduce(0, +))
        let degreesPerUnit = total > 0 ? (360 - Self.gapDegrees * Double(n)) / total : 0
        let colours = Palette.alternating(n, darkest: 24, lightest: 88)

        // Where each sector starts, and each chord's slot at its origin and at its destination.
        var sectorStart = [Double](repeating: 0, count: n)
        var outSlot = [[Slot?]](repeating: [Slot?](repeating: nil, count: n), count: n)
        var inSlot = outSlot
        var angle = 0.0
        for i in 0..<n {
            sectorStart[i] = angle
            // Outgoing chords first, the nearest counter-clockwise destination nearest the sector's start,
            // then incoming ones, the nearest clockwise origin nearest its end: fewer chords cross.
            for step in stride(from: n - 1, through: 0, by: -1) {
                let d = (i + step) % n
                let width = Double(cells[i][d]) * degreesPerUnit
                if cells[i][d] > 0 { outSlot[i][d] = Slot(start: angle, end: angle + width) }
                angle += width
            }
            for step in [0] + Array(stride(from: n - 1, through: 1, by: -1)) {
                let o = (i + step) % n
                let width = Double(cells[o][i]) * degreesPerUnit
                if cells[o][i] > 0 { inSlot[o][i] = Slot(start: angle, end: angle + width) }
                angle += width
            }
            angle += Self.gapDegrees
        }

        // Labels outside the scale: wrapped, horizontal, and the radius is what the page leaves them.
        let labelLines = labels.map { TextMetrics.wrap($0, width: Self.labelWidth, size: size, bold: true) }
        let widest = labelLines.flatMap { $0 }.map { TextMetrics.width($0, size: size, bold: true) }.max() ?? 0
        let ringGap = 1.5, ringWidth = 8.0, scaleSpace = 18.0, labelGap = 5.0
        let outerExtra = ringGap + ringWidth + scaleSpace + labelGap
        let radius = min(150, Page.width / 2 - Page.margin - widest - outerExtra)
        let ringInner = radius + ringGap, ringOuter = ringInner + ringWidth
        let boxes = labelBoxes(labelLines, sectors: (0..<n).map { (sectorStart[$0], sectorStart[$0] + Double(turnover[$0]) * degreesPerUnit) },
                               radius: ringOuter + scaleSpace + labelGap)
        let top = min(-(radius + outerExtra), boxes.map(\.top).min() ?? 0)
        let bottom = max(radius + outerExtra, boxes.map { $0.top + $0.height }.max() ?? 0)
        let centreY = 2 - top
        let height = bottom - top + 6

        var svg = SVG()
        svg.add("<g class=\"chord-diagram\" transform=\"translate(\(SVG.num(Page.width / 2)),\(SVG.num(centreY)))\">")

        // Chords, smallest first so the largest lie on top.
        var chords: [(origin: Int, destination: Int, value: Int64)] = []
        for o in 0..<n { for d in 0..<n where cells[o][d] > 0 { chords.append((o, d, cells[o][d])) } }
        chords.sort { ($0.value, $0.origin, $0.destination) < ($1.value, $1.origin, $1.destination) }
        let arrowDepth = 9.0
        for chord in chords {
            let source = outSlot[chord.origin][chord.destination]!, target = inSlot[chord.origin][chord.destination]!
            let base = radius - arrowDepth, tip = radius - 1
            // Chords between sectors bend through the centre; a sector's chord to itself (migrants who stay
            // within the region) is a tongue: its outer edge dips deep, its inner edge, between the two
            // adjacent ends, only a little.
            let middle = (source.start + target.end) / 2
            let isSelf = chord.origin == chord.destination
            let inner = isSelf ? point(radius * 0.8, middle) : (0.0, 0.0)
            let outer = isSelf ? point(radius * 0.3, middle) : (0.0, 0.0)
            var d = "M" + pair(point(radius, source.start))
            d += "A\(SVG.num(radius)),\(SVG.num(radius)) 0 \(source.end - source.start > 180 ? 1 : 0),1 " + pair(point(radius, source.end))
            d += "Q" + pair(inner) + " " + pair(point(base, target.start))
            d += "L" + pair(point(tip, (target.start + target.end) / 2))
            d += "L" + pair(point(base, target.end))
            d += "Q" + pair(outer) + " " + pair(point(radius, source.start)) + "Z"
            svg.add(SVG.element("path", [("class", "chord"), ("data-origin", labels[chord.origin]),
                                         ("data-destination", labels[chord.destination]), ("d", d),
                                         ("fill", colours[chord.origin]), ("fill-opacity", "0.78"),
                                         ("stroke", colours[chord.origin]), ("stroke-width", "0.4")]))
        }

        // Sectors and their scales.
        let unit: Double = total >= 2e7 ? 1e6 : total >= 2e4 ? 1e3 : 1
        let minimumMajorArc = 36.0
        let valuePerPoint = 1 / (degreesPerUnit * .pi / 180 * radius)
        let rawMajor = minimumMajorArc * valuePerPoint
        let magnitude = pow(10, floor(log10(max(rawMajor, 1))))
        let major = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rawMajor } ?? 10 * magnitude
        let minor = major / (major / magnitude == 2 ? 4 : 5)
        let format = NumberFormat(language)
        for i in 0..<n {
            let start = sectorStart[i], end = start + Double(turnover[i]) * degreesPerUnit
            svg.add("<g class=\"sector-group\">")
            svg.add(SVG.element("path", [("class", "sector"), ("data-label", labels[i]), ("d", annulus(ringInner, ringOuter, start, end)),
                                         ("fill", colours[i]), ("stroke", Ink.axis), ("stroke-width", "0.5")]))
            var ticks = ""
            var value = 0.0
            let sectorArc = (end - start) * .pi / 180 * radius
            while value <= Double(turnover[i]) + 0.5 {
                let at = start + value * degreesPerUnit
                let isMajor = (value / major).rounded() * major == value
                ticks += "M" + pair(point(ringOuter, at)) + "L" + pair(point(ringOuter + (isMajor ? 4 : 2), at))
                let arcToEnd = (end - at) * .pi / 180 * radius
                // Zero is where every sector starts; labelling it would crowd the gaps.
                if isMajor, value > 0, sectorArc > 30, arcToEnd > 14 {
                    let text = unit == 1 ? format.integer(Int64(value)) : format.decimal(value / unit, digits: major / unit < 1 ? 1 : 0)
                    let bottomHalf = at > 90 && at < 270
                    let r = ringOuter + 5 + (bottomHalf ? size * 0.72 : 0)
                    let p = point(r, at)
                    let rotation = bottomHalf ? at + 180 : at
                    svg.add(SVG.text(text, x: p.0, y: p.1, size: size, anchor: "middle", fill: Ink.muted, className: "tick",
                                     transform: "rotate(\(SVG.num(rotation)),\(SVG.num(p.0)),\(SVG.num(p.1)))"))
                }
                value += minor
            }
            svg.add(SVG.element("path", [("d", ticks), ("stroke", Ink.axis), ("stroke-width", "0.6"), ("fill", "none")]))

            let box = boxes[i]
            let lines = labelLines[i]
            if box.moved {
                let from = point(ringOuter + 2, (start + end) / 2)
                let toY = min(max(from.1, box.top + 2), box.top + box.height - 2)
                let toX = box.anchor == "start" ? box.x - 2 : box.anchor == "end" ? box.x + 2 : box.x
                svg.add(SVG.element("polyline", [("class", "leader"), ("points", "\(pair(from)) \(SVG.num(toX)),\(SVG.num(toY))"),
                                                 ("fill", "none"), ("stroke", Ink.muted), ("stroke-width", "0.5")]))
            }
            for (index, line) in lines.enumerated() {
                svg.add(SVG.text(line, x: box.x, y: box.top + size * 0.8 + Double(index) * ChartFrame.textLeading,
                                 size: size, anchor: box.anchor, weight: "bold", className: "region"))
            }
            svg.add("</g>")
        }
        svg.add("</g>")
        return (svg, height)
    }

    struct LabelBox {
        var x: Double
        var top: Double
        var width: Double
        var height: Double
        var anchor: String
        var moved = false
        var left: Double { anchor == "start" ? x : anchor == "end" ? x - width : x - width / 2 }

        func overlaps(_ other: LabelBox, padding: Double) -> Bool {
            left < other.left + other.width + padding && other.left < left + width + padding
                && top < other.top + other.height + padding && other.top < top + height + padding
        }
    }

    /// Where each sector's label goes: beside the middle of the sector, anchored on the side away from
    /// the circle. A label that would overlap one placed before it moves on in the clockwise direction
    /// (down on the right half, up on the left) and gets a leader line.
    func labelBoxes(_ lines: [[String]], sectors: [(start: Double, end: Double)], radius: Double) -> [LabelBox] {
        var boxes: [LabelBox] = []
        for (index, sector) in sectors.enumerated() {
            let middle = (sector.start + sector.end) / 2
            let anchorPoint = point(radius, middle)
            let sine = sin(middle * .pi / 180), cosine = cos(middle * .pi / 180)
            let height = Double(lines[index].count) * ChartFrame.textLeading
            var box = LabelBox(x: anchorPoint.0, top: anchorPoint.1 - height * (1 + cosine) / 2,
                               width: lines[index].map { TextMetrics.width($0, size: Page.textSize, bold: true) }.max() ?? 0,
                               height: height, anchor: sine > 0.2 ? "start" : sine < -0.2 ? "end" : "middle")
            let step = sine >= 0 ? 1.0 : -1.0
            var tries = 0
            while let other = boxes.first(where: { box.overlaps($0, padding: 2) }), tries < 100 {
                box.top = step > 0 ? other.top + other.height + 2.5 : other.top - box.height - 2.5
                box.moved = true
                tries += 1
            }
            boxes.append(box)
        }
        return boxes
    }

    /// The point at `radius` and `degrees` clockwise from twelve o'clock (SVG's y points down).
    private func point(_ radius: Double, _ degrees: Double) -> (Double, Double) {
        let radians = degrees * .pi / 180
        return (radius * sin(radians), -radius * cos(radians))
    }

    private func pair(_ p: (Double, Double)) -> String { "\(SVG.num(p.0)),\(SVG.num(p.1))" }

    private func annulus(_ inner: Double, _ outer: Double, _ start: Double, _ end: Double) -> String {
        let large = end - start > 180 ? 1 : 0
        return "M" + pair(point(outer, start)) + "A\(SVG.num(outer)),\(SVG.num(outer)) 0 \(large),1 " + pair(point(outer, end))
            + "L" + pair(point(inner, end)) + "A\(SVG.num(inner)),\(SVG.num(inner)) 0 \(large),0 " + pair(point(inner, start)) + "Z"
    }
}
