/// What every chart has around its plot: a title (and a line saying how to read it) at the head,
/// the coverage caveat and the source at the foot, each wrapped to the page.
struct ChartFrame {
    let titleLines: [String]
    let subtitleLines: [String]
    let footerLines: [String]

    init(title: String, subtitle: String? = nil, notes: [String]) {
        let width = Page.width - 2 * Page.margin
        titleLines = TextMetrics.wrap(title, width: width, size: Page.titleSize, bold: true)
        subtitleLines = subtitle.map { TextMetrics.wrap($0, width: width, size: Page.textSize) } ?? []
        footerLines = notes.flatMap { TextMetrics.wrap($0, width: width, size: Page.textSize) }
    }

    static let titleLeading = Page.titleSize + 3.5
    static let textLeading = Page.textSize + Page.lineGap

    var headerHeight: Double {
        Page.margin + Double(titleLines.count) * Self.titleLeading
            + Double(subtitleLines.count) * Self.textLeading + (subtitleLines.isEmpty ? 4 : 8)
    }

    var footerHeight: Double { 10 + Double(footerLines.count) * Self.textLeading + Page.margin - 4 }

    /// The whole SVG document: the plot, drawn from (0, 0) at the page's width, goes under the head.
    func document(plot: SVG, plotHeight: Double, definitions: String = "", kind: String) -> String {
        let height = headerHeight + plotHeight + footerHeight
        var svg = SVG()
        svg.add("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        svg.add("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVG.num(Page.widthMM))mm\" "
            + "height=\"\(SVG.num(height / 72 * 25.4))mm\" viewBox=\"0 0 \(SVG.num(Page.width)) \(SVG.num(height))\" "
            + "font-family=\"\(Page.fontFamily)\" class=\"chart \(kind)\">")
        if !definitions.isEmpty { svg.add("<defs>\n\(definitions)\n</defs>") }
        svg.add(SVG.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")]))
        /// Lines of text from baseline `y` on, in a group of their own; the baseline after the last.
        func block(_ lines: [String], className: String, y: Double, size: Double, leading: Double) -> Double {
            svg.add("<g class=\"\(className)\">")
            for (index, line) in lines.enumerated() {
                svg.add(SVG.text(line, x: Page.margin, y: y + Double(index) * leading, size: size,
                                 weight: size == Page.titleSize ? "bold" : nil, fill: size == Page.titleSize ? Ink.text : Ink.muted))
            }
            svg.add("</g>")
            return y + Double(lines.count) * leading
        }
        let afterTitle = block(titleLines, className: "title", y: Page.margin + Page.titleSize, size: Page.titleSize,
                               leading: Self.titleLeading)
        if !subtitleLines.isEmpty {
            _ = block(subtitleLines, className: "subtitle", y: afterTitle + Page.textSize - Page.titleSize + 1,
                      size: Page.textSize, leading: Self.textLeading)
        }
        svg.add("<g class=\"plot\" transform=\"translate(0,\(SVG.num(headerHeight)))\">")
        svg.add(plot)
        svg.add("</g>")
        _ = block(footerLines, className: "source", y: headerHeight + plotHeight + 10 + Page.textSize, size: Page.textSize,
                  leading: Self.textLeading)
        svg.add("</svg>")
        return svg.text + "\n"
    }
}

/// A row of legend keys that wraps onto more rows when it does not fit the page.
struct Legend {
    struct Key { let label: String; let swatch: (Double, Double) -> String; let swatchWidth: Double }

    let keys: [Key]

    /// The legend drawn from (x, y) across `width`, and the height it took.
    func draw(x: Double, y: Double, width: Double) -> (SVG, Double) {
        var svg = SVG()
        svg.add("<g class=\"legend\">")
        var cx = x, cy = y + Page.textSize
        let rowHeight = Page.textSize + 6
        for key in keys {
            let needed = key.swatchWidth + 5 + TextMetrics.width(key.label, size: Page.textSize)
            if cx > x, cx + needed > x + width {
                cx = x
                cy += rowHeight
            }
            svg.add(key.swatch(cx, cy - Page.textSize * 0.35))
            svg.add(SVG.text(key.label, x: cx + key.swatchWidth + 5, y: cy, size: Page.textSize))
            cx += needed + 16
        }
        svg.add("</g>")
        return (svg, keys.isEmpty ? 0 : cy - y + 6)
    }
}
