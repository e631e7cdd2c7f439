/// A set of areas a query is about, with the name it was asked by: one country, a group,
/// a mechanism's participants, or a comma-separated list of these.
public struct Selection: Sendable, Equatable {
    public var label: String
    /// Area indices, ascending, without repeats.
    public var areas: [Int]

    public init(label: String, areas: [Int]) {
        self.label = label
        self.areas = Array(Set(areas)).sorted()
    }

    /// area index → 0 for members, -1 for the rest: the form the aggregation kernel filters by.
    public func mask(areaCount: Int) -> [Int32] {
        var mask = [Int32](repeating: -1, count: areaCount)
        for area in areas { mask[area] = 0 }
        return mask
    }
}

/// Turns what a user typed into areas.
public struct Resolver: Sendable {
    public let reference: ReferenceData
    public let language: Language

    public init(reference: ReferenceData, language: Language = .en) {
        self.reference = reference
        self.language = language
    }

    /// Resolves "Americas", "TUR", "Turquía", "Kazakhstan,Uzbekistan" and the like.
    public func selection(_ text: String) throws -> Selection {
        let parts = text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw MigStatError.usage("an empty area was given") }
        // "China, Hong Kong SAR" is one name with a comma: try the whole text first.
        if parts.count > 1, let whole = try? entity(text) {
            return Selection(label: label(whole), areas: areas(of: whole))
        }
        var areas: [Int] = []
        var labels: [String] = []
        for part in parts {
            let found = try entity(part)
            areas += self.areas(of: found)
            labels.append(label(found))
        }
        return Selection(label: labels.joined(separator: " + "), areas: areas)
    }

    public func entity(_ name: String) throws -> Entity {
        let matches = reference.names.lookup(name)
        if matches.count == 1 { return matches.first! }
        if matches.isEmpty {
            throw MigStatError.unknownName(name, suggestions: reference.names.suggestions(for: name))
        }
        throw MigStatError.ambiguousName(name, candidates: matches.map(label).sorted())
    }

    public func areas(of entity: Entity) -> [Int] {
        switch entity {
        case .area(let index): return [index]
        case .group(let index): return reference.geography.groups[index].members
        case .mechanism: return []
        }
    }

    public func label(_ entity: Entity) -> String {
        let geography = reference.geography
        switch entity {
        case .area(let index): return geography.areas[index].name(language)
        case .group(let index): return geography.groups[index].name(language)
        case .mechanism(let index): return "mechanism \(index)"
        }
    }
}
