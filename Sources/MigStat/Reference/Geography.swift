/// A country or area of the UN data, stored everywhere else as its dense index.
public struct Area: Sendable {
    public let m49: Int
    public let iso3: String
    public let nameEn: String
    public let nameEs: String
    public let aliases: [String]

    public func name(_ language: Language) -> String { language == .es ? nameEs : nameEn }
}

/// The kinds of grouping in the geography. The first six partition the areas (each area
/// belongs to at most one group of the kind), so a breakdown by them is an array lookup.
public enum GroupKind: String, Sendable, CaseIterable {
    case world, region, subregion, intermediate
    case sdgRegion = "sdg_region"
    case development, income, ldc, lldc, sids, composite
}

public struct Group: Sendable {
    public let code: Int
    public let kind: GroupKind
    public let nameEn: String
    public let nameEs: String
    public let aliases: [String]
    /// Area indices, ascending.
    public internal(set) var members: [Int]

    public func name(_ language: Language) -> String { language == .es ? nameEs : nameEn }
}

public enum Language: String, Sendable, CaseIterable {
    case en, es
}

/// The project's geography (datasets/geography.csv and datasets/groups.csv): areas by M49 code,
/// ISO3 code and name, and the UN groupings as lookup arrays.
public final class Geography: Sendable {
    public let areas: [Area]
    public let groups: [Group]
    /// ISO3 code → area index, addressed by the code's three letters (26³ slots); -1 where none.
    private let areaByISO3: [Int16]
    private let areaByM49: [Int: Int]
    private let groupByCode: [Int: Int]
    /// UN DESA's own location codes of M49 regions → the M49 code (datasets/undesa-region-codes.csv).
    public let undesaCodes: [Int: Int]

    public init(areas: [Area], groups: [Group], undesaCodes: [Int: Int] = [:]) throws {
        self.areas = areas
        self.groups = groups
        var iso = [Int16](repeating: -1, count: 26 * 26 * 26)
        var m49: [Int: Int] = [:]
        for (index, area) in areas.enumerated() {
            guard let slot = Array(area.iso3.utf8).withUnsafeBytes(Geography.iso3Slot) else {
                throw MigStatError.reference("area \(area.nameEn) has an invalid ISO3 code \"\(area.iso3)\"")
            }
            guard iso[slot] < 0, m49[area.m49] == nil else {
                throw MigStatError.reference("two areas share the code \(area.iso3) or \(area.m49)")
            }
            iso[slot] = Int16(index)
            m49[area.m49] = index
        }
        var byCode: [Int: Int] = [:]
        for (index, group) in groups.enumerated() {
            guard byCode[group.code] == nil, m49[group.code] == nil else {
                throw MigStatError.reference("the group code \(group.code) is used twice")
            }
            byCode[group.code] = index
        }
        for (undesa, target) in undesaCodes where m49[undesa] != nil || byCode[undesa] != nil || byCode[target] == nil {
            throw MigStatError.reference("UN DESA code \(undesa) clashes with an area or group, or \(target) is no group")
        }
        areaByISO3 = iso
        areaByM49 = m49
        groupByCode = byCode
        self.undesaCodes = undesaCodes
    }

    public func area(iso3 bytes: UnsafeRawBufferPointer) -> Int? {
        guard let slot = Geography.iso3Slot(bytes) else { return nil }
        let index = areaByISO3[slot]
        return index < 0 ? nil : Int(index)
    }

    public func area(iso3 code: String) -> Int? {
        Array(code.utf8).withUnsafeBytes { area(iso3: $0) }
    }

    public func area(m49 code: Int) -> Int? { areaByM49[code] }
    /// A group by its M49 code, or by the UN DESA location code of the same region (903 Africa ...).
    public func group(code: Int) -> Int? { groupByCode[code] ?? undesaCodes[code].flatMap { groupByCode[$0] } }

    /// The origin index of migrants whose origin a table does not give by country (a table by
    /// destination only, "Other" or "Unknown" columns): one past the last area, so it is stored like
    /// an area but belongs to no group and no selection of areas.
    public var unspecifiedOrigin: Int { areas.count }
    /// Slots an area-indexed lookup array needs: the areas and the unspecified origin.
    public var slotCount: Int { areas.count + 1 }

    /// The group index of each area for a partitioning kind; -1 where the area has none.
    public func partition(_ kind: GroupKind) -> [Int32] {
        var map = [Int32](repeating: -1, count: areas.count)
        for (index, group) in groups.enumerated() where group.kind == kind {
            for member in group.members { map[member] = Int32(index) }
        }
        return map
    }

    /// The slot of a three-letter code, either case; nil for anything else. Raw bytes, one
    /// check for the three letters: this runs twice per row of a CSV with codes.
    @inline(__always)
    static func iso3Slot(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count == 3 else { return nil }
        // ASCII lower-casing; anything else falls out of 0..<26 (as an unsigned number).
        let first = UInt(bytes[0] | 0x20) &- 0x61, second = UInt(bytes[1] | 0x20) &- 0x61, third = UInt(bytes[2] | 0x20) &- 0x61
        guard first < 26, second < 26, third < 26 else { return nil }
        return Int((first * 26 + second) * 26 + third)
    }
}
