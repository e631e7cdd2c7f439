/// Anything a user may name on the command line.
public enum Entity: Hashable, Sendable {
    case area(Int)
    case group(Int)
    case mechanism(Int)
}

/// Name → entity, over every name, alias and code of areas, groups and mechanisms.
public struct NameIndex: Sendable {
    private var entries: [String: Set<Entity>] = [:]
    /// The display form of each name worth suggesting (names, not codes).
    private var display: [String: String] = [:]

    public init() {}

    static let suggestible = 120

    public mutating func add(_ name: String, for entity: Entity, suggest: Bool = true) {
        let key = nameKey(name)
        guard !key.isEmpty else { return }
        entries[key, default: []].insert(entity)
        if suggest, display[key] == nil { display[key] = name }
    }

    public func lookup(_ name: String) -> Set<Entity> { entries[nameKey(name)] ?? [] }

    /// The closest known names, best first (prefixes and substrings, then by edit distance),
    /// one per entity.
    /// A name longer than `suggestible` bytes gets none: no name is half that long, and the edit
    /// distance of a long field (binary junk, a whole line) to every name cost seconds (found by fuzzing).
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        let key = nameKey(name)
        guard !key.isEmpty, key.utf8.count <= Self.suggestible else { return [] }
        let scored = display.keys.map { candidate -> (Int, String) in
            if candidate.hasPrefix(key) || key.hasPrefix(candidate) { return (0, candidate) }
            if candidate.contains(key) { return (1, candidate) }
            return (2 + editDistance(key, candidate), candidate)
        }
        var seen = Set<Set<Entity>>()
        var result: [String] = []
        for (_, candidate) in scored.sorted(by: <) where result.count < limit {
            guard let entities = entries[candidate], seen.insert(entities).inserted else { continue }
            result.append(display[candidate]!)
        }
        return result
    }
}
