import Foundation
import Testing
@testable import MigStat

/// The UN DESA IMS 2020 Tables 1 and 2 read plainly: libcsv records only, not migstat's layout
/// detection or wide reader. Expected values come from these raw rows.
enum UNTables {
    static let table1 = Paths.shared.appendingPathComponent("datasets/un-desa-ims-2020/ims2020_destination_table1.csv").path
    static let table2 = Paths.shared.appendingPathComponent("datasets/un-desa-ims-2020/ims2020_destination_table2.csv").path
    static var available: Bool { FileManager.default.fileExists(atPath: table1) }

    struct Row { let line: Int; let name: String; let code: Int; let type: String; let values: [String] }

    /// Every record of a table, as libcsv splits it.
    static func records(_ path: String) -> [(line: Int, fields: [String])] {
        try! CSVRecordCollector.read(InputBytes(path: path))
    }

    /// The data rows after the header: name, code, "Type of data" and the 21 value cells.
    static func rows(_ path: String) -> [Row] {
        let all = records(path)
        let header = all.firstIndex { $0.fields.count > 1 && $0.fields[1].hasPrefix("Region, development group") }!
        return all[(header + 1)...].filter { $0.fields.count >= 26 && !$0.fields[3].isEmpty }.map {
            Row(line: $0.line, name: $0.fields[1].trimmingCharacters(in: .whitespaces), code: Int($0.fields[3])!,
                type: $0.fields[4].trimmingCharacters(in: .whitespaces), values: Array($0.fields[5..<26]))
        }
    }

    static let years = [1990, 1995, 2000, 2005, 2010, 2015, 2020]
    static let sexes: [Sex] = [.total, .male, .female]
}

@Suite(.enabled(if: UNTables.available, "needs ../shared"))
struct UNTableTests {
    let reference = Fixture.reference
    var geography: Geography { reference.geography }

    func open(_ path: String, _ options: IngestOptions = IngestOptions()) throws -> Extract {
        try DatasetLoader.open(path: path, reference: reference, options: options)
    }

    /// Region rows: code is a group (M49, SDG, UN DESA's own region codes) and not a country.
    func isRegionRow(_ row: UNTables.Row) -> Bool { geography.area(m49: row.code) == nil }

    @Test func everyPublishedRegionAndGroupingRowIsTheSumOfItsCountryRows() throws {
        let extract = try open(UNTables.table1)
        let dataset = try #require(extract.dataset)
        #expect(extract.report.layout.kind == .unDestination)
        #expect(extract.report.rejectedCount == 0)
        let engine = Engine(dataset: dataset, resolver: Resolver(reference: reference))
        let rows = UNTables.rows(UNTables.table1)
        let regions = rows.filter(isRegionRow)
        #expect(regions.count == 48)  // every region and grouping row of Table 1
        // Bonaire, Sint Eustatius and Saba: both sexes published, males and females "..".
        let bonaire = try #require(rows.first { $0.code == 535 })
        #expect(bonaire.values[7..<21].allSatisfy { $0 == ".." })
        var explainedRows: Set<Int> = []
        for row in regions {
            let group = try #require(geography.group(code: row.code), "\(row.name) (\(row.code))")
            let members = geography.groups[group].members
            let selection = Selection(label: row.name, areas: members)
            let sums = try engine.stock(destination: selection, origin: nil, years: UNTables.years, sexes: UNTables.sexes)
            for (y, year) in UNTables.years.enumerated() {
                let published = UNTables.sexes.indices.map { Int64(row.values[$0 * 7 + y])! }
                let computed = UNTables.sexes.indices.map { s in sums.first { $0.year == year && $0.sex == UNTables.sexes[s] }!.stock }
                #expect(computed[0] == published[0], "\(row.name) \(year) both sexes")
                if members.contains(geography.area(m49: 535)!) {
                    // The UN's aggregates include Bonaire's males and females, which it does not publish:
                    // the sum of the published sexes is short by exactly Bonaire's both-sexes figure.
                    #expect(published[1] + published[2] - computed[1] - computed[2] == Int64(bonaire.values[y])!, "\(row.name) \(year)")
                    #expect(published[1] >= computed[1] && published[2] >= computed[2])
                    explainedRows.insert(row.code)
                } else {
                    #expect(computed[1] == published[1], "\(row.name) \(year) males")
                    #expect(computed[2] == published[2], "\(row.name) \(year) females")
                }
            }
        }
        // The seven rows datasets/README-geography.md names: WORLD, 1830, 902, 934, 948, 904 and 915.
        #expect(explainedRows == [900, 1830, 902, 934, 948, 904, 915])
        // migstat's own cross-check says the same: every published figure equal, or explained by Bonaire.
        let checks = CrossCheck.run(dataset)
        #expect(checks.count == 48 * 21)
        #expect(checks.filter { $0.status == .equal }.count == 48 * 21 - 98)
        #expect(checks.filter { $0.status == .explained }.count == 98)
        #expect(checks.allSatisfy { $0.status != .explained || $0.published.sex != .total })
    }

