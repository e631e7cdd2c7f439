import Foundation
import Testing
@testable import MigStat

/// A fresh folder under the system's temporary folder, for files a test writes.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "migstat-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Serial and parallel reads of the same bytes.
func readBoth(_ input: InputBytes, chunkBytes: Int, strict: Bool = false) throws -> (serial: IngestReport, parallel: IngestReport) {
    var serial = IngestOptions(strict: strict)
    serial.threads = 1
    var parallel = IngestOptions(strict: strict)
    parallel.threads = 8
    parallel.minimumChunkBytes = chunkBytes
    return (try TidyIngest.read(input, reference: Fixture.reference, options: serial),
            try TidyIngest.read(input, reference: Fixture.reference, options: parallel))
}

@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared"))
struct SnapshotTests {
    @Test func roundTripGivesBackEveryColumnAndTheProvenance() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (dataset, report) = try DatasetLoader.load(path: Paths.ims2024, reference: Fixture.reference)
        let path = folder + "/ims.migstat"
        let source = Snapshot.Source(bytes: 4_024_504, records: report!.recordsRead, rejected: report!.rejectedCount)
        try Snapshot.write(dataset, source: source, to: path)
        let opened = try Snapshot.open(InputBytes(path: path), geography: Fixture.reference.geography)
        #expect(!opened.remapped)
        #expect(opened.source == source)
        #expect(opened.dataset.provenance == dataset.provenance)
        let table = opened.dataset.table
        #expect(table.years == dataset.table.years)
        #expect(table.sexes == dataset.table.sexes)
        #expect(table.segments.map(\.rowCount) == dataset.table.segments.map(\.rowCount))
        #expect(table.observations() == dataset.table.observations())
        // And through the loader, which tells a snapshot by its signature, not its name.
        let (viaLoader, noReport) = try DatasetLoader.load(path: path, reference: Fixture.reference)
        #expect(noReport == nil)
        #expect(viaLoader.table.observations() == dataset.table.observations())
        // The store against the independent plain reading of the CSV: one row a CSV row, the
        // three counts of each row in place.
        let plain = PlainRows.ims2024.rows
        #expect(table.rowCount == plain.count)
        let byKey = Dictionary(grouping: table.observations()) { "\($0.year) \($0.origin) \($0.destination)" }
        let geography = Fixture.reference.geography
        for row in plain.prefix(2000) {
            let key = "\(row.year) \(geography.area(iso3: row.origin)!) \(geography.area(iso3: row.destination)!)"
            let counts = byKey[key]!.reduce(into: [Sex: Int64]()) { $0[$1.sex, default: 0] += Int64($1.count) }
            #expect(counts == [.total: row.total, .male: row.male, .female: row.female])
        }
    }

    @Test func aSnapshotOfAnotherGeographyOrderIsRemappedByM49() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let geography = Fixture.reference.geography
        let path = folder + "/ims.migstat"
        try Snapshot.write(Fixture.dataset, source: nil, to: path)
        let reversed = try Geography(areas: geography.areas.reversed(), groups: [])
        let opened = try Snapshot.open(InputBytes(path: path), geography: reversed)
        #expect(opened.remapped)
        let m49 = { (geography: Geography, index: Int) in geography.areas[index].m49 }
        let expected = Fixture.dataset.table.observations().map { "\($0.year) \(m49(geography, $0.origin)) \(m49(geography, $0.destination)) \($0.sex) \($0.count)" }
        let got = opened.dataset.table.observations().map { "\($0.year) \(m49(reversed, $0.origin)) \(m49(reversed, $0.destination)) \($0.sex) \($0.count)" }
        #expect(got == expected)
    }

    @Test func damagedSnapshotsAreRefusedWithWhatAndWhere() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = folder + "/good.migstat"
        try Snapshot.write(Fixture.dataset, source: nil, to: good)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: good)))

        func check(_ name: String, _ damaged: [UInt8], _ expected: [String]) throws {
            let path = folder + "/" + name
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            #expect {
                try Snapshot.open(InputBytes(path: path), geography: Fixture.reference.geography)
            } throws: { error in
                guard let error = error as? MigStatError, error.exitCode == 4 else { return false }
                return expected.allSatisfy { "\(error)".contains($0) }
            }
            let run = try runMigstat(["stock", "--dest", "Americas", "--data", path])
            #expect(run.status == 4, "\(name)")
            #expect(run.out.isEmpty)
            #expect(run.err.split(separator: "\n").count == 1 && expected.allSatisfy(run.err.contains), "\(run.err)")
        }
        try check("truncated.migstat", Array(bytes.prefix(bytes.count - 1000)),
                  ["truncated.migstat: byte", "truncated", "of its \(bytes.count) bytes", "migstat ingest"])
        try check("short.migstat", Array(bytes.prefix(20)), ["shorter than its 64-byte header"])
        var flipped = bytes
        flipped[bytes.count - 5000] ^= 0x10
        try check("flipped.migstat", flipped, ["fails its checksum", "damaged"])
        var header = bytes
        header[17] ^= 0x01
        try check("header.migstat", header, ["header is damaged"])
        // Another format version, with a header checksum that matches it.
        var version = bytes
        let other = Snapshot.version + 1
        version[8] = UInt8(other)
        let crc = version.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<60])) }
        withUnsafeBytes(of: crc.littleEndian) { version.replaceSubrange(60..<64, with: $0) }
        try check("other.migstat", version, ["other.migstat: byte 8", "format version \(other)",
                                             "reads version \(Snapshot.version)", "migstat ingest"])
    }

    @Test func crc32cOfKnownVectors() {
        // RFC 3720 B.4 and the usual check value of CRC-32C.
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
        #expect([UInt8](repeating: 0, count: 32).withUnsafeBytes { CRC32C.checksum($0) } == 0x8A91_36AA)
        #expect([UInt8](repeating: 0xFF, count: 32).withUnsafeBytes { CRC32C.checksum($0) } == 0x62A8_AB43)
    }

    @Test func parallelReadOfTheIMSFileEqualsTheSerialOneColumnForColumn() throws {
        let input = try InputBytes(path: Paths.ims2024)
        let (serial, parallel) = try readBoth(input, chunkBytes: 64 << 10)
        #expect(serial.chunks == 1)
        #expect(parallel.chunks == 8)
        #expect(parallel.table.years == serial.table.years)
        #expect(parallel.table.sexes == serial.table.sexes)
        #expect(parallel.table.observations() == serial.table.observations())
        #expect(parallel.recordsRead == serial.recordsRead)
        #expect(parallel.recordsRead == PlainRows.ims2024.rows.count)
        #expect(parallel.rejections == serial.rejections)
    }

    @Test func embeddedThroughTheCachedSnapshotEqualsEmbeddedFromTheCSV() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fromCSV = try DatasetLoader.embedded(reference: Fixture.reference, cacheDirectory: nil)
        let first = try DatasetLoader.embedded(reference: Fixture.reference, cacheDirectory: folder)
        let snapshot = EmbeddedCache.path(in: folder, sha256: fromCSV.provenance.sha256)
        #expect(FileManager.default.fileExists(atPath: snapshot))
        let second = try DatasetLoader.embedded(reference: Fixture.reference, cacheDirectory: folder)
        for dataset in [first, second] {
            #expect(dataset.provenance == fromCSV.provenance)
            #expect(dataset.table.years == fromCSV.table.years)
            #expect(dataset.table.observations() == fromCSV.table.observations())
        }
        // The second came from the snapshot: its columns live in the mapping, not in builders.
        #expect(try Snapshot.open(InputBytes(path: snapshot), geography: Fixture.reference.geography).dataset
            .table.observations() == fromCSV.table.observations())
        // The provenance's checksum is the shipped CSV's.
        let csv = try InputBytes(path: try DatasetLocator.directory() + "/" + fromCSV.provenance.file)
        #expect(SHA256.hex(of: csv.bytes) == fromCSV.provenance.sha256)
        // A damaged cache is made again, not trusted.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: snapshot))
        try handle.seek(toOffset: 70_000)
        handle.write(Data([0xAB, 0xCD]))
        try handle.close()
        let third = try DatasetLoader.embedded(reference: Fixture.reference, cacheDirectory: folder)
        #expect(third.table.observations() == fromCSV.table.observations())
        #expect(try Snapshot.open(InputBytes(path: snapshot), geography: Fixture.reference.geography).source != nil)
    }

    @Test func ingestCommandWritesASnapshotThatAnswersLikeTheCSV() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/ims.migstat"
        let ingest = try runMigstat(["ingest", Paths.ims2024, "-o", path])
        #expect(ingest.status == 0, "\(ingest.err)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(leftovers == ["ims.migstat"])
        for query in [["stock", "--dest", "Americas", "--by", "country"], ["corridor", "Central Asia", "TUR"], ["top", "-n", "20"]] {
            let fromCSV = try runMigstat(query + ["--data", Paths.ims2024, "--format", "csv"])
            let fromSnapshot = try runMigstat(query + ["--data", path, "--format", "csv"])
            #expect(fromCSV.status == 0 && fromSnapshot.status == 0)
            #expect(fromSnapshot.out == fromCSV.out)
            #expect(fromCSV.out.split(separator: "\n").count > 8)
        }
    }
}

