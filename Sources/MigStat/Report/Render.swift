import Foundation

extension ResultTable {
    /// The table in one output format. CSV and JSON carry plain numbers (integers whole, rates
    /// with a point); table and Markdown carry them as the language writes them.
    public func render(_ format: OutputFormat, language: Language) -> String {
        switch format {
        case .csv: return renderCSV()
        case .json: return renderJSON()
        case .markdown: return renderMarkdown(language)
        case .table: return renderTable(language)
        }
    }

    private func plain(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return text
        case .category(let code, _): return code
        case .integer(let value): return String(value)
        case .year(let year): return String(year)
        case .decimal(let value, let digits): return value.map { String(format: "%.\(digits + 2)f", $0) } ?? ""
        }
    }

    private func human(_ cell: Cell, _ format: NumberFormat) -> String {
        switch cell {
        case .text(let text): return text
        case .category(_, let label): return label
        case .integer(let value): return format.integer(value)
        case .year(let year): return String(year)
        case .decimal(let value, let digits): return value.map { format.decimal($0, digits: digits) } ?? "–"
        }
    }

    private var csvMetadata: [(key: String, value: String)] {
        metadata.filter { $0.key == "edition" || $0.key == "coverage" }.map { ($0.key, $0.value) }
    }

    func renderCSV() -> String {
        let extra = csvMetadata
        var lines = [(columns.map(\.key) + extra.map(\.key)).map(csvField).joined(separator: ",")]
        for row in rows {
            lines.append((row.map(plain) + extra.map(\.value)).map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func renderJSON() -> String {
        var out = "{\n  \"title\": \(jsonString(title)),\n  \"metadata\": {"
        out += metadata.map { "\n    \(jsonString($0.key)): \(jsonString($0.value))" }.joined(separator: ",")
        out += "\n  },\n  \"notes\": [" + notes.map(jsonString).joined(separator: ", ") + "],\n  \"rows\": ["
        out += rows.map { row in
            "\n    {" + zip(columns, row).map { column, cell in
                let value: String
                switch cell {
                case .text(let text), .category(let text, _): value = jsonString(text)
                case .integer, .year, .decimal: value = plain(cell).isEmpty ? "null" : plain(cell)
                }
                return "\(jsonString(column.key)): \(value)"
            }.joined(separator: ", ") + "}"
        }.joined(separator: ",")
        return out + "\n  ]\n}\n"
    }

    func renderMarkdown(_ language: Language) -> String {
        let format = NumberFormat(language)
        var lines = ["**\(title)**", ""]
        lines.append("| " + columns.map(\.label).joined(separator: " | ") + " |")
        lines.append("|" + columns.indices.map { isNumeric($0) ? " ---: |" : " --- |" }.joined())
        for row in rows {
            lines.append("| " + row.map { human($0, format).replacingOccurrences(of: "|", with: "\\|") }
                .joined(separator: " | ") + " |")
        }
        if !notes.isEmpty { lines.append("") }
        lines += notes.map { "_\($0)_" }
        return lines.joined(separator: "\n") + "\n"
    }

    func renderTable(_ language: Language) -> String {
        let format = NumberFormat(language)
        let cells = rows.map { $0.map { human($0, format) } }
        let widths = columns.indices.map { column in
            ([columns[column].label] + cells.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { column, value in
                let pad = String(repeating: " ", count: widths[column] - value.count)
                return isNumeric(column) ? pad + value : value + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [title, ""]
        lines.append(line(columns.map(\.label)))
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines += cells.map(line)
        if !notes.isEmpty { lines.append("") }
        lines += notes
        return lines.joined(separator: "\n") + "\n"
    }

    private func isNumeric(_ column: Int) -> Bool {
        rows.contains { row in
            switch row[column] {
            case .text, .category: return false
            case .integer, .year, .decimal: return true
            }
        }
    }
}

func csvField(_ value: String) -> String {
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

func jsonString(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var view = Substring(self)
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
