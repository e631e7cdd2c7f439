/// A set of areas a query is about, with the name it was asked by: one country, a group, a
/// mechanism's participants, or a comma-separated list of these. A mechanism's participants may
/// change over the years, so the areas are asked for by year.
public struct Selection: Sendable {
    public var label: String
    private var fixed: Set<Int>
    private var mechanisms: [Mechanism]
    private var rule: MembershipRule

    public init(label: String, areas: [Int]) {
        self.label = label
        fixed = Set(areas)
        mechanisms = []
        rule = MembershipRule()
    }

    public init(label: String, areas: [Int], mechanisms: [Mechanism], rule: MembershipRule) {
        self.label = label
        fixed = Set(areas)
        self.mechanisms = mechanisms
        self.rule = rule
    }

    /// True when the areas differ from year to year (a mechanism with dated membership).
    public var dependsOnYear: Bool { !mechanisms.isEmpty && rule.dated }

    /// The areas in `year`, ascending.
    public func areas(in year: Int) -> [Int] {
        var areas = fixed
        for mechanism in mechanisms { areas.formUnion(mechanism.areas(in: year, rule: rule)) }
        return areas.sorted()
    }

    /// area index → 0 for members in `year`, -1 for the rest: the form the aggregation kernel filters by.
    public func mask(areaCount: Int, year: Int) -> [Int32] {
        var mask = [Int32](repeating: -1, count: areaCount)
        for area in areas(in: year) { mask[area] = 0 }
        return mask
    }
}

/// Turns what a user typed into areas.
public struct Resolver: Sendable {
    public let reference: ReferenceData
    public let language: Language
    public let membership: MembershipRule

    public init(reference: ReferenceData, language: Language = .en, membership: MembershipRule = MembershipRule()) {
        self.reference = reference
        self.language = language
        self.membership = membership
    }

    /// Resolves "Americas", "TUR", "Turquía", "Quito Process", "Kazakhstan,Uzbekistan" and the like.
    public func selection(_ text: String) throws -> Selection {
        let parts = text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw MigStatError.usage("an empty area was given") }
        // "China, Hong Kong SAR" is one name with a comma: try the whole text first.
        let entities = parts.count > 1 ? (try? entity(text)).map { [$0] } : nil
        return selection(of: try entities ?? parts.map(entity))
    }

    public func selection(of entities: [Entity]) -> Selection {
        var areas: [Int] = []
        var mechanisms: [Mechanism] = []
        for entity in entities {
            switch entity {
            case .area(let index): areas.append(index)
            case .group(let index): areas += reference.geography.groups[index].members
            case .mechanism(let index): mechanisms.append(reference.mechanisms[index])
            }
        }
        return Selection(label: entities.map(label).joined(separator: " + "), areas: areas,
                         mechanisms: mechanisms, rule: membership)
    }

    /// The mechanism a name means; an error if it names an area or group.
    public func mechanism(_ name: String) throws -> Int {
        guard case .mechanism(let index) = try entity(name) else {
            throw MigStatError.usage("\"\(name)\" is an area or group, not a mechanism; `migstat areas --mechanisms` lists them")
        }
        return index
    }

    public func entity(_ name: String) throws -> Entity {
        let matches = reference.names.lookup(name)
        if matches.count == 1 { return matches.first! }
        if matches.isEmpty {
            throw MigStatError.unknownName(name, suggestions: reference.names.suggestions(for: name))
        }
        throw MigStatError.ambiguousName(name, candidates: matches.map(label).sorted())
    }

    public func label(_ entity: Entity) -> String {
        switch entity {
        case .area(let index): return reference.geography.areas[index].name(language)
        case .group(let index): return reference.geography.groups[index].name(language)
        case .mechanism(let index): return reference.mechanisms[index].shortName(language)
        }
    }
}
