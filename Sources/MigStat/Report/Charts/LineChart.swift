/// Stocks over the years, one line per series: each with its own lightness, dash and marker.
struct LineChart {
    struct Series {
        let label: String
        let points: [(year: Int, value: Int64)]
    }

    let series: [Series]
    let valueName: String
    let language: Language

    static let plotHeight = 200.0

    func draw() -> (svg: SVG, height: Double) {
        let colours = Palette.colours(series.count, darkest: 28, lightest: 66)
        let maximum = Double(series.flatMap(\.points).map(\.value).max() ?? 0)
        let axis = ValueAxis(maximum: maximum, language: language)
        let years = Array(Set(series.flatMap { $0.points.map(\.year) })).sorted()
        var svg = SVG()

        let legend = Legend(keys: series.indices.map { index in
            Legend.Key(label: series[index].label, swatch: { x, y in
                SVG.element("line", [("x1", SVG.num(x)), ("y1", SVG.num(y)), ("x2", SVG.num(x + 28)), ("y2", SVG.num(y)),
                                     ("stroke", colours[index]), ("stroke-width", "2")]
                            + (SeriesMarks.dash(index).isEmpty ? [] : [("stroke-dasharray", SeriesMarks.dash(index))]))
                    + SeriesMarks.draw(SeriesMarks.marker(index), x: x + 14, y: y, size: 6, colour: colours[index])
            }, swatchWidth: 28)
        })
        let (legendSVG, legendHeight) = legend.draw(x: Page.margin, y: 0, width: Page.width - 2 * Page.margin)
        svg.add(legendSVG)

        let tickLabels = axis.ticks.map(axis.label)
        let labelWidth = tickLabels.map { TextMetrics.width($0, size: Page.textSize) }.max() ?? 0
        let left = Page.margin + labelWidth + 6, right = Page.width - Page.margin - 10
        let top = legendHeight + 8 + Page.textSize + 6, bottom = top + Self.plotHeight
        let first = Double(years.first ?? 0), last = Double(years.last ?? 1)
        let x = { (year: Int) in left + 14 + (right - left - 22) * (last > first ? (Double(year) - first) / (last - first) : 0.5) }
        let y = { (value: Double) in bottom - Self.plotHeight * value / axis.maximum }

        svg.add(SVG.text("\(valueName) (\(axis.unitName))", x: Page.margin, y: top - 8, size: Page.textSize,
                         fill: Ink.muted, className: "axis-title"))
        svg.add("<g class=\"axis\">")
        for (tick, label) in zip(axis.ticks, tickLabels) {
            svg.add(SVG.element("line", [("x1", SVG.num(left)), ("y1", SVG.num(y(tick))), ("x2", SVG.num(right)),
                                         ("y2", SVG.num(y(tick))), ("stroke", tick == 0 ? Ink.axis : Ink.grid),
                                         ("stroke-width", tick == 0 ? "0.8" : "0.5")]))
            svg.add(SVG.text(label, x: left - 5, y: y(tick) + Page.textSize * 0.35, size: Page.textSize, anchor: "end"))
        }
        var lastLabelEnd = -Double.infinity
        for year in years {
            let text = String(year), width = TextMetrics.width(text, size: Page.textSize)
            svg.add(SVG.element("line", [("x1", SVG.num(x(year))), ("y1", SVG.num(bottom)), ("x2", SVG.num(x(year))),
                                         ("y2", SVG.num(bottom + 3)), ("stroke", Ink.axis), ("stroke-width", "0.8")]))
            guard x(year) - width / 2 > lastLabelEnd + 3 else { continue }
            svg.add(SVG.text(text, x: x(year), y: bottom + 4 + Page.textSize, size: Page.textSize, anchor: "middle"))
            lastLabelEnd = x(year) + width / 2
        }
        svg.add("</g>")

        for (index, line) in series.enumerated() {
            svg.add("<g class=\"series\" data-label=\"\(SVG.escape(line.label))\">")
            let points = line.points.map { "\(SVG.num(x($0.year))),\(SVG.num(y(Double($0.value))))" }.joined(separator: " ")
            var attributes = [("class", "series-line"), ("points", points), ("fill", "none"), ("stroke", colours[index]),
                              ("stroke-width", "2"), ("stroke-linejoin", "round")]
            if !SeriesMarks.dash(index).isEmpty { attributes.append(("stroke-dasharray", SeriesMarks.dash(index))) }
            svg.add(SVG.element("polyline", attributes))
            for point in line.points {
                svg.add(SeriesMarks.draw(SeriesMarks.marker(index), x: x(point.year), y: y(Double(point.value)), size: 6,
                                         colour: colours[index]))
            }
            svg.add("</g>")
        }
        return (svg, bottom + 4 + Page.textSize + 2)
    }
}