struct ParallelIngestTests {
    /// Records whose quoted note spans several lines, some bad rows among them: many chunk cuts
    /// land inside quotes, and the rejections must keep their exact lines.
    @Test func quotedNewlinesAcrossChunkCutsGiveTheSerialResultAndLines() throws {
        var text = "year,orig,dest,note,stock_male,stock_female\n"
        var line = 2
        var expectedBad: [Int] = []
        var male: Int64 = 0, female: Int64 = 0
        let areas = ["KAZ", "KGZ", "TJK", "TUR", "MEX", "USA", "COL", "VEN"]
        for index in 0..<3000 {
            let note = index % 3 == 0 ? "\"first\nsecond, still quoted\n\"\"third\"\"\"" : "plain"
            let bad = index % 97 == 5
            if bad { expectedBad.append(line) }
            let count = bad ? "-4" : "\(index)"
            text += "\(1990 + index % 7 * 5),\(areas[index % 8]),\(areas[(index + 3) % 8]),\(note),\(count),\(index * 2)\n"
            if !bad {
                male += Int64(index)
                female += Int64(index * 2)
            }
            line += index % 3 == 0 ? 3 : 1
        }
        let input = InputBytes(name: "quoted.csv", copying: Array(text.utf8))
        let (serial, parallel) = try readBoth(input, chunkBytes: 64)
        let planned = TidyIngest.chunkRanges(CSVReader.content(of: input), count: 8).count
        #expect(planned == 8)
        // Some cuts fell inside quoted notes and were proven wrong by libcsv's state, so fewer chunks stood.
        #expect(parallel.chunks < planned && parallel.chunks > 1)
        #expect(serial.rejections.map(\.location.line) == expectedBad)
        #expect(parallel.rejections == serial.rejections)
        #expect(parallel.table.observations() == serial.table.observations())
        #expect(parallel.recordsRead == 3000)
        let sums = parallel.table.observations().reduce(into: [Sex: Int64]()) { $0[$1.sex, default: 0] += Int64($1.count) }
        #expect(sums == [.male: male, .female: female, .total: male + female])
    }

