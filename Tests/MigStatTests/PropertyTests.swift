import Foundation
import Testing
@testable import MigStat

/// SplitMix64: a small generator with a fixed seed, so every run draws the same cases.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Invariants on random small tidy files (fixed seed, 200 cases). The files are written here, with
/// areas as ISO3 codes, M49 numbers or quoted English names, and a note column whose quoted text
/// holds commas and newlines; the expected figures are plain sums over the generated rows and
/// region membership from the UNSD M49 overview, never the engine's own answers.
@Suite struct PropertyTests {
    struct Row { let year: Int; let origin: Int; let destination: Int; let male: UInt32; let female: UInt32 }

    static let geography = Fixture.reference.geography
    static let years = [1990, 2000, 2010, 2020]

    /// A random file: up to 80 rows with distinct (year, origin, destination), total = male + female.
    static func randomFile(_ random: inout SeededGenerator) -> (text: String, rows: [Row]) {
        let pool = (0..<24).map { _ in Int.random(in: 0..<geography.areas.count, using: &random) }
        var seen = Set<[Int]>()
        var rows: [Row] = []
        for _ in 0..<Int.random(in: 1...80, using: &random) {
            let row = Row(year: years.randomElement(using: &random)!, origin: pool.randomElement(using: &random)!,
                          destination: pool.randomElement(using: &random)!,
                          male: UInt32.random(in: 0...5_000_000, using: &random),
                          female: UInt32.random(in: 0...5_000_000, using: &random))
            if seen.insert([row.year, row.origin, row.destination]).inserted { rows.append(row) }
        }
        func written(_ index: Int) -> String {
            let area = geography.areas[index]
            switch Int.random(in: 0..<3, using: &random) {
            case 0: return area.iso3
            case 1: return String(area.m49)
            default: return "\"" + area.nameEn.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
        }
        let notes = ["", "\"revised, see annex\"", "\"line one\nline two\"", "plain", "\"a \"\"quoted\"\" word\""]
        var text = "year,origin,destination,note,stock,stock_male,stock_female\n"
        for row in rows {
            text += "\(row.year),\(written(row.origin)),\(written(row.destination)),"
                + "\(notes.randomElement(using: &random)!),\(UInt64(row.male) + UInt64(row.female)),\(row.male),\(row.female)\n"
        }
        return (text, rows)
    }

    static func read(_ text: String, threads: Int) throws -> Dataset {
        var options = IngestOptions(strict: true)
        options.threads = threads
        options.minimumChunkBytes = 64  // cut even these small files, so chunk joins are exercised
        let report = try ExtractReader.read(InputBytes(name: "random.csv", copying: Array(text.utf8)),
                                             reference: Fixture.reference, options: options)
        #expect(report.rejectedCount == 0)
        return Dataset(table: report.table!, provenance: report.provenance, geography: geography)
    }

    static func sorted(_ table: MigrantTable) -> [Observation] {
        table.observations().sorted { ($0.year, $0.origin, $0.destination, $0.sex.rawValue) < ($1.year, $1.origin, $1.destination, $1.sex.rawValue) }
    }

    @Test func csvSnapshotSingleAndParallelGiveTheSameStore() throws {
        var random = SeededGenerator(seed: 0x5EED_0001)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-prop-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for index in 0..<200 {
            let (text, rows) = Self.randomFile(&random)
            let single = try Self.read(text, threads: 1)
            let parallel = try Self.read(text, threads: 2 + index % 3)
            let path = "\(folder)/case.migstat"
            try Snapshot.write(single, source: nil, to: path)
            let snapshot = try Snapshot.open(InputBytes(path: path), geography: Self.geography).dataset
            let expected = rows.flatMap { row in
                [(Sex.total, UInt32(UInt64(row.male) + UInt64(row.female))), (.male, row.male), (.female, row.female)].map {
                    Observation(year: row.year, origin: row.origin, destination: row.destination, age: -1, sex: $0.0, count: $0.1)
                }
            }.sorted { ($0.year, $0.origin, $0.destination, $0.sex.rawValue) < ($1.year, $1.origin, $1.destination, $1.sex.rawValue) }
            #expect(Self.sorted(single.table) == expected, "case \(index)")
            #expect(Self.sorted(parallel.table) == expected, "case \(index), parallel")
            #expect(Self.sorted(snapshot.table) == expected, "case \(index), snapshot")
        }
    }

    @Test func groupingsSumToTheirWholes() throws {
        var random = SeededGenerator(seed: 0x5EED_0002)
        let breakdowns: [Breakdown] = [.country, .group(.region), .group(.subregion), .group(.sdgRegion),
                                       .group(.development), .group(.income)]
        let regions = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
        for index in 0..<200 {
            let (text, rows) = Self.randomFile(&random)
            let engine = Engine(dataset: try Self.read(text, threads: 2), resolver: Resolver(reference: Fixture.reference, language: .en))
            let year = rows[0].year
            let plain = rows.filter { $0.year == year }.reduce(Int64(0)) { $0 + Int64($1.male) + Int64($1.female) }
            // The grand total, and male + female = both sexes.
            let sexes = try engine.stock(destination: nil, origin: nil, years: [year], sexes: [.total, .male, .female])
            #expect(sexes[0].stock == plain, "case \(index)")
            #expect(sexes[1].stock + sexes[2].stock == sexes[0].stock, "case \(index)")
            // Any grouping, on either side, sums to the grand total.
            let breakdown = breakdowns.randomElement(using: &random)!
            for side in [Side.destination, .origin] {
                let parts = try engine.stock(destination: nil, origin: nil, years: [year], sexes: [.total], by: breakdown, side: side)
                #expect(parts.reduce(0) { $0 + $1.stock } == plain, "case \(index): \(breakdown) by \(side)")
            }
            // A region's total is the sum of its members' rows (membership from the M49 overview,
            // plus the two UN DESA areas it lacks, as in ChartTests).
            let region = regions.randomElement(using: &random)!
            let members = M49Overview.iso3(region: region).union(["Asia": ["TWN"], "Europe": ["CHI"]][region] ?? [])
            let expected = rows.filter { $0.year == year && members.contains(Self.geography.areas[$0.destination].iso3) }
                .reduce(Int64(0)) { $0 + Int64($1.male) + Int64($1.female) }
            let stock = try engine.stock(destination: engine.resolver.selection(region), origin: nil, years: [year], sexes: [.total])
            #expect(stock[0].stock == expected, "case \(index): \(region)")
        }
    }

    /// Numbers as NumberFormat writes them, read back by the figure check's number reader.
    @Test func formattedNumbersReadBack() {
        var random = SeededGenerator(seed: 0x5EED_0003)
        let checks = [Language.en, .es].map { DraftCheck(engine: Fixture.engine($0), prose: try! ProseNames.bundled(), language: $0) }
        for _ in 0..<500 {
            let value = Int64.random(in: 0...999_999_999_999, using: &random) >> Int64.random(in: 0...36, using: &random)
            for (language, check) in zip([Language.en, .es], checks) {
                let format = NumberFormat(language)
                let sentence = { (figure: String) in
                    language == .en ? "In 2020, \(figure) migrants lived in Mexico." : "En 2020, \(figure) migrantes vivían en México."
                }
                let exact = check.claims(in: sentence(format.integer(value)))
                #expect(exact.map(\.value) == [Double(value)], "\(format.integer(value)) (\(language))")
                let human = check.claims(in: sentence(format.human(value)))
                #expect(human.count == 1 && abs(human[0].value - Double(value)) <= human[0].tolerance,
                        "\(format.human(value)) (\(language)) read as \(human.map(\.value))")
            }
        }
    }
}
