import Foundation
import Testing
@testable import MigStat

/// datasets/mechanisms.json read with JSONSerialization and the membership rule applied here,
/// apart from the library's decoder and Mechanism.participates.
struct PlainRegistry: @unchecked Sendable {
    struct Entry { let id: String; let kind: String; let participants: [[String: Any]] }
    let entries: [Entry]

    static let shared: PlainRegistry = {
        let data = FileManager.default.contents(atPath: Paths.root.appendingPathComponent("datasets/mechanisms.json").path)!
        let object = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        return PlainRegistry(entries: (object["mechanisms"] as! [[String: Any]]).map {
            Entry(id: $0["id"] as! String, kind: $0["kind"] as! String, participants: $0["participants"] as! [[String: Any]])
        })
    }()

    func entry(_ id: String) -> Entry { entries.first { $0.id == id }! }

    /// ISO3 codes of the participants at mid-`year`.
    func members(_ id: String, year: Int, observers: Bool = false) -> Set<String> {
        members(of: entry(id), year: year, observers: observers)
    }

    func members(of entry: Entry, year: Int, observers: Bool = false) -> Set<String> {
        Set(entry.participants.filter { participant in
            if participant["role"] as! String == "observer", !observers { return false }
            if let joined = participant["joined"] as? Int, joined > year { return false }
            if let left = participant["left"] as? Int, left <= year { return false }
            for suspension in participant["suspended"] as? [[String: Int]] ?? [] {
                if suspension["from"]! <= year, year <= (suspension["to"] ?? Int.max) { return false }
            }
            return true
        }.map { $0["area"] as! String })
    }
}

struct RegistryTests {
    let registry = PlainRegistry.shared
    let reference = Fixture.reference

    @Test func atLeast35MechanismsEachWithSourceDateAndKnownParticipants() throws {
        let data = FileManager.default.contents(atPath: Paths.root.appendingPathComponent("datasets/mechanisms.json").path)!
        let mechanisms = (try JSONSerialization.jsonObject(with: data) as! [String: Any])["mechanisms"] as! [[String: Any]]
        #expect(mechanisms.count >= 35)
        #expect(Set(mechanisms.map { $0["id"] as! String }).count == mechanisms.count)
        let codes = Set(reference.geography.areas.map(\.iso3))
        for mechanism in mechanisms {
            let id = mechanism["id"] as! String
            let source = mechanism["source"] as! [String: Any]
            #expect(!(source["title"] as? String ?? "").isEmpty, "\(id) has no source")
            #expect((mechanism["membership_as_of"] as? String)?.first?.isNumber == true, "\(id) has no date")
            #expect(["rcp", "interregional-forum", "rec", "global-forum", "framework"].contains(mechanism["kind"] as! String))
            let participants = mechanism["participants"] as! [[String: Any]]
            let areas = participants.map { $0["area"] as! String }
            #expect(Set(areas).count == areas.count, "\(id) lists a state twice")
            for participant in participants {
                #expect(codes.contains(participant["area"] as! String), "\(id): \(participant["area"]!)")
                let joined = participant["joined"] as? Int, left = participant["left"] as? Int
                if let joined, let left { #expect(joined < left, "\(id) \(participant["area"]!)") }
                for suspension in participant["suspended"] as? [[String: Int]] ?? [] {
                    #expect(suspension["from"]! <= suspension["to"] ?? Int.max)
                }
            }
        }
    }

    @Test func everyNameOfAMechanismResolvesToThatMechanismAlone() throws {
        let resolver = Resolver(reference: reference)
        for (index, mechanism) in reference.mechanisms.enumerated() {
            for name in [mechanism.nameEn, mechanism.nameEs, mechanism.id] + mechanism.aliases {
                #expect(try resolver.entity(name) == .mechanism(index), "\(name)")
            }
        }
        #expect(try resolver.entity("Puebla Process") == resolver.entity("Proceso Puebla"))
        #expect(try resolver.entity("CRM") == resolver.entity("Regional Conference on Migration"))
    }

    @Test func almatyProcessIsExactlyAsTheSourceDocumentsSay() {
        // ../shared/context/mission.md
        #expect(registry.members("almaty-process", year: 2020) == ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR"])
        #expect(registry.members("almaty-process", year: 2020, observers: true)
                .subtracting(registry.members("almaty-process", year: 2020)) == ["IRN", "ITA", "PAK", "UZB"])
    }

