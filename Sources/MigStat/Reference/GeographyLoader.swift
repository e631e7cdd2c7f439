extension Geography {
    /// Loads datasets/groups.csv, datasets/geography.csv and datasets/undesa-region-codes.csv
    /// (schema in datasets/README-geography.md).
    public static func load(directory: String) throws -> Geography {
        let groupsFile = directory + "/groups.csv"
        let areasFile = directory + "/geography.csv"
        let groupRecords = try ReferenceTable(path: groupsFile, columns: ["code", "kind", "name_en", "name_es", "aliases"])
        var groups: [Group] = []
        for row in groupRecords.rows {
            guard let code = Int(row["code"]), let kind = GroupKind(rawValue: row["kind"]) else {
                throw MigStatError.input(row.location, what: "bad group code or kind", hint: "see datasets/README.md")
            }
            groups.append(Group(code: code, kind: kind, nameEn: row["name_en"], nameEs: row["name_es"],
                                aliases: row.list("aliases"), members: []))
        }
        var groupIndex: [Int: Int] = [:]
        for (index, group) in groups.enumerated() { groupIndex[group.code] = index }

        let partitions = ["region", "subregion", "intermediate", "sdg_region", "development", "income"]
        let areaRecords = try ReferenceTable(
            path: areasFile, columns: ["m49", "iso3", "name_en", "name_es", "aliases"] + partitions + ["other_groups"])
        var areas: [Area] = []
        for row in areaRecords.rows {
            guard let m49 = Int(row["m49"]) else {
                throw MigStatError.input(row.location, what: "bad M49 code \"\(row["m49"])\"", hint: "")
            }
            let index = areas.count
            areas.append(Area(m49: m49, iso3: row["iso3"], nameEn: row["name_en"], nameEs: row["name_es"],
                              aliases: row.list("aliases")))
            let codes = partitions.map { row[$0] }.filter { !$0.isEmpty } + row.list("other_groups")
            for text in codes {
                guard let code = Int(text), let group = groupIndex[code] else {
                    throw MigStatError.input(row.location, what: "group code \"\(text)\" is not in groups.csv",
                                             hint: "add it there or correct the code")
                }
                groups[group].members.append(index)
            }
        }
        for index in groups.indices where groups[index].kind == .world {
            groups[index].members = Array(areas.indices)
        }
        var undesaCodes: [Int: Int] = [:]
        let codesFile = directory + "/undesa-region-codes.csv"
        for row in try ReferenceTable(path: codesFile, columns: ["undesa_code", "m49"]).rows {
            guard let undesa = Int(row["undesa_code"]), let m49 = Int(row["m49"]) else {
                throw MigStatError.input(row.location, what: "bad code", hint: "see datasets/README-geography.md")
            }
            undesaCodes[undesa] = m49
        }
        return try Geography(areas: areas, groups: groups, undesaCodes: undesaCodes)
    }
}

/// A small CSV file of the project's reference data, read by header names.
struct ReferenceTable {
    struct Row {
        let values: [String]
        let columns: [String: Int]
        let location: SourceLocation

        subscript(_ column: String) -> String {
            guard let index = columns[column], index < values.count else { return "" }
            return values[index]
        }

        /// A "|"-separated list field.
        func list(_ column: String) -> [String] {
            self[column].split(separator: "|").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        }
    }

    let rows: [Row]

    init(path: String, columns required: [String]) throws {
        let records = try CSVRecordCollector.read(InputBytes(path: path))
        guard let header = records.first else {
            throw MigStatError.reference("\(path) is empty")
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() { columns[name] = index }
        if let missing = required.first(where: { columns[$0] == nil }) {
            throw MigStatError.reference("\(path) has no column \"\(missing)\"")
        }
        rows = records.dropFirst().map {
            Row(values: $0.fields, columns: columns, location: SourceLocation(file: path, line: $0.line))
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view = view.dropFirst() }
        while view.last?.isWhitespace == true { view = view.dropLast() }
        return String(view)
    }
}
