import Foundation
import Testing
@testable import MigStat

@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared"))
struct EngineTests {
    let engine = Fixture.engine()
    let plain = PlainRows.ims2024

    @Test func americasIn2020EqualsThePlainSumOverTheCSV() throws {
        let americas = M49Overview.iso3(region: "Americas")
        let expected = plain.sum(year: 2020, destinations: americas)
        #expect(expected == 67_353_184)  // the figure the dataset's README gives
        let rows = try engine.stock(destination: engine.resolver.selection("Americas"), origin: nil,
                                    years: [2020], sexes: [.total])
        #expect(rows.map(\.stock) == [expected])
    }

    @Test func centralAsiaToTurkiyeEveryYearEqualsPlainSums() throws {
        let centralAsia = M49Overview.iso3(subregion: "Central Asia")
        #expect(centralAsia == ["KAZ", "KGZ", "TJK", "TKM", "UZB"])
        let years = Fixture.dataset.table.years.sorted()
        for name in ["Türkiye", "Turquía", "TUR", "turkey", "792"] {
            let rows = try engine.corridor(from: engine.resolver.selection("Central Asia"),
                                           to: engine.resolver.selection(name), years: years, sex: .total)
            #expect(rows.map(\.year) == [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024])
            #expect(rows.map(\.stock) == years.map { plain.sum(year: $0, origins: centralAsia, destinations: ["TUR"]) })
        }
    }

    @Test func everyRegionAndSDGRegionEqualsTheSumOfItsMemberCountries() throws {
        let geography = Fixture.dataset.geography
        for group in geography.groups where [.region, .subregion, .sdgRegion, .development].contains(group.kind) {
            let members = Set(group.members.map { geography.areas[$0].iso3 })
            let rows = try engine.stock(destination: Selection(label: group.nameEn, areas: group.members),
                                        origin: nil, years: [2024], sexes: [.total])
            #expect(rows[0].stock == plain.sum(year: 2024, destinations: members), "\(group.nameEn)")
        }
        // The M49 regions as UNSD lists them, not as the project's file does. UNSD's overview has no
        // rows for two UN DESA areas: Taiwan Province of China (Eastern Asia) and the Channel Islands
        // (Northern Europe, Guernsey and Jersey together).
        let notInOverview = ["Asia": "TWN", "Europe": "CHI"]
        for region in ["Africa", "Americas", "Asia", "Europe", "Oceania"] {
            let members = M49Overview.iso3(region: region).union(notInOverview[region].map { [$0] } ?? [])
            let rows = try engine.stock(destination: engine.resolver.selection(region), origin: nil, years: [2024], sexes: [.total])
            #expect(rows[0].stock == plain.sum(year: 2024, destinations: members), "\(region)")
        }
    }

    @Test func breakdownPartsAddUpToTheWhole() throws {
        let americas = try engine.resolver.selection("Americas")
        let whole = try engine.stock(destination: americas, origin: nil, years: [2020], sexes: [.total])[0].stock
        for breakdown in [Breakdown.country, .group(.subregion), .group(.intermediate)] {
            let parts = try engine.stock(destination: americas, origin: nil, years: [2020], sexes: [.total], by: breakdown)
            #expect(parts.reduce(0) { $0 + $1.stock } == whole)
        }
        let mexico = try engine.stock(destination: americas, origin: nil, years: [2020], sexes: [.total], by: .country)
            .first { $0.part == "Mexico" }
        #expect(mexico?.stock == plain.sum(year: 2020, destinations: ["MEX"]))
    }

    @Test func maleAndFemaleAddUpToTotal() throws {
        let rows = try engine.stock(destination: nil, origin: engine.resolver.selection("Venezuela"),
                                    years: [2024], sexes: [.total, .male, .female])
        #expect(rows[0].stock == rows[1].stock + rows[2].stock)
        let venezuelans = plain.rows.filter { $0.year == 2024 && $0.origin == "VEN" }
        #expect(rows[1].stock == venezuelans.reduce(0) { $0 + $1.male })
    }

    @Test func annualRateIsTheUNFormula() throws {
        let rows = try engine.corridor(from: engine.resolver.selection("Central Asia"),
                                       to: engine.resolver.selection("Russian Federation"), years: [2020, 2024], sex: .total)
        // Plain sums from the dataset's README: 3,443,841 (2020) and 2,935,970 (2024).
        #expect(rows.map(\.stock) == [3_443_841, 2_935_970])
        let expected = 100 * log(2_935_970.0 / 3_443_841.0) / 4
        #expect(abs(rows[1].annualRate! - expected) < 1e-12)
        #expect(rows[1].change == 2_935_970 - 3_443_841)
    }

    @Test func topCorridorsAreTheLargestPairs() throws {
        let top = try engine.top(.corridors(within: nil), year: 2024, sex: .total, n: 5)
        let pairs = plain.rows.filter { $0.year == 2024 }.sorted { $0.total > $1.total }.prefix(5)
        #expect(top.map(\.stock) == pairs.map(\.total))
        #expect(top[0].origin == "Mexico" && top[0].destination == "United States of America")
        let origins = try engine.top(.originsOf(engine.resolver.selection("Colombia")), year: 2024, sex: .total, n: 1)
        let largest = plain.rows.filter { $0.year == 2024 && $0.destination == "COL" }.max { $0.total < $1.total }!
        #expect(origins[0].stock == largest.total && largest.origin == "VEN")
    }

    @Test func matrixTotalsAreTheWorldTotal() throws {
        let matrix = try engine.matrix(by: .sdgRegion, year: 2020, sex: .total)
        #expect(matrix.total == plain.sum(year: 2020))
        #expect(matrix.labels.count == 8)
    }
}

struct EdgeCaseTests {
    @Test func aSelectionThatKeepsNothingSumsToZero() throws {
        let engine = Fixture.engine()
        let none = Selection(label: "nobody", areas: [])
        #expect(try engine.stock(destination: none, origin: nil, years: [2020], sexes: [.total]).map(\.stock) == [0])
        #expect(try engine.top(.originsOf(none), year: 2020, sex: .total, n: 5).isEmpty)
        let apc = try engine.resolver.mechanism("Asia-Pacific Consultations on Refugees, Displaced Persons and Migrants")
        #expect(try engine.figures(of: apc, years: [2024], sex: .total).map(\.immigrants) == [0])
    }

    @Test func topWithinAGroupKeepsBothEndsInside() throws {
        let engine = Fixture.engine()
        let lac = try engine.resolver.selection("Latin America and the Caribbean")
        let rows = try engine.top(.corridors(within: lac), year: 2024, sex: .total, n: 3)
        let plain = PlainRows.ims2024
        let members = Set(lac.areas(in: 2024).map { Fixture.dataset.geography.areas[$0].iso3 })
        let expected = plain.rows.filter { $0.year == 2024 && members.contains($0.origin) && members.contains($0.destination) }
            .map(\.total).sorted(by: >).prefix(3)
        #expect(rows.map(\.stock) == Array(expected))
    }
}