    @Test func membershipFollowsTheYears() throws {
        let eu = try Resolver(reference: reference).mechanism("European Union")
        let mechanism = reference.mechanisms[eu]
        let poland = reference.geography.area(iso3: "POL")!, uk = reference.geography.area(iso3: "GBR")!
        let dated = MembershipRule(dated: true)
        #expect(!mechanism.areas(in: 2000, rule: dated).contains(poland))
        #expect(mechanism.areas(in: 2005, rule: dated).contains(poland))
        #expect(mechanism.areas(in: 2015, rule: dated).contains(uk))
        #expect(!mechanism.areas(in: 2020, rule: dated).contains(uk))
        let current = MembershipRule(dated: false, today: 2026)
        #expect(mechanism.areas(in: 1990, rule: current).contains(poland))
        #expect(!mechanism.areas(in: 2015, rule: current).contains(uk))
        #expect(mechanism.areas(in: 2000, rule: dated).count == registry.members("eu", year: 2000).count)
    }
}

@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared"))
struct CoverageTests {
    let plain = PlainRows.ims2024
    let registry = PlainRegistry.shared
    let engine = Fixture.engine()

    @Test func almatyFiguresEqualPlainSumsOverTheMemberSets() throws {
        let index = try engine.resolver.mechanism("Almaty Process")
        let members: Set = ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR"]
        let withObservers = members.union(["IRN", "ITA", "PAK", "UZB"])
        let figures = try engine.figures(of: index, years: [2020], sex: .total)[0]
        #expect(figures.immigrants == plain.sum(year: 2020, destinations: members))
        #expect(figures.emigrants == plain.sum(year: 2020, origins: members))
        #expect(figures.within == plain.sum(year: 2020, origins: members, destinations: members))
        #expect(figures.world == plain.sum(year: 2020))
        let observing = Engine(dataset: Fixture.dataset, resolver: Resolver(
            reference: Fixture.reference, membership: MembershipRule(includeObservers: true)))
        let wide = try observing.figures(of: index, years: [2020], sex: .total)[0]
        #expect(wide.immigrants == plain.sum(year: 2020, destinations: withObservers))
        #expect(wide.within == plain.sum(year: 2020, origins: withObservers, destinations: withObservers))
    }

