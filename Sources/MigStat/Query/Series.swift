import Foundation

/// What a time series follows: a corridor, the immigrants of a destination or the emigrants of an origin.
public enum SeriesSubject: Sendable {
    case corridor(from: Selection, to: Selection)
    case immigrants(Selection)
    case emigrants(Selection)
}

extension Resolver {
    /// A corridor written "FROM->TO" (or "FROM→TO"); each end is any area, group, mechanism or list.
    public func corridor(_ text: String) throws -> SeriesSubject {
        for arrow in ["->", "→"] {
            let ends = text.components(separatedBy: arrow)
            guard ends.count > 1 else { continue }
            guard ends.count == 2 else { break }
            return .corridor(from: try selection(ends[0]), to: try selection(ends[1]))
        }
        throw MigStatError.usage("corridor \"\(text)\": write FROM->TO, e.g. \"Central Asia->Türkiye\"")
    }
}

extension Engine {
    /// The stock of a subject in each of `years`.
    public func series(_ subject: SeriesSubject, years: [Int], sex: Sex) throws -> [StockRow] {
        switch subject {
        case .corridor(let from, let to): try stock(destination: to, origin: from, years: years, sexes: [sex])
        case .immigrants(let destination): try stock(destination: destination, origin: nil, years: years, sexes: [sex])
        case .emigrants(let origin): try stock(destination: nil, origin: origin, years: years, sexes: [sex])
        }
    }
}
