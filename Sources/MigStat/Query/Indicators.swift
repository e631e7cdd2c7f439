/// Migrants as a share of the population, and women as a share of migrants, for one area or group.
public struct IndicatorRow: Sendable, Equatable {
    public var label: String
    public var year: Int
    public var migrants: Int64
    public var femaleMigrants: Int64?
    public var population: Int64?
    /// 100 × migrants / total population (the UN's "international migrants as a percentage of the population").
    public var migrantsPercent: Double?
    /// 100 × female migrants / (male + female migrants): both from the members that have a sex split,
    /// so a figure published for both sexes only does not lower the share.
    public var femalePercent: Double?
    /// Members that have migrants but no population figure, or the reverse: named so a note can say so.
    public var incomplete: [String]
}

extension Engine {
    /// For each selection: the migrant stock (all origins), the female migrant stock and the total
    /// population in `year`, and the two percentages, the UN way: sums of the members first, then the ratio.
    public func indicators(_ selections: [Selection], year: Int, population: PopulationTable) throws -> [IndicatorRow] {
        guard population.years.contains(year) else {
            throw MigStatError.usage("the population table has no figures for \(year): it has "
                + population.years.sorted().map(String.init).joined(separator: ", "))
        }
        _ = try YearSelection.some(years: [year], ranges: []).resolve(in: table)
        let bySex = table.sexes.isSuperset(of: [.male, .female])
        return try selections.map { selection in
            let sexes: [Sex] = bySex ? [.total, .male, .female] : [.total]
            let rows = try stock(destination: selection, origin: nil, years: [year], sexes: sexes)
            let migrants = rows[0].stock
            let female = bySex ? rows[2].stock : nil
            let split = bySex ? rows[1].stock + rows[2].stock : 0
            let areas = selection.areas(in: year)
            let (persons, missing) = population.sum(areas: areas, year: year, sex: .total)
            let people: Int64? = missing.count == areas.count ? nil : persons
            return IndicatorRow(
                label: selection.label, year: year, migrants: migrants, femaleMigrants: female, population: people,
                migrantsPercent: people.flatMap { $0 > 0 ? 100 * Double(migrants) / Double($0) : nil },
                femalePercent: female.flatMap { split > 0 ? 100 * Double($0) / Double(split) : nil },
                incomplete: areas.count > 1 ? missing.map { geography.areas[$0].nameEn } : [])
        }
    }

    /// The parts of `within` (or of the world) for a breakdown, as selections.
    public func parts(of within: Selection?, by breakdown: Breakdown) -> [Selection] {
        let areas = within.map { $0.areas(in: table.years.max() ?? 0) } ?? Array(geography.areas.indices)
        switch breakdown {
        case .country:
            return areas.map { Selection(label: areaName($0), areas: [$0]) }
        case .group(let kind):
            let inside = Set(areas)
            return geography.groups.filter { $0.kind == kind }.compactMap { group in
                let members = group.members.filter(inside.contains)
                return members.isEmpty ? nil : Selection(label: group.name(language), areas: members)
            }
        }
    }
}
