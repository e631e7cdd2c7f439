/// An auxiliary measure by area, year and sex: the total population (UN DESA Table 2 gives it in
/// thousands with three decimals, stored here in persons, exactly).
public struct PopulationTable: Sendable {
    public let years: [Int]
    public let areaCount: Int
    /// [year index][sex][area] → persons, -1 where the publisher gives "..".
    private let values: [Int64]
    public let provenance: Provenance
    public let published: [PublishedTotal]
    public let bothSexesOnly: [BothSexesOnly]

    init(years: [Int], areaCount: Int, values: [Int64], provenance: Provenance,
         published: [PublishedTotal], bothSexesOnly: [BothSexesOnly]) {
        self.years = years
        self.areaCount = areaCount
        self.values = values
        self.provenance = provenance
        self.published = published
        self.bothSexesOnly = bothSexesOnly
    }

    /// Figures held (cells that are not "..").
    public var valueCount: Int { values.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }

    /// Whether any area has a figure for `sex`.
    public func hasValues(_ sex: Sex) -> Bool {
        years.indices.contains { y in
            let start = (y * Sex.allCases.count + Int(sex.rawValue)) * areaCount
            return values[start..<(start + areaCount)].contains { $0 >= 0 }
        }
    }

    public func value(area: Int, year: Int, sex: Sex) -> Int64? {
        guard let y = years.firstIndex(of: year), area < areaCount else { return nil }
        let value = values[(y * Sex.allCases.count + Int(sex.rawValue)) * areaCount + area]
        return value < 0 ? nil : value
    }

    /// The sum over `areas` and the areas among them with no figure.
    public func sum(areas: [Int], year: Int, sex: Sex) -> (persons: Int64, missing: [Int]) {
        var total: Int64 = 0
        var missing: [Int] = []
        for area in areas {
            if let value = value(area: area, year: year, sex: sex) { total += value } else { missing.append(area) }
        }
        return (total, missing)
    }

    /// Collects values as a wide table's rows arrive.
    struct Builder {
        let areaCount: Int
        private(set) var years: [Int] = []
        private var blocks: [[Int64]] = []

        init(areaCount: Int) { self.areaCount = areaCount }

        mutating func set(area: Int, year: Int, sex: Sex, persons: Int64) {
            var y = years.firstIndex(of: year) ?? -1
            if y < 0 {
                y = years.count
                years.append(year)
                blocks.append([Int64](repeating: -1, count: Sex.allCases.count * areaCount))
            }
            blocks[y][Int(sex.rawValue) * areaCount + area] = persons
        }

        var valueCount: Int { blocks.reduce(0) { $0 + $1.filter { $0 >= 0 }.count } }

        func finish(provenance: Provenance, published: [PublishedTotal], bothSexesOnly: [BothSexesOnly]) -> PopulationTable {
            PopulationTable(years: years, areaCount: areaCount, values: blocks.flatMap { $0 }, provenance: provenance,
                            published: published, bothSexesOnly: bothSexesOnly)
        }
    }
}
