import Foundation
import Testing

/// The layouts as a user meets them: the built executable on the shared UN files and on a damaged copy.
@Suite(.enabled(if: UNTables.available && Paths.sharedAvailable, "needs ../shared"))
struct LayoutCLITests {
    @Test func stockOfTheAmericasIn2020FromTable1() throws {
        let run = try runMigstat(["stock", "--data", UNTables.table1, "--dest", "Americas", "--year", "2020", "--format", "table"])
        #expect(run.status == 0)
        #expect(run.out.contains("73,503,418"))
        // The published rows NORTHERN AMERICA (905) and LATIN AMERICA AND THE CARIBBEAN (904), 2020.
        let rows = UNTables.rows(UNTables.table1)
        let published = [905, 904].map { code in Int64(rows.first { $0.code == code }!.values[6])! }.reduce(0, +)
        let csv = try runMigstat(["stock", "--data", UNTables.table1, "--dest", "Americas", "--year", "2020", "--format", "csv"])
        #expect(csvRows(csv.out).first?["stock"] == String(published))
        #expect(csvRows(csv.out).first?["coverage"] == "complete")
        #expect(csv.err.isEmpty)
    }

    @Test func compareEditionsShowsTheAmericasIn2020InBothEditions() throws {
        let run = try runMigstat(["compare-editions", "--data", UNTables.table1, "--dest", "Americas", "--year", "2020", "--format", "csv"])
        #expect(run.status == 0)
        let rows = csvRows(run.out)
        #expect(rows.map { $0["edition"] } == ["IMS 2020", "IMS 2024"])
        #expect(rows[0]["stock"] == "73503418" && rows[0]["coverage"] == "complete")
        let plain = PlainRows.ims2024.sum(year: 2020, destinations: M49Overview.iso3(region: "Americas"))
        #expect(rows[1]["stock"] == String(plain) && rows[1]["coverage"] == "known-origin")
        // --edition picks one of the loaded datasets.
        let picked = try runMigstat(["stock", "--data", UNTables.table1, "--edition", "2024", "--dest", "Americas", "--year", "2020", "--format", "csv"])
        #expect(csvRows(picked.out).first?["stock"] == String(plain))
    }

    @Test func indicatorsOnTheCommandLine() throws {
        let run = try runMigstat(["indicators", "--data", UNTables.table1, "--population", UNTables.table2, "--year", "2020",
                                  "--by", "region", "--format", "csv"])
        #expect(run.status == 0, "\(run.err)")
        let rows = csvRows(run.out)
        #expect(rows.map { $0["area"]! } == ["Africa", "Americas", "Asia", "Europe", "Oceania"])
        let europe = try #require(rows.first { $0["area"] == "Europe" })
        // EUROPE (908): 86,706,068 migrants, 747,636.045 thousand people in 2020 → 11.597…%.
        let t1 = UNTables.rows(UNTables.table1).first { $0.code == 908 }!, t2 = UNTables.rows(UNTables.table2).first { $0.code == 908 }!
        #expect(europe["migrants"] == t1.values[6])
        #expect(abs(Double(europe["migrants_percent"]!)! - 100 * Double(t1.values[6])! / (Double(t2.values[6])! * 1000)) < 1e-3)
    }

    @Test func validateReportsEachSharedFile() throws {
        for (path, layout, encoding) in [(UNTables.table1, "un-destination", "utf-8 with byte-order mark"),
                                         (UNTables.table2, "un-destination", "utf-8 with byte-order mark"),
                                         (Paths.ims2024, "tidy", "utf-8 (detected)")] {
            let run = try runMigstat(["validate", path, "--strict", "--format", "json"])
            #expect(run.status == 0, "\(path): \(run.err)")
            let json = try JSONSerialization.jsonObject(with: Data(run.out.utf8))
            let first = try #require((json as? [[String: Any]])?.first ?? json as? [String: Any])  // one table, or several
            let rows = try #require(first["rows"] as? [[String: String]])
            let items = Dictionary(rows.map { ($0["item"]!, $0["value"]!) }) { a, _ in a }
            #expect(items["layout"]?.hasPrefix(layout) == true, "\(path)")
            #expect(items["encoding"]?.hasPrefix(encoding) == true, "\(path)")
            #expect(items["rows rejected"] == "0")
        }
        let table1 = try runMigstat(["validate", UNTables.table1])
        #expect(table1.out.contains("1008 figures checked against the sum of the country rows: 910 equal, 98 explained, 0 differ"))
        let ims2024 = try runMigstat(["validate", Paths.ims2024])
        #expect(ims2024.out.contains("rows read                             74784"))
    }

    @Test func validateReportsADamagedCopyAndStrictFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-damaged-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var lines = try String(contentsOfFile: UNTables.table1, encoding: .utf8).components(separatedBy: "\r\n")
        let mexico = lines.firstIndex { $0.contains(",   Mexico,") }!
        let chile = lines.firstIndex { $0.contains(",   Chile,") }!
        // Chile's 2020 figure garbled; a row nobody knows added; Mexico's row deleted.
        var chileFields = lines[chile].components(separatedBy: ",")
        chileFields[11] = "93x9"
        lines[chile] = chileFields.joined(separator: ",")
        lines.insert("999,   Narnia,,999,B,1,2,3,4,5,6,7,..,..,..,..,..,..,..,..,..,..,..,..,..,..", at: chile)
        lines.remove(at: mexico)
        let damaged = folder.appendingPathComponent("damaged.csv").path
        try lines.joined(separator: "\r\n").write(toFile: damaged, atomically: true, encoding: .utf8)

        let run = try runMigstat(["validate", damaged])
        #expect(run.status == 0)
        #expect(run.out.contains("rows rejected                         2"))
        let chileLine = chile  // 0-based index → the inserted row pushes Chile to index+1, Mexico's removal (before) pulls it back
        #expect(run.out.contains("damaged.csv:\(chileLine + 1):12") && run.out.contains("count is not a number (\"93x9\")"))
        #expect(run.out.contains("unknown location code 999 (\"Narnia\")"))
        // Mexico's absence shows in every total that contains it.
        #expect(run.out.contains("Central America (916)") && run.out.contains("differs"))
        let strict = try runMigstat(["validate", damaged, "--strict"])
        #expect(strict.status == 4)
        let errors = strict.err.split(separator: "\n")
        #expect(errors.count == 1 && errors[0].contains("2 rows rejected") && errors[0].contains("published totals differ"))
        // A query on the damaged copy goes on, and says on stderr what it left out.
        let query = try runMigstat(["stock", "--data", damaged, "--dest", "Americas", "--year", "2020", "--format", "csv"])
        #expect(query.status == 0)
        #expect(query.err.contains("2 of 283 rows were rejected") && query.err.contains("migstat validate"))
    }
}
