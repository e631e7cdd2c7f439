import Foundation
import Testing
@testable import MigStat

/// The figure check and the briefs. Expected values come from the UN's published totals (mission.md's
/// table, the IMS 2020 Table 1 rows read by plain splitting here) and from plain sums over the shared
/// IMS 2024 CSV — never from migstat's own queries.
@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared"))
struct BriefCheckTests {
    static let table1 = Paths.shared.appendingPathComponent("datasets/un-desa-ims-2020/ims2020_destination_table1.csv").path

    /// The both-sexes 2020 figure of a row of Table 1, by its location code, read by splitting lines
    /// (the published rows have no quoted commas before the code column).
    static func published2020(code: String) -> Double {
        let text = try! String(contentsOfFile: table1, encoding: .utf8)
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count > 11, fields[3] == Substring(code) { return Double(fields[11])! }
        }
        fatalError("no row \(code)")
    }

    static let missionDraft = """
        # Nota conceptual

        En las Américas, según datos de 2020, se estima que hay 73,5 millones de migrantes internacionales,
        incluidos 58,7 millones en América del Norte y 12,5 millones en América Latina y el Caribe.
        """

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("draft-\(UUID()).md").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func rows(_ json: String) throws -> (metadata: [String: String], rows: [[String: Any]]) {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return (object["metadata"] as! [String: String], object["rows"] as! [[String: Any]])
    }

    @Test func missionDraftAgainstIMS2020Table() throws {
        // Independent route: the UN's published rows, Northern America (905) and Latin America and the Caribbean (1830).
        let northernAmerica = Self.published2020(code: "905"), latinAmerica = Self.published2020(code: "1830")
        #expect(northernAmerica == 58_708_795 && latinAmerica == 14_794_623)  // mission.md's table
        #expect((northernAmerica + latinAmerica) / 1e6 >= 73.45 && (northernAmerica + latinAmerica) / 1e6 < 73.55)

        let path = try write(Self.missionDraft)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runMigstat(["check", path, "--data", Self.table1, "--format", "json"])
        #expect(run.status == 7)
        let (metadata, rows) = try rows(run.out)
        #expect(metadata["edition"] == "IMS 2020")
        let verdicts = rows.map { ($0["claim"] as! String, $0["verdict"] as! String) }
        #expect(verdicts.contains { $0 == ("73,5 millones", "confirmed") })
        #expect(verdicts.contains { $0 == ("58,7 millones", "confirmed") })
        let contradicted = rows.first { ($0["claim"] as! String) == "12,5 millones" }
        #expect(contradicted?["verdict"] as? String == "contradicted")
        // The data's figure, written as the draft writes it: 14,794,623 → "14,8 millones".
        #expect((contradicted?["detail"] as? String)?.contains("14,8 millones") == true)
        #expect(String(format: "%.1f", latinAmerica / 1e6) == "14.8")
        let sum = rows.first { ($0["verdict"] as! String) == "inconsistent" }
        #expect(sum != nil)
        #expect((sum?["detail"] as? String)?.contains("71,2") == true)  // 58,7 + 12,5, plain arithmetic
        #expect((sum?["line"] as? NSNumber)?.intValue == 4)
    }

    @Test func missionDraftAgainstEmbeddedIMS2024DoesNotContradictPublishedTotals() throws {
        let path = try write(Self.missionDraft)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runMigstat(["check", path, "--format", "json", "--lang", "en"])
        let (metadata, rows) = try rows(run.out)
        #expect(metadata["edition"] == "IMS 2024")
        #expect(metadata["coverage"] == "known-origin")
        let americas = PlainRows.ims2024.sum(year: 2020, destinations: M49Overview.iso3(region: "Americas"))
        #expect(americas == 67_353_184)  // the shared README's reference sum
        for published in ["73,5 millones", "58,7 millones"] {
            let row = rows.first { ($0["claim"] as! String) == published }
            #expect(row?["verdict"] as? String == "not-checkable")
            #expect((row?["detail"] as? String)?.contains("lower bound") == true)
        }
        let whole = rows.first { ($0["claim"] as! String) == "73,5 millones" }
        #expect((whole?["detail"] as? String)?.contains("67,4 millones") == true)  // 67,353,184 in the draft's precision
        // 12.5 million is below even the known-origin sum for Latin America and the Caribbean: contradicted honestly.
        let lac = PlainRows.ims2024.sum(year: 2020, destinations: M49Overview.iso3(subregion: "Latin America and the Caribbean"))
        #expect(Double(lac) > 12.55e6)
        #expect(rows.first { ($0["claim"] as! String) == "12,5 millones" }?["verdict"] as? String == "contradicted")
    }

    @Test func draftWithoutFiguresHasNoFindings() throws {
        let path = try write("Los mecanismos de cooperación están fragmentados; se necesita coordinación.\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runMigstat(["check", path, "--format", "json"])
        #expect(run.status == 0)
        #expect(try rows(run.out).rows.isEmpty)
    }

    @Test func figuresThatAreNotMigrantStocks() throws {
        let path = try write("""
            The Quito Process, a cooperation mechanism of 11 countries of South and Central America, agreed on 18 action points in 2020.
            The United Nations has 193 Member States.
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runMigstat(["check", path, "--format", "json"])
        #expect(run.status == 0)
        let found = try rows(run.out).rows
        #expect(Set(found.map { $0["claim"] as! String }) == ["11", "18", "193"])
        #expect(found.allSatisfy { ($0["verdict"] as! String) == "not-checkable" && ($0["detail"] as! String).contains("not a migrant-stock figure") })
    }

    @Test func unknownPlaceAndMissingYear() throws {
        let unknown = try write("En 2020 residían en Narnia 2,1 millones de migrantes internacionales.\n")
        let noYear = try write("Colombia acoge a 2,5 millones de migrantes.\n")
        defer { for path in [unknown, noYear] { try? FileManager.default.removeItem(atPath: path) } }
        let first = try rows(try runMigstat(["check", unknown, "--format", "json", "--lang", "en"]).out).rows
        #expect(first.count == 1)
        #expect(first.first?["verdict"] as? String == "not-checkable")
        #expect((first.first?["detail"] as? String)?.contains("unknown place “Narnia”") == true)
        let second = try rows(try runMigstat(["check", noYear, "--format", "json", "--lang", "en"]).out).rows
        #expect(second.count == 1)
        #expect(second.first?["verdict"] as? String == "not-checkable")
        #expect((second.first?["detail"] as? String)?.contains("no year") == true)
    }

    @Test func corridorClaimAndPrecision() throws {
        let exact = PlainRows.ims2024.sum(year: 2024, origins: ["KAZ", "KGZ", "TJK", "TKM", "UZB"], destinations: ["TUR"])
        let path = try write("""
            In 2024, \(exact) migrants from Central Asia lived in Türkiye, and \(exact + 1000) migrants from Central Asia lived in Turkey.
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runMigstat(["check", path, "--format", "json"])
        #expect(run.status == 7)
        let found = try rows(run.out).rows
        #expect(found.map { $0["verdict"] as! String } == ["confirmed", "contradicted"])
    }

    @Test func claimGrammarReadsBothLanguagesNumbers() {
        let check = DraftCheck(engine: Fixture.engine(), prose: try! ProseNames.bundled(), language: .en)
        let claims = check.claims(in: """
            In 2020 there were 12.5 M migrants in Colombia, 1 234 567 migrants in Peru and 1.234.567 migrantes en Chile.
            Había 1,9 millones de personas migrantes en el Ecuador en 2020, el 3,6 % de la población.
            """)
        #expect(claims.map(\.value) == [12.5e6, 1_234_567, 1_234_567, 1.9e6, 3.6])
        #expect(claims.map(\.tolerance) == [0.05e6, 0.5, 0.5, 0.05e6, 0.05])
        #expect(claims[4].measure == .shareOfPopulation)
        #expect(claims.allSatisfy { $0.year == 2020 })
    }

    @Test func spanishBriefReadsAsSpanish() throws {
        let run = try runMigstat(["brief", "Americas", "--lang", "es"])
        #expect(run.status == 0)
        #expect(run.out.contains("en las Américas"))
        #expect(run.out.contains("International Migrant Stock 2024"))
        #expect(run.out.contains("de origen conocido"))
        let americas2024 = PlainRows.ims2024.sum(year: 2024, destinations: M49Overview.iso3(region: "Americas"))
        #expect(americas2024 == 74_680_793)
        #expect(run.out.contains("74,7 millones de migrantes internacionales"))
        let corridor = try runMigstat(["brief", "Asia Central", "Federación de Rusia", "--lang", "es"])
        #expect(corridor.out.contains("en la Federación de Rusia"))
        #expect(corridor.out.contains("en Asia Central"))
    }

    @Test func briefJSONCarriesTheSameFigures() throws {
        let run = try runMigstat(["brief", "Central Asia->Türkiye", "--format", "json"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as! [String: Any]
        let figures = (object["figures"] as! [String: Any])["rows"] as! [[String: Any]]
        let stock = figures.first { ($0["figure"] as! String) == "stock" && ($0["year"] as! String) == "2024" }
        let expected = PlainRows.ims2024.sum(year: 2024, origins: ["KAZ", "KGZ", "TJK", "TKM", "UZB"], destinations: ["TUR"])
        #expect((stock?["value"] as? NSNumber)?.int64Value == expected)
        #expect((object["paragraph"] as! String).contains("388,541"))
    }
}