    @Test func venezuelansInQuitoProcessStatesYearByYear() throws {
        let years = Fixture.dataset.table.years.sorted()
        let rows = try engine.corridor(from: engine.resolver.selection("Venezuela"),
                                       to: engine.resolver.selection("Quito Process"), years: years, sex: .total)
        for row in rows {
            #expect(row.stock == plain.sum(year: row.year, origins: ["VEN"],
                                           destinations: registry.members("quito-process", year: row.year)), "\(row.year)")
        }
        // Bolivia, Guyana and the Dominican Republic join in 2021: the 2024 set is larger than 2020's.
        #expect(registry.members("quito-process", year: 2024).count > registry.members("quito-process", year: 2020).count)
    }

    @Test func coverageOfCentralAsiaToTurkiye() throws {
        let rows = engine.coverage(from: try engine.resolver.selection("Central Asia"),
                                   to: try engine.resolver.selection("Türkiye"), year: 2024, sex: .total)
        let centralAsia: Set = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
        let corridor = plain.sum(year: 2024, origins: centralAsia, destinations: ["TUR"])
        #expect(corridor == 388_541)
        let almaty = try engine.resolver.mechanism("Almaty Process")
        let row = try #require(rows.first { $0.mechanism == almaty })
        #expect(row.covered == plain.sum(year: 2024, origins: ["KAZ", "KGZ", "TJK"], destinations: ["TUR"]))
        #expect(row.corridor == corridor)
        for row in rows {
            let id = Fixture.reference.mechanisms[row.mechanism].id
            let members = registry.members(id, year: 2024)
            #expect(row.covered == plain.sum(year: 2024, origins: centralAsia.intersection(members), destinations: ["TUR"]))
        }
    }

    /// Country pairs of 2024 and which registry entries (all kinds but global forums) cover them.
    func plainGaps() -> [(String, String, Int64)] {
        let counted = registry.entries.filter { $0.kind != "global-forum" }.map { registry.members(of: $0, year: 2024) }
        return plain.rows.filter { $0.year == 2024 && $0.total > 0 }
            .filter { row in !counted.contains { $0.contains(row.origin) && $0.contains(row.destination) } }
            .map { ($0.origin, $0.destination, $0.total) }
            .sorted { $0.2 > $1.2 }
    }

    @Test func gapsTopRowsMatchAnIndependentComputation() {
        let kinds = Set(Mechanism.Kind.allCases.filter { $0 != .globalForum })
        let gaps = engine.gaps(year: 2024, sex: .total, kinds: kinds).prefix(20)
        let expected = plainGaps().prefix(20)
        let areas = Fixture.dataset.geography.areas
        #expect(gaps.map { "\(areas[$0.origin].iso3)>\(areas[$0.destination].iso3):\($0.stock)" }
                == expected.map { "\($0.0)>\($0.1):\($0.2)" })
    }

    @Test func overlapTopRowsMatchAnIndependentComputation() {
        let kinds = Set(Mechanism.Kind.allCases.filter { $0 != .globalForum })
        let overlaps = engine.overlaps(year: 2024, sex: .total, kinds: kinds).prefix(10)
        let mechanisms = Fixture.reference.mechanisms
        var pairStock: [String: Int64] = [:]
        for row in plain.rows where row.year == 2024 { pairStock[row.origin + ">" + row.destination] = row.total }
        for overlap in overlaps {
            let a = registry.members(mechanisms[overlap.first].id, year: 2024)
            let b = registry.members(mechanisms[overlap.second].id, year: 2024)
            let shared = a.intersection(b)
            #expect(overlap.shared == shared.count)
            #expect(overlap.union == a.union(b).count)
            let stock = shared.reduce(Int64(0)) { total, origin in
                total + shared.reduce(Int64(0)) { $0 + (pairStock[origin + ">" + $1] ?? 0) }
            }
            #expect(overlap.sharedStock == stock, "\(mechanisms[overlap.first].id) × \(mechanisms[overlap.second].id)")
        }
        // The first row is the largest shared stock of all pairs.
        #expect(overlaps.first.map(\.sharedStock) == overlaps.map(\.sharedStock).max())
    }
}

@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared"))
struct MechanismCLITests {
    @Test func corridorToAMechanismGivesTheYearlySeries() throws {
        let run = try runMigstat(["corridor", "Venezuela", "Quito Process", "--format", "csv"])
        #expect(run.status == 0)
        let rows = csvRows(run.out)
        #expect(rows.count == 8)
        let members = PlainRegistry.shared.members("quito-process", year: 2024)
        #expect(rows.last?["stock"] == String(PlainRows.ims2024.sum(year: 2024, origins: ["VEN"], destinations: members)))
    }

    @Test func mechanismWithObserversAsJSON() throws {
        let run = try runMigstat(["mechanism", "Almaty Process", "--year", "2020", "--observers", "--no-participants", "--format", "json"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as! [String: Any]
        let row = (object["rows"] as! [[String: Any]])[0]
        let all: Set = ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR", "IRN", "ITA", "PAK", "UZB"]
        #expect((row["immigrants"] as! NSNumber).int64Value == PlainRows.ims2024.sum(year: 2020, destinations: all))
        #expect((row["participants"] as! NSNumber).intValue == 10)
    }

    @Test func aMechanismNameWhereAStateIsNeededIsAClearError() throws {
        let run = try runMigstat(["memberships", "Quito Process"])
        #expect(run.status == 2)
        #expect(run.err.contains("give one state"))
    }
}
