/// A publisher's total set against the sum of the country figures migstat holds.
public struct TotalCheck: Sendable {
    public enum Status: String, Sendable {
        /// The sum of the country rows is the published figure, to the person.
        case equal
        /// It differs by no more than the rounding of figures published in thousands allows.
        case rounding
        /// It differs by exactly the both-sexes figures whose sex split the publisher left out ("..").
        case explained
        /// It differs, with no known cause.
        case differs
    }

    public let published: PublishedTotal
    public let computed: Int64
    public let status: Status
    public var difference: Int64 { published.value - computed }
}

/// Checks every published region, grouping and total row against the sum of the country rows.
public enum CrossCheck {
    public static func run(_ dataset: Dataset) -> [TotalCheck] {
        let table = dataset.table
        let geography = dataset.geography
        let pairs = Dictionary(grouping: dataset.published.indices) {
            Pair(destination: dataset.published[$0].destination, origin: dataset.published[$0].origin)
        }
        var computed = [Int64](repeating: 0, count: dataset.published.count)
        for (pair, indices) in pairs {
            let aggregation = Aggregation(
                yearSlot: table.years.indices.map(Int32.init), sexSlot: Sex.allCases.indices.map(Int32.init),
                destinationSlot: mask(pair.destination, geography), originSlot: mask(pair.origin, geography))
            guard aggregation.destinationSlot.contains(0), aggregation.originSlot.contains(0) else { continue }
            let sums = aggregation.run(on: table)
            for index in indices {
                let total = dataset.published[index]
                guard let year = table.years.firstIndex(of: total.year) else { continue }
                computed[index] = sums[year, Int(total.sex.rawValue), 0, 0]
            }
        }
        return classify(dataset.published, computed: computed, scale: 0,
                        bothSexesOnly: dataset.bothSexesOnly, geography: geography)
    }

    public static func run(_ population: PopulationTable, geography: Geography) -> [TotalCheck] {
        let computed = population.published.map { total -> Int64 in
            let members = mask(total.destination, geography).indices.filter {
                $0 < geography.areas.count && mask(total.destination, geography)[$0] == 0
            }
            return population.sum(areas: members, year: total.year, sex: total.sex).persons
        }
        return classify(population.published, computed: computed, scale: 3,
                        bothSexesOnly: population.bothSexesOnly, geography: geography)
    }

    private struct Pair: Hashable {
        let destination: AreaRef
        let origin: AreaRef
    }

    /// 0 for the areas (and the unspecified origin) an end covers, -1 for the rest.
    static func mask(_ end: AreaRef, _ geography: Geography) -> [Int32] {
        var mask = [Int32](repeating: -1, count: geography.slotCount)
        switch end {
        case .area(let index): mask[index] = 0
        case .group(let index): for member in geography.groups[index].members { mask[member] = 0 }
        case .all: mask = [Int32](repeating: 0, count: geography.slotCount)
        case .unspecified: mask[geography.unspecifiedOrigin] = 0
        }
        return mask
    }

    private static func classify(_ published: [PublishedTotal], computed: [Int64], scale: Int,
                                 bothSexesOnly: [BothSexesOnly], geography: Geography) -> [TotalCheck] {
        var checks: [TotalCheck] = published.indices.map { index in
            let total = published[index]
            let difference = total.value - computed[index]
            var status = TotalCheck.Status.differs
            if difference == 0 {
                status = .equal
            } else if scale > 0 {
                // Each country figure is rounded to the last published decimal (half of 10^-scale of
                // the unit, i.e. half a person at scale 3), and so is the total.
                let members = mask(total.destination, geography).filter { $0 == 0 }.count
                if abs(difference) <= Int64(members / 2 + 1) { status = .rounding }
            }
            return TotalCheck(published: total, computed: computed[index], status: status)
        }
        // Male and female differences that together are the both-sexes figures published without a split.
        let byKey = Dictionary(grouping: checks.indices) { index in
            let total = checks[index].published
            return "\(total.destination)|\(total.origin)|\(total.year)"
        }
        for indices in byKey.values {
            let male = indices.first { checks[$0].published.sex == .male }
            let female = indices.first { checks[$0].published.sex == .female }
            guard let male, let female, checks[male].status == .differs || checks[female].status == .differs else { continue }
            let total = checks[male].published
            let destinations = mask(total.destination, geography), origins = mask(total.origin, geography)
            let unsplit = bothSexesOnly.reduce(Int64(0)) { sum, value in
                value.year == total.year && destinations[value.destination] == 0 && origins[value.origin] == 0
                    ? sum + value.value : sum
            }
            let residuals = (checks[male].difference, checks[female].difference)
            if unsplit > 0, residuals.0 >= 0, residuals.1 >= 0, residuals.0 + residuals.1 == unsplit {
                for index in [male, female] where checks[index].status == .differs {
                    checks[index] = TotalCheck(published: checks[index].published, computed: checks[index].computed,
                                               status: .explained)
                }
            }
        }
        return checks
    }
}
