import Foundation

/// A figure by year and sex, optionally for one part of a breakdown.
public struct StockRow: Sendable, Equatable {
    public var year: Int
    public var sex: Sex
    /// The breakdown's part (a country or group label); nil without a breakdown.
    public var part: String?
    public var stock: Int64
}

/// A corridor's stock in one year, with the change since the previous year of the series.
public struct CorridorRow: Sendable, Equatable {
    public var year: Int
    public var sex: Sex
    public var stock: Int64
    public var change: Int64?
    /// Percent change since the previous year of the series; nil where it started from zero.
    public var percentChange: Double?
    /// The UN's annual rate of change, 100·ln(S₂/S₁)/(t₂−t₁), in percent a year.
    public var annualRate: Double?
}

/// One ranked origin, destination or corridor.
public struct RankedRow: Sendable, Equatable {
    public var rank: Int
    public var origin: String?
    public var destination: String?
    public var stock: Int64
    /// Share of the query's total (all origins of the destination, all corridors counted).
    public var share: Double
}

/// An origin × destination matrix between groups, for one year and sex.
public struct GroupMatrix: Sendable, Equatable {
    public var year: Int
    public var sex: Sex
    public var labels: [String]
    /// cells[origin][destination]
    public var cells: [[Int64]]

    public var originTotals: [Int64] { cells.map { $0.reduce(0, +) } }
    public var destinationTotals: [Int64] {
        labels.indices.map { column in cells.reduce(0) { $0 + $1[column] } }
    }
    public var total: Int64 { originTotals.reduce(0, +) }
}

public enum TopMode: Sendable {
    /// The largest origins of migrants living in a destination.
    case originsOf(Selection)
    /// The largest destinations of emigrants from an origin.
    case destinationsOf(Selection)
    /// The largest country-to-country corridors, both ends within a selection (or anywhere).
    case corridors(within: Selection?)
}

/// The queries of migstat over one dataset.
public struct Engine: Sendable {
    public let dataset: Dataset
    public let resolver: Resolver

    public init(dataset: Dataset, resolver: Resolver) {
        self.dataset = dataset
        self.resolver = resolver
    }

    var table: MigrantTable { dataset.table }
    var geography: Geography { dataset.geography }
    var language: Language { resolver.language }

    /// Immigrant stock of `destination`, emigrant stock of `origin`, or both ends at once,
    /// optionally split by the countries or groups of one side.
    public func stock(destination: Selection?, origin: Selection?, years: [Int], sexes: [Sex],
                      by breakdown: Breakdown? = nil, side: Side = .destination) throws -> [StockRow] {
        // A selection whose areas change over the years (dated mechanism membership) is summed year by year.
        let yearDependent = destination?.dependsOnYear == true || origin?.dependsOnYear == true
        let passes = yearDependent ? years.map { [$0] } : [years]
        if origin != nil || (breakdown != nil && side == .origin) { try requireOrigins("an origin-side query") }
        var rows: [StockRow] = []
        for passYears in passes {
            let year = passYears[0]
            var destinationSlot = destination?.mask(areaCount: geography.slotCount, year: year) ?? allAreas()
            destinationSlot[geography.unspecifiedOrigin] = -1  // an origin category, never a destination
            var originSlot = origin?.mask(areaCount: geography.slotCount, year: year) ?? allAreas()
            var partNames: [String?] = [nil]
            if let breakdown {
                let (slots, names) = split(side == .destination ? destinationSlot : originSlot, by: breakdown)
                if side == .destination { destinationSlot = slots } else { originSlot = slots }
                partNames = names
            }
            let sums = Aggregation(yearSlot: yearSlots(passYears), sexSlot: sexSlots(sexes),
                                   destinationSlot: destinationSlot, originSlot: originSlot).run(on: table)
            for (y, year) in passYears.enumerated() {
                for (s, sex) in sexes.enumerated() {
                    var block = partNames.indices.map { part in
                        StockRow(year: year, sex: sex, part: partNames[part],
                                 stock: sums[y, s, side == .destination ? part : 0, side == .origin ? part : 0])
                    }
                    if breakdown != nil { block.sort { ($0.stock, $1.part ?? "") > ($1.stock, $0.part ?? "") } }
                    rows += block
                }
            }
        }
        return rows
    }

    /// The stock from `from` to `to` in each year, with changes between consecutive years.
    public func corridor(from: Selection, to: Selection, years: [Int], sex: Sex) throws -> [CorridorRow] {
        let series = try stock(destination: to, origin: from, years: years, sexes: [sex])
        var rows: [CorridorRow] = []
        var previous: StockRow?
        for row in series {
            var out = CorridorRow(year: row.year, sex: sex, stock: row.stock)
            if let previous {
                out.change = row.stock - previous.stock
                if previous.stock > 0 {
                    out.percentChange = 100 * Double(row.stock - previous.stock) / Double(previous.stock)
                    if row.stock > 0 {
                        out.annualRate = 100 * log(Double(row.stock) / Double(previous.stock))
                            / Double(row.year - previous.year)
                    }
                }
            }
            rows.append(out)
            previous = row
        }
        return rows
    }

