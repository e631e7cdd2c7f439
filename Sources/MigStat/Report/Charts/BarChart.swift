/// Horizontal bars, one row per category and one bar per measure in the row, with the value
/// written at the end of each bar. Several measures differ in lightness and pattern.
struct BarChart {
    let categories: [String]
    /// The measures' names, for the legend; one measure needs none.
    let measures: [String]
    /// values[category][measure]
    let values: [[Int64]]
    let valueName: String
    let language: Language

    var definitions: String { measures.count > 1 ? BarFills.definitions(measures.count) : "" }

    func draw() -> (svg: SVG, height: Double) {
        let format = NumberFormat(language)
        let size = Page.textSize
        let axis = ValueAxis(maximum: Double(values.flatMap { $0 }.max() ?? 0), language: language)
        var svg = SVG()
        var top = 0.0
        if measures.count > 1 {
            let count = measures.count
            let legend = Legend(keys: measures.indices.map { index in
                Legend.Key(label: measures[index], swatch: { x, y in
                    SVG.element("rect", [("x", SVG.num(x)), ("y", SVG.num(y - 5)), ("width", "16"), ("height", "10"),
                                         ("fill", BarFills.fill(index, of: count)), ("stroke", Ink.axis), ("stroke-width", "0.4")])
                }, swatchWidth: 16)
            })
            let (legendSVG, height) = legend.draw(x: Page.margin, y: 0, width: Page.width - 2 * Page.margin)
            svg.add(legendSVG)
            top = height + 4
        }

        let labelLimit = (Page.width - 2 * Page.margin) * 0.4
        let labelLines = categories.map { label -> [String] in
            let lines = TextMetrics.wrap(label, width: labelLimit, size: size)
            guard lines.count > 2 else { return lines }
            return [lines[0], lines[1] + "…"]
        }
        let labelWidth = labelLines.flatMap { $0 }.map { TextMetrics.width($0, size: size) }.max() ?? 0
        let valueWidth = values.flatMap { $0 }.map { TextMetrics.width(format.integer($0), size: size) }.max() ?? 0
        let left = Page.margin + labelWidth + 8
        let right = Page.width - Page.margin - valueWidth - 6
        let scale = (right - left) / axis.maximum

        top += size + 8
        svg.add(SVG.text("\(valueName) (\(axis.unitName))", x: left, y: top - 8, size: size, fill: Ink.muted,
                         className: "axis-title"))
        // Bars thin out when there are many, so that a chart stays within half a page.
        let barHeight = measures.count == 1 ? 13.0 : categories.count * measures.count > 12 ? 9.5 : 11.0
        let rowHeights = labelLines.map { max(Double(measures.count) * barHeight, Double($0.count) * ChartFrame.textLeading) + 8 }
        let bottom = top + rowHeights.reduce(0, +)

        svg.add("<g class=\"axis\">")
        for tick in axis.ticks {
            let x = left + tick * scale
            svg.add(SVG.element("line", [("x1", SVG.num(x)), ("y1", SVG.num(top)), ("x2", SVG.num(x)), ("y2", SVG.num(bottom)),
                                         ("stroke", tick == 0 ? Ink.axis : Ink.grid), ("stroke-width", tick == 0 ? "0.8" : "0.5")]))
            svg.add(SVG.text(axis.label(tick), x: x, y: bottom + 4 + size, size: size, anchor: "middle"))
        }
        svg.add("</g>")

        var y = top
        for (row, category) in categories.enumerated() {
            let block = Double(measures.count) * barHeight
            let rowTop = y + (rowHeights[row] - block) / 2
            let lines = labelLines[row]
            let firstBaseline = y + rowHeights[row] / 2 - Double(lines.count - 1) * ChartFrame.textLeading / 2 + size * 0.35
            for (index, line) in lines.enumerated() {
                svg.add(SVG.text(line, x: left - 6, y: firstBaseline + Double(index) * ChartFrame.textLeading, size: size,
                                 anchor: "end", className: index == 0 ? "category" : "category-more"))
            }
            for measure in measures.indices {
                let value = values[row][measure]
                let barTop = rowTop + Double(measure) * barHeight
                svg.add(SVG.element("rect", [("class", "bar"), ("data-category", category), ("data-measure", measures[measure]),
                                             ("x", SVG.num(left)), ("y", SVG.num(barTop + 0.5)),
                                             ("width", String(Double(value) * scale)), ("height", SVG.num(barHeight - 1)),
                                             ("fill", measures.count > 1 ? BarFills.fill(measure, of: measures.count) : BarFills.colours(3)[0]),
                                             ("stroke", measures.count > 1 ? Ink.axis : "none"), ("stroke-width", "0.4")]))
                svg.add(SVG.text(format.integer(value), x: left + Double(value) * scale + 4,
                                 y: barTop + barHeight / 2 + size * 0.35, size: size, className: "value"))
            }
            y += rowHeights[row]
        }
        return (svg, bottom + 4 + size + 2)
    }
}
