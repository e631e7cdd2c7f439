/// The same figure as each loaded edition has it.
public struct EditionFigure: Sendable {
    public var provenance: Provenance
    public var year: Int
    public var sex: Sex
    /// nil where the edition has no figure (a year it does not cover, an origin it does not give).
    public var stock: Int64?
    public var reason: String?
}

public enum EditionComparison {
    /// Runs one stock query on every dataset; what a dataset cannot answer is a row with a reason.
    public static func compare(_ datasets: [Dataset], resolver: Resolver, destination: String?, origin: String?,
                               years: YearSelection, sex: Sex) throws -> [EditionFigure] {
        let destination = try destination.map(resolver.selection)
        let origin = try origin.map(resolver.selection)
        var figures: [EditionFigure] = []
        for dataset in datasets {
            let engine = Engine(dataset: dataset, resolver: resolver)
            let wanted: [Int]
            switch years {
            case .some(let list, let ranges):
                wanted = (list + dataset.table.years.filter { year in ranges.contains { $0.contains(year) } })
                    .sorted()
            default:
                wanted = try years.resolve(in: dataset.table)
            }
            for year in Set(wanted).sorted() {
                var figure = EditionFigure(provenance: dataset.provenance, year: year, sex: sex)
                if !dataset.table.years.contains(year) {
                    figure.reason = "no figures for \(year)"
                } else {
                    do {
                        figure.stock = try engine.stock(destination: destination, origin: origin, years: [year], sexes: [sex])[0].stock
                    } catch let error as MigStatError {
                        figure.reason = origin != nil && !dataset.hasKnownOrigins ? "by destination only, no origins" : "\(error)"
                    }
                }
                figures.append(figure)
            }
        }
        return figures
    }
}
