import Foundation
import Testing

/// The built executable, run as a user runs it; its csv and json output read back.
@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared"))
struct CLITests {
    let plain = PlainRows.ims2024

    @Test func stockOfTheAmericasIn2020() throws {
        let run = try runMigstat(["stock", "--dest", "Americas", "--year", "2020", "--format", "csv"])
        #expect(run.status == 0)
        let rows = csvRows(run.out)
        #expect(rows.count == 1)
        #expect(rows[0]["year"] == "2020")
        #expect(rows[0]["stock"] == String(plain.sum(year: 2020, destinations: M49Overview.iso3(region: "Americas"))))
        #expect(rows[0]["coverage"] == "known-origin")
    }

    @Test func corridorCentralAsiaToTurkiyeInThreeSpellings() throws {
        var outputs: [String] = []
        for name in ["Türkiye", "Turquía", "TUR"] {
            let run = try runMigstat(["corridor", "Central Asia", name, "--format", "csv"])
            #expect(run.status == 0)
            outputs.append(run.out)
        }
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
        let rows = csvRows(outputs[0])
        let centralAsia: Set = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
        #expect(rows.map { $0["year"]! } == ["1990", "1995", "2000", "2005", "2010", "2015", "2020", "2024"])
        for row in rows {
            #expect(row["stock"] == String(plain.sum(year: Int(row["year"]!)!, origins: centralAsia, destinations: ["TUR"])))
        }
    }

    @Test func unknownAreaExitsNonZeroWithOneLineNamingTheClosestMatches() throws {
        let run = try runMigstat(["stock", "--dest", "Narnia"])
        #expect(run.status == 2)
        #expect(run.out.isEmpty)
        let lines = run.err.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines[0].contains("Narnia") && lines[0].contains("did you mean"))
    }

    @Test func aCommandLineThatDoesNotParseExitsWithTheUsageCode() throws {
        let run = try runMigstat(["stock", "--no-such-option"])
        #expect(run.status == 2)
        #expect(run.err.contains("Unknown option"))
        #expect(try runMigstat(["corridor", "Kazakhstan"]).status == 2)
    }

    @Test func jsonCarriesPlainIntegersAndProvenance() throws {
        let run = try runMigstat(["top", "--origin", "Venezuela", "--year", "2024", "-n", "3", "--format", "json", "--lang", "es"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as! [String: Any]
        let metadata = object["metadata"] as! [String: String]
        #expect(metadata["edition"] == "IMS 2024")
        #expect(metadata["coverage"] == "known-origin")
        let rows = object["rows"] as! [[String: Any]]
        let expected = plain.rows.filter { $0.year == 2024 && $0.origin == "VEN" }.map(\.total).sorted(by: >).prefix(3)
        #expect(rows.map { ($0["stock"] as! NSNumber).int64Value } == Array(expected))
        #expect(rows[0]["destination"] as? String == "Colombia")
    }

    @Test func outputFileIsWrittenWholeOrNotAtAll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.csv").path
        let ok = try runMigstat(["matrix", "--by", "region", "--year", "2020", "-o", target, "--format", "csv"])
        #expect(ok.status == 0)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("origin,"))
        let missing = try runMigstat(["matrix", "-o", folder.appendingPathComponent("no/such/out.csv").path])
        #expect(missing.status == 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
    }

    @Test func overviewRuns() throws {
        let run = try runMigstat(["overview", "--lang", "es"])
        #expect(run.status == 0)
        #expect(run.out.contains("América Latina y el Caribe"))
        #expect(run.out.contains("Fuente"))
    }
}