    @Test func aMalformedQuoteInALaterChunkIsReportedAtItsFileLine() throws {
        var text = "year,orig,dest,stock\n"
        for index in 0..<2000 { text += "2020,KAZ,TUR,\(index)\n" }
        text += "2020,\"KAZ\"x,TUR,1\n"
        for index in 0..<100 { text += "2020,KAZ,TUR,\(index)\n" }
        let input = InputBytes(name: "bad.csv", copying: Array(text.utf8))
        var options = IngestOptions()
        options.threads = 4
        options.minimumChunkBytes = 64
        #expect {
            try TidyIngest.read(input, reference: Fixture.reference, options: options)
        } throws: { error in
            "\(error)".contains("bad.csv:2002:") && "\(error)".contains("malformed quoting")
        }
        var strict = options
        strict.strict = true
        let strictText = text.replacingOccurrences(of: "\"KAZ\"x", with: "KAZ").replacingOccurrences(of: "2020,KAZ,TUR,50\n", with: "2020,KAZ,TUR,abc\n")
        #expect {
            try TidyIngest.read(InputBytes(name: "s.csv", copying: Array(strictText.utf8)), reference: Fixture.reference, options: strict)
        } throws: { error in
            "\(error)".contains("s.csv:52:4")
        }
    }

    @Test func ageGroupsAreSummedAndAFileWithBothGroupsAndTotalsIsRefused() throws {
        var text = "year,origin,destination,sex,age,stock\n"
        var expected: Int64 = 0
        for (index, age) in ["0-4", "5-9", "10-14", "100+"].enumerated() {
            for sex in ["male", "female"] {
                text += "2020,KAZ,TUR,\(sex),\(age),\(index * 10 + 1)\n"
                expected += Int64(index * 10 + 1)
            }
        }
        let report = try TidyIngest.read(InputBytes(name: "ages.csv", copying: Array(text.utf8)), reference: Fixture.reference)
        #expect(report.table.ages == ["0-4", "5-9", "10-14", "100+"])
        #expect(!report.table.isWide)
        #expect(report.table.byteCount == report.table.rowCount * 10)  // origin, destination, age, sex, count
        let engine = Engine(dataset: Dataset(table: report.table, provenance: Fixture.dataset.provenance,
                                             geography: Fixture.reference.geography),
                            resolver: Resolver(reference: Fixture.reference))
        let rows = try engine.stock(destination: engine.resolver.selection("TUR"), origin: nil, years: [2020],
                                    sexes: [.male, .female])
        #expect(rows.map(\.stock).reduce(0, +) == expected)
        let mixed = text + "2020,KAZ,TUR,male,Total,64\n"
        #expect {
            try TidyIngest.read(InputBytes(name: "mixed.csv", copying: Array(mixed.utf8)), reference: Fixture.reference)
        } throws: { error in
            "\(error)".contains("mixed.csv:10") && "\(error)".contains("line 2") && "\(error)".contains("twice")
        }
    }
}

