import Foundation
import MigStat

/// The questions of the comparison (Benchmarks/README.md), asked through the library's public
/// API as the CLI asks them: both sexes (the `total` rows), every year the data has.
public enum Question: String, CaseIterable, Sendable {
    /// Immigrant stock by SDG region of destination and year.
    case q1
    /// The corridor Central Asia (KAZ, KGZ, TJK, TKM, UZB) → Türkiye by year.
    case q2
    /// The 20 largest country-to-country corridors in 2024.
    case q3
    /// The stock with both ends among the Almaty Process members, by year.
    case q4

    /// The Almaty Process on Mixed Migration's participating states (datasets/mechanisms.json).
    public static let almatyMembers = "AFG,AZE,KAZ,KGZ,TJK,TUR"
}

/// One cell of an answer in the harness's canonical form: text or a whole number.
public enum AnswerValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
}

/// The four questions over one loaded dataset. Selections are resolved once, as a user's names are
/// resolved once per command; `answer` is the query alone, which the warm timer times.
public struct Questions: Sendable {
    public let engine: Engine
    let years: [Int]
    let centralAsia: Selection
    let turkiye: Selection
    let almaty: Selection

    public init(engine: Engine) throws {
        self.engine = engine
        years = try YearSelection.all.resolve(in: engine.dataset.table)
        centralAsia = try engine.resolver.selection("Central Asia")
        turkiye = try engine.resolver.selection("TUR")
        almaty = try engine.resolver.selection(Question.almatyMembers)
    }

    /// Runs one question and returns its rows in the canonical form the harness compares:
    /// Q1 [year, region, stock]; Q2 and Q4 [year, stock]; Q3 [origin, destination, stock] by rank.
    /// Zero cells are left out: the peers' group-bys have no row where the data has none.
    public func answer(_ question: Question) throws -> [[AnswerValue]] {
        switch question {
        case .q1:
            let rows = try engine.stock(destination: nil, origin: nil, years: years, sexes: [.total],
                                        by: .group(.sdgRegion), side: .destination)
            return rows.filter { $0.stock != 0 }.map { [.integer(Int64($0.year)), .text($0.part ?? ""), .integer($0.stock)] }
        case .q2:
            let rows = try engine.corridor(from: centralAsia, to: turkiye, years: years, sex: .total)
            return rows.filter { $0.stock != 0 }.map { [.integer(Int64($0.year)), .integer($0.stock)] }
        case .q3:
            let rows = try engine.top(.corridors(within: nil), year: 2024, sex: .total, n: 20)
            return rows.map { [.text($0.origin ?? ""), .text($0.destination ?? ""), .integer($0.stock)] }
        case .q4:
            let rows = try engine.stock(destination: almaty, origin: almaty, years: years, sexes: [.total])
            return rows.filter { $0.stock != 0 }.map { [.integer(Int64($0.year)), .integer($0.stock)] }
        }
    }
}

extension [[AnswerValue]] {
    /// The answer as JSON (an array of arrays), the line format the harness reads.
    public var json: String {
        let plain: [[Any]] = map { row in
            row.map { cell -> Any in
                switch cell {
                case .integer(let value): return value
                case .text(let text): return text
                }
            }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: plain) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