    @Test func regionRowsAreNeverAddedToTheSums() throws {
        let dataset = try #require(try open(UNTables.table1).dataset)
        let countries = UNTables.rows(UNTables.table1).filter { !isRegionRow($0) }
        let plainWorld2020 = countries.compactMap { Int64($0.values[6]) }.reduce(0, +)
        let engine = Engine(dataset: dataset, resolver: Resolver(reference: reference))
        let world = try engine.stock(destination: nil, origin: nil, years: [2020], sexes: [.total])[0].stock
        #expect(world == plainWorld2020)
        #expect(world == 280_598_105)  // the published WORLD row, and the dataset README's figure
    }

    @Test func originQueriesOnATableByDestinationOnlyAreRefused() throws {
        let dataset = try #require(try open(UNTables.table1).dataset)
        #expect(dataset.provenance.coverage == .complete)
        #expect(!dataset.hasKnownOrigins)
        let engine = Engine(dataset: dataset, resolver: Resolver(reference: reference))
        #expect {
            try engine.stock(destination: nil, origin: engine.resolver.selection("Mexico"), years: [2020], sexes: [.total])
        } throws: { "\($0)".contains("by destination only") }
        #expect(throws: MigStatError.self) {
            try engine.corridor(from: engine.resolver.selection("Mexico"), to: engine.resolver.selection("USA"), years: [2020], sex: .total)
        }
        #expect(throws: MigStatError.self) { try engine.matrix(by: .region, year: 2020, sex: .total) }
        #expect(throws: MigStatError.self) { try engine.top(.originsOf(engine.resolver.selection("Mexico")), year: 2020, sex: .total, n: 3) }
    }

    @Test func migrantsAsAPercentageOfThePopulationFromTables1And2() throws {
        let dataset = try #require(try open(UNTables.table1).dataset)
        let population = try #require(try open(UNTables.table2).population)
        let engine = Engine(dataset: dataset, resolver: Resolver(reference: reference))
        // (Code 927 heads two rows, the SDG region and the Oceania sub-region: the same figures.)
        let migrants = Dictionary(UNTables.rows(UNTables.table1).map { ($0.code, $0.values) }) { first, _ in first }
        let people = Dictionary(UNTables.rows(UNTables.table2).map { ($0.code, $0.values) }) { first, _ in first }
        // Published rows: migrants (persons) over population (thousands × 1000), 2020 (column 6).
        func expected(_ code: Int) -> Double {
            100 * Double(migrants[code]![6])! / (Double(people[code]![6])! * 1000)
        }
        for (name, code) in [("World", 900), ("Northern America", 905), ("Europe", 908), ("Mexico", 484), ("Chile", 152),
                             ("Least developed countries", 941), ("Central and Southern Asia", 921)] {
            let row = try engine.indicators([engine.resolver.selection(name)], year: 2020, population: population)[0]
            #expect(abs(row.migrantsPercent! - expected(code)) < 1e-9, "\(name)")
        }
        // Every country with both figures, against its raw cells; women as a share of migrants too.
        for country in UNTables.rows(UNTables.table1) where geography.area(m49: country.code) != nil {
            guard let total = Double(country.values[6]), let thousands = people[country.code].flatMap({ Double($0[6]) }) else { continue }
            let area = geography.area(m49: country.code)!
            let row = try engine.indicators([Selection(label: country.name, areas: [area])], year: 2020, population: population)[0]
            #expect(abs(row.migrantsPercent! - 100 * total / (thousands * 1000)) < 1e-9, "\(country.name)")
            if let male = Double(country.values[13]), let female = Double(country.values[20]), male + female > 0 {
                #expect(abs(row.femalePercent! - 100 * female / (male + female)) < 1e-9, "\(country.name)")
            }
        }
    }

    @Test func populationTableIsReadInPersonsAndItsTotalsCheck() throws {
        let extract = try open(UNTables.table2)
        let population = try #require(extract.population)
        #expect(extract.report.measure == .population)
        let mexico = try #require(UNTables.rows(UNTables.table2).first { $0.code == 484 })
        let area = geography.area(m49: 484)!
        // "128932.753" thousand → 128,932,753 persons, exactly.
        #expect(population.value(area: area, year: 2020, sex: .total) == Int64(mexico.values[6].replacingOccurrences(of: ".", with: ""))!)
        let checks = CrossCheck.run(population, geography: geography)
        #expect(!checks.isEmpty && checks.allSatisfy { $0.status != .differs })
        #expect(checks.filter { $0.published.sex == .total }.allSatisfy { $0.status == .equal })
    }

    /// The same table as Excel writes it for "CSV" on a Spanish-language Windows machine: semicolons,
    /// Windows-1252, digit groups with points (and population in thousands with decimal commas and
    /// no-break spaces); and as Excel's "Unicode text": UTF-16 LE with a BOM, tab-delimited.
    @Test func resavedWithSemicolonsDecimalCommasWindows1252AndUTF16GivesIdenticalTotals() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-layouts-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        func resave(_ path: String, delimiter: String, number: (String) -> String) -> String {
            UNTables.records(path).map { record in
                record.fields.enumerated().map { column, field -> String in
                    // Figures of the data rows (after the header on line 11), as a number format shows them.
                    let figure = record.line > 11 && column >= 5 && field != ".."
                    var cell = figure ? number(field) : field
                    if cell.contains(delimiter) || cell.contains("\"") { cell = "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                    return cell
                }.joined(separator: delimiter)
            }.joined(separator: "\r\n") + "\r\n"
        }
        /// "152986157" → "152.986.157"; "5327231.041" → "5\u{A0}327\u{A0}231,041".
        func spanish(_ group: String) -> (String) -> String {
            { field in
                let parts = field.split(separator: ".", omittingEmptySubsequences: false)
                var digits = String(parts[0]), grouped = ""
                while digits.count > 3 {
                    grouped = group + digits.suffix(3) + grouped
                    digits.removeLast(3)
                }
                return digits + grouped + (parts.count > 1 ? "," + parts[1] : "")
            }
        }
        let original1 = try open(UNTables.table1), original2 = try open(UNTables.table2)

        let semicolon1 = folder.appendingPathComponent("t1-es.csv")
        try resave(UNTables.table1, delimiter: ";", number: spanish(".")).data(using: .windowsCP1252)!.write(to: semicolon1)
        let semicolon2 = folder.appendingPathComponent("t2-es.csv")
        try resave(UNTables.table2, delimiter: ";", number: spanish("\u{A0}")).data(using: .windowsCP1252)!.write(to: semicolon2)
        #expect(try String(contentsOf: semicolon1, encoding: .windowsCP1252).contains(";152.986.157;"))
        #expect(try String(contentsOf: semicolon2, encoding: .windowsCP1252).contains(";5\u{A0}327\u{A0}231,041;"))
        let unicode1 = folder.appendingPathComponent("t1-unicode.txt")
        try (Data([0xFF, 0xFE]) + resave(UNTables.table1, delimiter: "\t", number: { $0 }).data(using: .utf16LittleEndian)!)
            .write(to: unicode1)

        for (path, encoding, delimiter, mark) in [(semicolon1.path, TextEncoding.windows1252, "semicolon", DecimalMark.comma),
                                                  (unicode1.path, .utf16LE, "tab", .point)] {
            let resaved = try open(path)
            #expect(resaved.report.encoding == encoding)
            #expect(resaved.report.dialect.delimiterName == delimiter)
            #expect(resaved.report.dialect.decimalMark == mark)
            #expect(resaved.report.rejectedCount == 0)
            try expectSameFigures(original1.dataset!, resaved.dataset!)
        }
        let resaved2 = try open(semicolon2.path)
        #expect(resaved2.report.dialect.decimalMark == .comma && resaved2.report.encoding == .windows1252)
        let a = try #require(original2.population), b = try #require(resaved2.population)
        #expect(a.years == b.years && a.valueCount == b.valueCount && a.valueCount > 4000)
        for year in a.years {
            for sex in Sex.allCases {
                for area in geography.areas.indices { #expect(a.value(area: area, year: year, sex: sex) == b.value(area: area, year: year, sex: sex)) }
            }
        }
        #expect(a.published.map(\.value) == b.published.map(\.value))
    }

    private func expectSameFigures(_ a: Dataset, _ b: Dataset) throws {
        let ea = Engine(dataset: a, resolver: Resolver(reference: reference)), eb = Engine(dataset: b, resolver: Resolver(reference: reference))
        #expect(a.table.rowCount == b.table.rowCount)
        for breakdown in [Breakdown.country, .group(.sdgRegion), .group(.subregion)] {
            let x = try ea.stock(destination: nil, origin: nil, years: UNTables.years, sexes: UNTables.sexes, by: breakdown)
            let y = try eb.stock(destination: nil, origin: nil, years: UNTables.years, sexes: UNTables.sexes, by: breakdown)
            #expect(x == y)
        }
        #expect(a.published.map(\.value) == b.published.map(\.value))
        #expect(a.published.count == 48 * 21)
        #expect(CrossCheck.run(b).map(\.status) == CrossCheck.run(a).map(\.status))
    }
}