/// Snapshots of the UN DESA table layouts: the unspecified origin, the publisher's totals and
/// the both-sexes-only figures travel with the rows; a total-population table is refused.
@Suite(.enabled(if: UNTables.available, "needs ../shared"))
struct UNTableSnapshotTests {
    @Test func table1SnapshotKeepsUnspecifiedOriginsPublishedTotalsAndTheirChecks() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reference = Fixture.reference
        let (fromCSV, report) = try DatasetLoader.load(path: UNTables.table1, reference: reference)
        #expect(report?.layout.kind == .unDestination)
        let path = folder + "/table1.migstat"
        try Snapshot.write(fromCSV, source: nil, to: path)
        let (opened, noReport) = try DatasetLoader.load(path: path, reference: reference)
        #expect(noReport == nil)
        // Every figure is the CSV's, and every origin is the unspecified one.
        #expect(opened.table.observations() == fromCSV.table.observations())
        #expect(opened.table.origins == OriginKinds(known: false, unspecified: true))
        #expect(opened.table.observations().allSatisfy { $0.origin == reference.geography.unspecifiedOrigin })
        #expect(!opened.hasKnownOrigins)
        // The provenance, its checksum against the file's bytes hashed here.
        #expect(opened.provenance == fromCSV.provenance)
        let csv = try InputBytes(path: UNTables.table1)
        #expect(opened.provenance.sha256 == withExtendedLifetime(csv) { SHA256.hex(of: csv.bytes) })
        // The publisher's rows, one for one, and the cross-check run on the snapshot gives what it
        // gives on the CSV; the region rows in the file are many, none differs.
        #expect(opened.published.count == fromCSV.published.count)
        #expect(opened.published.count > 48 * 21 / 2)
        #expect(opened.published.map { "\($0.destination) \($0.origin) \($0.label) \($0.year) \($0.sex) \($0.value) \($0.location)" }
            == fromCSV.published.map { "\($0.destination) \($0.origin) \($0.label) \($0.year) \($0.sex) \($0.value) \($0.location)" })
        #expect(opened.bothSexesOnly == fromCSV.bothSexesOnly)
        #expect(!opened.bothSexesOnly.isEmpty)  // Bonaire, Sint Eustatius and Saba
        let checks = CrossCheck.run(opened).map { "\($0.status) \($0.computed)" }
        #expect(checks == CrossCheck.run(fromCSV).map { "\($0.status) \($0.computed)" })
        #expect(!checks.contains { $0.hasPrefix("differs") })
        // A query by destination group gives the same parts as on the CSV.
        let engines = [opened, fromCSV].map { Engine(dataset: $0, resolver: Resolver(reference: reference)) }
        let parts = try engines.map { engine in
            try engine.stock(destination: engine.resolver.selection("Americas"), origin: nil, years: [2020],
                             sexes: [.total], by: .group(.sdgRegion), side: .destination).map { "\($0.part ?? "") \($0.stock)" }
        }
        #expect(parts[0] == parts[1] && !parts[0].isEmpty)
    }

    @Test func ingestRefusesAPopulationTableAndJoinsNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try runMigstat(["ingest", UNTables.table2, "-o", folder + "/t2.migstat"])
        #expect(run.status == 2)
        #expect(run.err.contains("total-population table") && run.err.contains("--population"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        // The same file read as a table by the library is a population measure, not a dataset.
        let extract = try DatasetLoader.open(path: UNTables.table2, reference: Fixture.reference)
        #expect(extract.dataset == nil && extract.population != nil)
    }

    @Test func ingestOfTable1AnswersLikeTheCSVOnTheCommandLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/t1.migstat"
        let csv = try InputBytes(path: UNTables.table1)
        let sha256 = withExtendedLifetime(csv) { SHA256.hex(of: csv.bytes) }
        let ingest = try runMigstat(["ingest", UNTables.table1, "-o", path])
        #expect(ingest.status == 0, "\(ingest.err)")
        for query in [["stock", "--dest", "Americas", "--year", "2020"], ["stock", "--by", "sdg-region", "--sex", "all"]] {
            let fromCSV = try runMigstat(query + ["--data", UNTables.table1, "--format", "json"])
            let fromSnapshot = try runMigstat(query + ["--data", path, "--format", "json"])
            #expect(fromCSV.status == 0 && fromSnapshot.status == 0, "\(fromSnapshot.err)")
            // All but the query line (it names the --data file); the JSON carries the checksum too.
            let body = { (out: String) in out.split(separator: "\n").filter { !$0.contains("\"query\":") } }
            #expect(body(fromSnapshot.out) == body(fromCSV.out))
            #expect(fromCSV.out.contains("\"sha256\": \"\(sha256)\""))
        }
        // validate reads CSV extracts: a snapshot is refused with what to give instead.
        let validate = try runMigstat(["validate", path])
        #expect(validate.status == 2 && validate.err.contains("is a snapshot"))
    }
}