    /// The `n` largest origins, destinations or corridors in `year`.
    public func top(_ mode: TopMode, year: Int, sex: Sex, n: Int) throws -> [RankedRow] {
        try requireOrigins("a ranking of origins, destinations or corridors")
        let count = geography.areas.count
        // Countries only: origins the table does not give by country are not ranked.
        let identity = (0..<geography.slotCount).map { $0 < count ? Int32($0) : -1 }
        var destinationSlot = identity, originSlot = identity
        switch mode {
        case .originsOf(let selection):
            destinationSlot = selection.mask(areaCount: geography.slotCount, year: year)
        case .destinationsOf(let selection):
            originSlot = selection.mask(areaCount: geography.slotCount, year: year)
        case .corridors(let within):
            if let within {
                let mask = within.mask(areaCount: geography.slotCount, year: year)
                destinationSlot = identity.indices.map { identity[$0] < 0 || mask[$0] < 0 ? -1 : identity[$0] }
                originSlot = destinationSlot
            }
        }
        let sums = Aggregation(yearSlot: yearSlots([year]), sexSlot: sexSlots([sex]),
                               destinationSlot: destinationSlot, originSlot: originSlot).run(on: table)
        // Slots are area indices here; the sums stop at the highest area the filters kept.
        var cells: [(destination: Int?, origin: Int?, stock: Int64)] = []
        switch mode {
        case .originsOf:
            cells = (0..<sums.originCount).map { (nil, $0, sums[0, 0, 0, $0]) }
        case .destinationsOf:
            cells = (0..<sums.destinationCount).map { ($0, nil, sums[0, 0, $0, 0]) }
        case .corridors:
            for d in 0..<sums.destinationCount {
                for o in 0..<sums.originCount where sums[0, 0, d, o] > 0 { cells.append((d, o, sums[0, 0, d, o])) }
            }
        }
        let total = cells.reduce(Int64(0)) { $0 + $1.stock }
        let ranked = cells.filter { $0.stock > 0 }.sorted { a, b in
            a.stock != b.stock ? a.stock > b.stock : (a.destination ?? 0, a.origin ?? 0) < (b.destination ?? 0, b.origin ?? 0)
        }
        return ranked.prefix(n).enumerated().map { rank, cell in
            RankedRow(rank: rank + 1, origin: cell.origin.map(areaName), destination: cell.destination.map(areaName),
                      stock: cell.stock, share: total > 0 ? Double(cell.stock) / Double(total) : 0)
        }
    }

    /// The matrix of stocks between the groups of one partition.
    public func matrix(by kind: GroupKind, year: Int, sex: Sex) throws -> GroupMatrix {
        try requireOrigins("an origin × destination matrix")
        let (slots, names) = split(allAreas(), by: .group(kind))
        let sums = Aggregation(yearSlot: yearSlots([year]), sexSlot: sexSlots([sex]),
                               destinationSlot: slots, originSlot: slots).run(on: table)
        let labels = names.map { $0 ?? "" }
        let cells = labels.indices.map { o in labels.indices.map { d in sums[0, 0, d, o] } }
        return GroupMatrix(year: year, sex: sex, labels: labels, cells: cells)
    }

    // MARK: slots

    /// Every area and the unspecified origin: no filter.
    func allAreas() -> [Int32] { [Int32](repeating: 0, count: geography.slotCount) }

    /// Origin-side figures from a table by destination only would be zeros, not answers: refuse them.
    func requireOrigins(_ what: String) throws {
        guard !dataset.hasKnownOrigins else { return }
        throw MigStatError.usage(
            "\(dataset.provenance.file) (\(dataset.provenance.edition)) gives migrants by destination only, with no "
                + "origins, so \(what) cannot be answered from it; use a bilateral table (the embedded IMS 2024, "
                + "without --data, or a destination-and-origin table)")
    }

    func yearSlots(_ years: [Int]) -> [Int32] {
        table.years.map { year in years.firstIndex(of: year).map(Int32.init) ?? -1 }
    }

    func sexSlots(_ sexes: [Sex]) -> [Int32] {
        Sex.allCases.map { sex in sexes.firstIndex(of: sex).map(Int32.init) ?? -1 }
    }

    func areaName(_ index: Int) -> String { geography.areas[index].name(language) }

    /// Splits the areas a mask keeps into the parts of a breakdown: slots, and each slot's label,
    /// in the order of the geography (groups as listed in groups.csv). Areas of the mask that the
    /// partition leaves out go to a part labelled "(other)", the unspecified origin to its own part.
    func split(_ mask: [Int32], by breakdown: Breakdown) -> ([Int32], [String?]) {
        let partition: [Int32]? = if case .group(let kind) = breakdown { geography.partition(kind) } else { nil }
        let unspecified = geography.unspecifiedOrigin
        // The unspecified origin is a part only where the table has such rows.
        let keepUnspecified = table.origin.buffer.contains(UInt16(unspecified))
        let kept = mask.indices.filter { mask[$0] >= 0 && ($0 != unspecified || keepUnspecified) }
        let keyOfArea = { (area: Int) -> Int in
            area == unspecified ? -2 : partition.map { Int($0[area]) } ?? area
        }
        let keys = Set(kept.map(keyOfArea)).sorted { ($0 < 0 ? Int.max + $0 : $0) < ($1 < 0 ? Int.max + $1 : $1) }
        var slotOfKey: [Int: Int32] = [:]
        for (slot, key) in keys.enumerated() { slotOfKey[key] = Int32(slot) }
        var slots = [Int32](repeating: -1, count: mask.count)
        for area in kept { slots[area] = slotOfKey[keyOfArea(area)]! }
        let names: [String?] = keys.map { key in
            if key == -2 { return language == .es ? "(origen no especificado)" : "(origin not specified)" }
            if partition == nil { return areaName(key) }
            return key >= 0 ? geography.groups[key].name(language) : "(other)"
        }
        return (slots, names)
    }
}
