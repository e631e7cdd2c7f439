/// What a column of a tidy extract holds.
public enum ColumnRole: String, Sendable, CaseIterable {
    case year, origin, destination, sex
    case count = "stock"
    case countMale = "stock_male"
    case countFemale = "stock_female"

    /// Header names recognised for each role, most specific first (compared as name keys, so
    /// "Origin_Code", "origin code" and "ORIGIN-CODE" are one). Where a file has several
    /// candidates (the UN's "dest", "dest_name", "dest_iso3n"), the earliest in this list wins.
    static let synonyms: [ColumnRole: [String]] = [
        .year: ["year", "yr", "time", "period", "ano", "anio", "reference year"],
        .origin: ["origin", "orig", "origin code", "orig code", "origin iso3", "orig iso3", "pob",
                  "place of birth", "country of birth", "from", "origin m49", "origin iso3n", "orig iso3n",
                  "origin name", "orig name", "country of origin", "origen", "pais de origen"],
        .destination: ["destination", "dest", "destination code", "dest code", "destination iso3", "dest iso3",
                       "por", "place of residence", "country of residence", "to", "destination m49",
                       "destination iso3n", "dest iso3n", "destination name", "dest name",
                       "country of destination", "destino", "pais de destino", "residence"],
        .sex: ["sex", "gender", "sexo"],
        .count: ["stock", "value", "count", "migrants", "migrant stock", "number", "obs value", "total",
                 "stock total", "both sexes", "valor", "migrantes"],
        .countMale: ["stock male", "male", "males", "men", "stock males", "migrants male", "value male",
                     "hombres"],
        .countFemale: ["stock female", "female", "females", "women", "stock females", "migrants female",
                       "value female", "mujeres"],
    ]
}

/// The column of each role in a tidy file, from its header row and the user's `--map` overrides.
public struct TidyHeader: Sendable, Equatable {
    /// The columns whose names are synonyms of `roles`, added to `taken` (which wins).
    static func recognise(keys: [String], roles: [ColumnRole], taken: [ColumnRole: Int] = [:]) -> [ColumnRole: Int] {
        var mapping = taken
        for role in roles where mapping[role] == nil {
            for synonym in ColumnRole.synonyms[role]! {
                if let index = keys.firstIndex(of: synonym), !mapping.values.contains(index) {
                    mapping[role] = index
                    break
                }
            }
        }
        return mapping
    }

    public var columnOfRole: [ColumnRole: Int]
    public var names: [String]

    /// Columns no role took: reported, so a user sees what was not read.
    public var ignored: [String] {
        let used = Set(columnOfRole.values)
        return names.indices.filter { !used.contains($0) }.map { names[$0] }
    }

    public init(names: [String], overrides: [ColumnRole: String] = [:], file: String = "") throws {
        self.names = names
        let keys = names.map(nameKey)
        var mapping: [ColumnRole: Int] = [:]
        for (role, column) in overrides {
            guard let index = keys.firstIndex(of: nameKey(column)) else {
                throw MigStatError.input(
                    SourceLocation(file: file, line: 1), what: "--map \(role.rawValue)=\(column): no such column",
                    hint: "the header has " + names.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            mapping[role] = index
        }
        mapping = Self.recognise(keys: keys, roles: ColumnRole.allCases, taken: mapping)
        columnOfRole = mapping
        let location = SourceLocation(file: file, line: 1)
        let header = names.map { "\"\($0)\"" }.joined(separator: ", ")
        for role in [ColumnRole.year, .origin, .destination] where mapping[role] == nil {
            throw MigStatError.input(
                location, what: "no \(role.rawValue) column in the header (\(header))",
                hint: "name one with --map \(role.rawValue)=COLUMN")
        }
        if mapping[.count] == nil, mapping[.countMale] == nil || mapping[.countFemale] == nil {
            throw MigStatError.input(
                location, what: "no count column in the header (\(header))",
                hint: "name one with --map stock=COLUMN, or give stock_male and stock_female")
        }
        if mapping[.sex] != nil, mapping[.countMale] != nil || mapping[.countFemale] != nil {
            throw MigStatError.input(
                location, what: "the header has both a sex column and per-sex count columns",
                hint: "use one form; --map can point a role at the column meant")
        }
    }
}