struct HeaderLineTests {
    /// Title rows before the header (as a UN table saved to CSV has): a parallel read cuts no chunk
    /// before the header's end, reads no title row as data, and keeps the file's line numbers.
    @Test func titleRowsStayOutOfTheDataAndTheChunksKeepTheirLines() throws {
        var text = "International migrant stock, a title\n\"A note, quoted\nover two lines\"\n\n"
        let headerLine = 5
        text += "year,orig,dest,stock\n"
        var expected: Int64 = 0
        var badLines: [Int] = []
        for index in 0..<4000 {
            let bad = index % 500 == 7
            if bad { badLines.append(headerLine + 1 + index) }
            text += "2020,KAZ,TUR,\(bad ? "x" : String(index))\n"
            if !bad { expected += Int64(index) }
        }
        var options = IngestOptions()
        options.headerLine = headerLine
        options.threads = 1
        let input = InputBytes(name: "titled.csv", copying: Array(text.utf8))
        let serial = try TidyIngest.read(input, reference: Fixture.reference, options: options)
        options.threads = 6
        options.minimumChunkBytes = 64
        let parallel = try TidyIngest.read(input, reference: Fixture.reference, options: options)
        #expect(parallel.chunks > 1)
        for report in [serial, parallel] {
            #expect(report.recordsRead == 4000)
            #expect(report.rejections.map(\.location.line) == badLines)
            #expect(report.table.observations().reduce(Int64(0)) { $0 + Int64($1.count) } == expected)
        }
    }
}
