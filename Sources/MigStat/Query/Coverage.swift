/// A mechanism's figures in one year: migrants living in its participating states, coming from
/// them, and moving between them, against the world total.
public struct MechanismFigures: Sendable, Equatable {
    public var year: Int
    public var participants: Int
    public var immigrants: Int64
    public var emigrants: Int64
    public var within: Int64
    public var world: Int64
}

/// A mechanism's share of a corridor: the stock whose both ends are its participants.
public struct CorridorCoverage: Sendable, Equatable {
    public var mechanism: Int
    public var covered: Int64
    public var corridor: Int64
    public var share: Double { corridor > 0 ? Double(covered) / Double(corridor) : 0 }
}

/// A country-to-country corridor no counted mechanism covers.
public struct Gap: Sendable, Equatable {
    public var origin: Int
    public var destination: Int
    public var stock: Int64
}

/// Two mechanisms' shared participants and the stock of the corridors both cover.
public struct Overlap: Sendable, Equatable {
    public var first: Int
    public var second: Int
    public var shared: Int
    public var union: Int
    public var sharedStock: Int64
    public var jaccard: Double { union > 0 ? Double(shared) / Double(union) : 0 }
}

/// Country-to-country stocks of one year and sex: pairs[destination][origin], dense.
public struct PairMatrix: Sendable {
    public let areaCount: Int
    public let values: [Int64]

    public subscript(origin: Int, destination: Int) -> Int64 { values[destination * areaCount + origin] }

    /// The stock with its origin in `origins` and its destination in `destinations`.
    public func sum(origins: [Int], destinations: [Int]) -> Int64 {
        var total: Int64 = 0
        for destination in destinations {
            for origin in origins { total += values[destination * areaCount + origin] }
        }
        return total
    }
}

extension Engine {
    var mechanisms: [Mechanism] { resolver.reference.mechanisms }

    public func mechanismSelection(_ index: Int) -> Selection { resolver.selection(of: [.mechanism(index)]) }

    /// Immigrant, emigrant and intra-mechanism stock of a mechanism's participants, year by year.
    public func figures(of mechanism: Int, years: [Int], sex: Sex) throws -> [MechanismFigures] {
        let selection = mechanismSelection(mechanism)
        let world = try stock(destination: nil, origin: nil, years: years, sexes: [sex])
        let immigrants = try stock(destination: selection, origin: nil, years: years, sexes: [sex])
        let emigrants = try stock(destination: nil, origin: selection, years: years, sexes: [sex])
        let within = try stock(destination: selection, origin: selection, years: years, sexes: [sex])
        return years.indices.map { index in
            MechanismFigures(year: years[index], participants: selection.areas(in: years[index]).count,
                             immigrants: immigrants[index].stock, emigrants: emigrants[index].stock,
                             within: within[index].stock, world: world[index].stock)
        }
    }

    /// Every country pair's stock in `year`: one scan, for the coverage questions.
    public func pairs(year: Int, sex: Sex) -> PairMatrix {
        // Country pairs only: the unspecified origin of a table by destination has no slot.
        let identity = (0..<geography.slotCount).map { $0 < geography.areas.count ? Int32($0) : -1 }
        let sums = Aggregation(yearSlot: yearSlots([year]), sexSlot: sexSlots([sex]),
                               destinationSlot: identity, originSlot: identity).run(on: table)
        return PairMatrix(areaCount: geography.areas.count, values: sums.values)
    }

    /// The mechanisms in which both ends of a corridor take part, with the stock each covers
    /// (both ends participants), largest first.
    public func coverage(from: Selection, to: Selection, year: Int, sex: Sex) -> [CorridorCoverage] {
        let pairs = pairs(year: year, sex: sex)
        let origins = from.areas(in: year), destinations = to.areas(in: year)
        let corridor = pairs.sum(origins: origins, destinations: destinations)
        var result: [CorridorCoverage] = []
        for index in mechanisms.indices {
            let participants = Set(mechanismSelection(index).areas(in: year))
            let coveredOrigins = origins.filter(participants.contains)
            let coveredDestinations = destinations.filter(participants.contains)
            guard !coveredOrigins.isEmpty, !coveredDestinations.isEmpty else { continue }
            result.append(CorridorCoverage(mechanism: index, covered: pairs.sum(origins: coveredOrigins,
                                                                                destinations: coveredDestinations),
                                           corridor: corridor))
        }
        return result.sorted { ($0.covered, $1.mechanism) > ($1.covered, $0.mechanism) }
    }

    /// The mechanisms counted for gaps and overlaps: those of `kinds`, with at least one participating state.
    public func mechanisms(of kinds: Set<Mechanism.Kind>) -> [Int] {
        mechanisms.indices.filter { kinds.contains(mechanisms[$0].kind) && !mechanisms[$0].participants.isEmpty }
    }

    /// The largest country-to-country corridors whose two ends share no counted mechanism.
    public func gaps(year: Int, sex: Sex, kinds: Set<Mechanism.Kind>, minimum: Int64 = 1) -> [Gap] {
        let pairs = pairs(year: year, sex: sex)
        let count = geography.areas.count
        // Each area's counted mechanisms as a bit set: a pair is covered when the sets meet.
        let counted = mechanisms(of: kinds)
        var words = (counted.count + 63) / 64
        words = max(words, 1)
        var bits = [UInt64](repeating: 0, count: count * words)
        for (bit, index) in counted.enumerated() {
            for area in mechanismSelection(index).areas(in: year) {
                bits[area * words + bit / 64] |= 1 << UInt64(bit % 64)
            }
        }
        var gaps: [Gap] = []
        for destination in 0..<count {
            for origin in 0..<count {
                let stock = pairs[origin, destination]
                guard stock >= minimum, stock > 0 else { continue }
                let covered = (0..<words).contains { bits[origin * words + $0] & bits[destination * words + $0] != 0 }
                if !covered { gaps.append(Gap(origin: origin, destination: destination, stock: stock)) }
            }
        }
        return gaps.sorted { ($0.stock, $1.origin, $1.destination) > ($1.stock, $0.origin, $0.destination) }
    }

    /// Pairs of counted mechanisms that share participants, by the stock of the corridors both cover.
    public func overlaps(year: Int, sex: Sex, kinds: Set<Mechanism.Kind>) -> [Overlap] {
        let pairs = pairs(year: year, sex: sex)
        let counted = mechanisms(of: kinds)
        let members = Dictionary(uniqueKeysWithValues: counted.map { ($0, Set(mechanismSelection($0).areas(in: year))) })
        var result: [Overlap] = []
        for (position, first) in counted.enumerated() {
            for second in counted[(position + 1)...] {
                let shared = members[first]!.intersection(members[second]!)
                guard !shared.isEmpty else { continue }
                let both = shared.sorted()
                result.append(Overlap(first: first, second: second, shared: shared.count,
                                      union: members[first]!.union(members[second]!).count,
                                      sharedStock: pairs.sum(origins: both, destinations: both)))
            }
        }
        return result.sorted { ($0.sharedStock, $0.shared, $1.first, $1.second) > ($1.sharedStock, $1.shared, $0.first, $0.second) }
    }
}
