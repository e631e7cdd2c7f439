/// Which years a query covers: all the table has, the latest, or single years and ranges.
public enum YearSelection: Sendable, Equatable {
    case all
    case latest
    case some(years: [Int], ranges: [ClosedRange<Int>])

    /// Parses "2020", "2015,2020", "1990-2024" or "1990..2024".
    public static func parse(_ text: String) throws -> YearSelection {
        var years: [Int] = []
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-").flatMap { $0.split(separator: ".") }.map { Int($0.trimmingSpaces()) }
            switch bounds.count {
            case 1 where bounds[0] != nil:
                years.append(bounds[0]!)
            case 2 where bounds[0] != nil && bounds[1] != nil && bounds[0]! <= bounds[1]!:
                ranges.append(bounds[0]!...bounds[1]!)
            default:
                throw MigStatError.usage("--year \(text): give a year (2020), a list (2015,2020) or a range (1990-2024)")
            }
        }
        return .some(years: years, ranges: ranges)
    }

    /// The years of `table` this selection names, ascending. A single year the table lacks is
    /// an error that lists the years it has; a range keeps the years it has.
    public func resolve(in table: MigrantTable) throws -> [Int] {
        let available = table.years.sorted()
        let listing = "the data has " + available.map(String.init).joined(separator: ", ")
        switch self {
        case .all:
            return available
        case .latest:
            return available.last.map { [$0] } ?? []
        case .some(let years, let ranges):
            if let absent = years.first(where: { !available.contains($0) }) {
                throw MigStatError.usage("no figures for \(absent): \(listing)")
            }
            let chosen = available.filter { year in years.contains(year) || ranges.contains { $0.contains(year) } }
            guard !chosen.isEmpty else { throw MigStatError.usage("no year of the data is in that range: \(listing)") }
            return chosen
        }
    }
}

public enum SexSelection: String, Sendable, CaseIterable {
    case total, male, female, all

    public func resolve(in table: MigrantTable) throws -> [Sex] {
        let wanted: [Sex] = switch self {
        case .total: [.total]
        case .male: [.male]
        case .female: [.female]
        case .all: [.total, .male, .female]
        }
        let present = table.sexes
        let missing = wanted.filter { !present.contains($0) }
        if !missing.isEmpty {
            throw MigStatError.usage("the data has no figures by \(missing.map(\.label).joined(separator: " or ")); "
                + "it has " + Sex.allCases.filter(present.contains).map(\.label).joined(separator: ", "))
        }
        return wanted
    }
}

/// What a breakdown splits a side of the query by.
public enum Breakdown: Sendable, Equatable {
    case country
    case group(GroupKind)

    public static func parse(_ text: String) throws -> Breakdown {
        switch text.lowercased() {
        case "country", "countries", "area": return .country
        case "region": return .group(.region)
        case "subregion", "sub-region": return .group(.subregion)
        case "intermediate", "intermediate-region": return .group(.intermediate)
        case "sdg-region", "sdg", "sdg_region": return .group(.sdgRegion)
        case "development": return .group(.development)
        case "income": return .group(.income)
        default:
            throw MigStatError.usage(
                "--by \(text): use country, region, subregion, intermediate, sdg-region, development or income")
        }
    }
}

extension Breakdown {
    /// The grouping a matrix or chord diagram is drawn between: any breakdown but countries.
    public static func grouping(_ text: String) throws -> GroupKind {
        guard case .group(let kind) = try parse(text) else {
            throw MigStatError.usage("--by \(text): a country matrix is too large to read; use `migstat top`")
        }
        return kind
    }
}

public enum Side: String, Sendable {
    case origin, destination
}
