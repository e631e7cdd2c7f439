import Foundation
import Testing
@testable import MigStat

/// The bad-input corpus: every file in BadInputs/ (and the cases made here: a 10 MB field, damaged
/// snapshots, a directory, a FIFO, a file larger than memory …) run through the migstat executable,
/// each with the exact stderr it must print and the exit code the README documents. File errors
/// must leave no output file and no temporary behind; rejected rows are listed and the run goes on.
@Suite(.serialized) struct BadInputTests {
    static let folder = Paths.root.appendingPathComponent("Tests/MigStatTests/BadInputs").path
    static func path(_ name: String) -> String { "\(folder)/\(name)" }

    /// A scratch folder for outputs and generated inputs.
    static func scratch() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-bad-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs `stock --data FILE --year 2020 --format csv -o OUT` (plus `extra`) and checks the exit
    /// code and stderr line by line; a failing run must leave the output folder empty.
    @discardableResult
    static func expectRun(_ file: String, _ extra: [String] = [], status: Int32, stderr expected: [String],
                          environment: [String: String] = [:],
                          sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String? {
        let out = try scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let target = out + "/result.csv"
        let run = try runMigstat(["stock", "--data", file, "--year", "2020", "--format", "csv", "-o", target] + extra,
                                 environment: environment)
        #expect(run.status == status, "\(file): \(run.err)", sourceLocation: sourceLocation)
        #expect(run.err.split(separator: "\n").map(String.init) == expected, sourceLocation: sourceLocation)
        let left = try FileManager.default.contentsOfDirectory(atPath: out)
        if status != 0 {
            #expect(left.isEmpty, "output left behind: \(left)", sourceLocation: sourceLocation)
            return nil
        }
        #expect(left == ["result.csv"], sourceLocation: sourceLocation)
        return try String(contentsOfFile: target, encoding: .utf8)
    }

    /// The stock the CSV output gives for 2020 (the one data row of each output).
    static func stock(_ csv: String?) -> Int64? {
        csvRows(csv ?? "").first.flatMap { $0["stock"] }.flatMap { Int64($0) }
    }

    // MARK: file errors: exit 4, nothing written

    @Test(arguments: [
        ("empty.csv", "1: the file is empty; give a CSV extract with a header row and data rows"),
        ("blank-lines.csv", "1: the file is empty; give a CSV extract with a header row and data rows"),
        ("header-only.csv", "2: the file has a header but no data rows; check that the export is complete"),
        ("unbalanced-quote.csv", "3:2: a quoted field is not closed before the end of the file; add the closing quote, or check that the file is complete"),
        ("stray-quote.csv", "3:2: malformed quoting (a quote inside an unquoted field, or text after a closing quote) at byte 8 of the line; quote the whole field and double any quote inside it"),
        ("unknown-columns.csv", "1: no year column in the header (\"foo\", \"bar\", \"baz\"); name one with --map year=COLUMN"),
        ("missing-column.csv", "1: no destination column in the header (\"year\", \"origin\", \"stock\"); name one with --map destination=COLUMN"),
        ("duplicate-keys.csv", "4:1: the row repeats the year, origin and destination of line 2 (2020, Mexico → United States of America); remove one of the two rows, or give --sum-duplicates to add them up"),
        ("duplicate-keys-long.csv", "4:1: the row repeats the year, origin, destination and sex of line 2 (2020, Mexico → United States of America, male); remove one of the two rows, or give --sum-duplicates to add them up"),
        ("sex-mismatch-long.csv", "4:5: male (line 3) + female (line 4) = 105 differs from the total (line 2) 100 by more than rounding (2020, Mexico → United States of America, total); correct the figures; migstat cannot tell which of the three rows is wrong"),
        ("invalid-utf8-bom.csv", "2:7: a byte (0xE9) that is not UTF-8; the file is not UTF-8: give --encoding windows-1252 (Excel's \"CSV\" on Windows) or latin-1"),
        ("bom-in-middle.csv", "3:1: a byte-order mark in the middle of the file (two files joined together?); remove it (it belongs only at the very start), or join the files without it"),
        ("nul-bytes.csv", "2:15: a NUL byte in a windows-1252 text; check that this is a CSV file; UTF-16 files need --encoding utf-16le"),
        ("control-bytes.csv", "3:15: a control character (0x07): this looks like a binary file, not a CSV text; give the CSV extract (a spreadsheet must be saved as CSV first)"),
        ("binary-garbage.bin", "1:144: a NUL byte in a latin-1 text; check that this is a CSV file; UTF-16 files need --encoding utf-16le"),
        ("binary-no-nul.bin", "1:21: a control character (0x1D): this looks like a binary file, not a CSV text; give the CSV extract (a spreadsheet must be saved as CSV first)"),
        ("utf16-odd-length.csv", "1: the UTF-16 text has an odd number of bytes; the file is truncated, or it is not UTF-16: check --encoding"),
        ("age-and-total.csv", "3: the file gives both age groups (line 2) and all-ages totals (line 3); summing both would count people twice; remove the all-ages rows (migstat sums the age groups), or the age-group rows"),
    ])
    func fileError(name: String, message: String) throws {
        let file = Self.path(name)
        try Self.expectRun(file, status: 4, stderr: ["migstat: error: \(file):\(message)"])
    }

    @Test func tenMegabyteField() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/long-field.csv"
        var bytes = Array("year,origin,destination,stock\n2020,MEX,USA,100\n2020,\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "A"), count: 10 << 20)
        bytes += Array("\",CHL,7\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        try Self.expectRun(file, status: 4, stderr: [
            "migstat: error: \(file):3:2: a field longer than 1048576 bytes starts here; no cell of a migrant-stock table is that long; check that every quote is closed and that the file is a CSV extract",
        ])
    }

    // MARK: rejected rows: listed on stderr, exit 0, the other rows in the figures

    @Test(arguments: [
        ("truncated-last-line.csv", "3:4: the record has 3 fields where the header has 4", 100),
        ("ragged-rows.csv", "3:5: the record has 5 fields where the header has 4", 103),
        ("negative-count.csv", "2:4: count is negative (-5)", 7),
        ("non-numeric-count.csv", "2:4: count is not a number (\"12a\")", 7),
        ("overflow-count.csv", "2:4: count is larger than 4294967295, the most one cell may hold", 7),
        ("sex-mismatch.csv", "2:4: male + female (60 + 45 = 105) differs from the total (100) by more than rounding", 7),
        ("unknown-country.csv", "2:2: unknown area \"Narnia\"; closest: \"ANSA\", \"Armenia\", \"Aruba\"", 7),
        ("group-as-country.csv", "2:3: \"Africa\" is a group, not a country or area; extracts hold countries, migstat sums the groups", 7),
        ("empty-area.csv", "2:2: the area is empty", 7),
        ("bad-year.csv", "2:1: year \"1066\" is not a year between 1800 and 2199", 7),
    ])
    func rejectedRow(name: String, message: String, remaining: Int64) throws {
        let file = Self.path(name)
        let rows = name == "ragged-rows.csv" ? 3 : 2
        let csv = try Self.expectRun(file, status: 0, stderr: [
            "migstat: 1 of \(rows) rows were rejected and are not in the figures:",
            "migstat:   \(file):\(message)",
        ])
        #expect(Self.stock(csv) == remaining)
        // Under --strict the same row ends the run with exit 4.
        try Self.expectRun(file, ["--strict"], status: 4, stderr: [
            "migstat: error: \(file):\(message); correct the row, or drop --strict to report bad rows and go on",
        ])
    }

    @Test func sumDuplicatesAddsTheRepeatedRows() throws {
        // The file's rows: MEX→USA 100 and 25, PER→CHL 7.
        let file = Self.path("duplicate-keys.csv")
        #expect(Self.stock(try Self.expectRun(file, ["--sum-duplicates"], status: 0, stderr: [])) == 132)
        #expect(Self.stock(try Self.expectRun(file, ["--sum-duplicates", "--dest", "USA"], status: 0, stderr: [])) == 125)
        let long = Self.path("duplicate-keys-long.csv")
        #expect(Self.stock(try Self.expectRun(long, ["--sum-duplicates", "--sex", "male"], status: 0, stderr: [])) == 65)
    }

    /// The bundled names have no ambiguity, so this case adds "Congo" as an alias of the
    /// Democratic Republic of the Congo (as people write it) in a copy of datasets/.
    @Test func ambiguousName() throws {
        let copy = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let datasets = try DatasetLocator.directory()
        for name in try FileManager.default.contentsOfDirectory(atPath: datasets) where name.hasSuffix(".csv") || name.hasSuffix(".json") {
            try FileManager.default.copyItem(atPath: "\(datasets)/\(name)", toPath: "\(copy)/\(name)")
        }
        let geography = try String(contentsOfFile: "\(copy)/geography.csv", encoding: .utf8)
        let changed = geography.replacingOccurrences(of: "República Democrática del Congo,\"DR Congo|",
                                                     with: "República Democrática del Congo,\"Congo|DR Congo|")
        #expect(changed != geography)
        try changed.write(toFile: "\(copy)/geography.csv", atomically: true, encoding: .utf8)
        let environment = ["MIGSTAT_DATASETS": copy, "MIGSTAT_CACHE_DIR": ""]
        let file = Self.path("ambiguous-name.csv")
        let csv = try Self.expectRun(file, status: 0, stderr: [
            "migstat: 1 of 2 rows were rejected and are not in the figures:",
            "migstat:   \(file):2:2: area \"Congo\" is ambiguous; use its ISO3 or M49 code",
        ], environment: environment)
        #expect(Self.stock(csv) == 7)
        let query = try runMigstat(["stock", "--dest", "Congo", "--year", "2020"], environment: environment)
        #expect(query.status == 2)
        #expect(query.err == "migstat: error: \"Congo\" is ambiguous: it may be \"Congo\" or \"Democratic Republic of the Congo\"; use the full name or a code\n")
    }

    // MARK: files that cannot be read: exit 3

    @Test func directoryMissingFifoUnreadable() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.expectRun(folder, status: 3, stderr: [
            "migstat: error: \(folder): is a directory; give a CSV file or a .migstat snapshot",
        ])
        try Self.expectRun(folder + "/absent.csv", status: 3, stderr: [
            "migstat: error: \(folder)/absent.csv: no such file; check the path",
        ])
        // A FIFO would block a reader forever; it is refused before it is opened.
        let fifo = folder + "/pipe.csv"
        #expect(mkfifo(fifo, 0o644) == 0)
        try Self.expectRun(fifo, status: 3, stderr: [
            "migstat: error: \(fifo): is not a regular file; give a CSV file or a .migstat snapshot",
        ])
    }

    @Test(.enabled(if: getuid() != 0, "root reads a file whatever its mode: chmod 000 blocks nothing when the tests run as root"))
    func unreadableFile() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/locked.csv"
        try FileManager.default.copyItem(atPath: Self.path("duplicate-keys.csv"), toPath: file)
        #expect(chmod(file, 0) == 0)
        try Self.expectRun(file, status: 3, stderr: [
            "migstat: error: \(file): permission denied; check the file's permissions",
        ])
    }

    // MARK: snapshots: exit 4

    @Test func damagedSnapshots() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = folder + "/good.migstat"
        let made = try runMigstat(["ingest", Self.path("truncated-last-line.csv"), "-o", good])
        #expect(made.status == 0)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: good)))
        #expect(Self.stock(try Self.expectRun(good, status: 0, stderr: [])) == 100)

        let truncated = folder + "/truncated.migstat"
        try Data(bytes.prefix(bytes.count - 100)).write(to: URL(fileURLWithPath: truncated))
        try Self.expectRun(truncated, status: 4, stderr: [
            "migstat: error: \(truncated): byte \(bytes.count - 100): the snapshot is truncated: \(bytes.count - 100) of its \(bytes.count) bytes; write it again with `migstat ingest`",
        ])
        // One bit flipped in the middle of the last block (found through the directory): its checksum fails.
        func integer(_ at: Int, _ size: Int) -> Int { (0..<size).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        let lastEntry = integer(24, 8) + (integer(12, 4) - 1) * 48
        var flipped = bytes
        flipped[integer(lastEntry + 24, 8) + integer(lastEntry + 32, 8) / 2] ^= 0x10
        let flippedPath = folder + "/flipped.migstat"
        try Data(flipped).write(to: URL(fileURLWithPath: flippedPath))
        let blockName = String(decoding: bytes[lastEntry..<lastEntry + 24].prefix { $0 != 0 }, as: UTF8.self)
        try Self.expectRun(flippedPath, status: 4, stderr: [
            "migstat: error: \(flippedPath): byte \(integer(lastEntry + 24, 8)): block \"\(blockName)\" (\(integer(lastEntry + 32, 8)) bytes) fails its checksum: the file is damaged; write it again with `migstat ingest`",
        ])
        // Version 1, with a header checksum that is right for it: refused by version, not damage.
        var older = bytes
        older[8] = 1
        let crc = older[0..<60].withUnsafeBytes { CRC32C.checksum($0) }
        for i in 0..<4 { older[60 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        let olderPath = folder + "/v1.migstat"
        try Data(older).write(to: URL(fileURLWithPath: olderPath))
        try Self.expectRun(olderPath, status: 4, stderr: [
            "migstat: error: \(olderPath): byte 8: snapshot format version 1; this migstat reads version 2; write it again from the CSV with this migstat's `migstat ingest`",
        ])
    }

    /// `migstat ingest A B` joins files: a figure both give would be counted twice.
    @Test func filesThatRepeatEachOthersFigures() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let a = Self.path("negative-count.csv"), b = Self.path("truncated-last-line.csv")  // PER→CHL 7; MEX→USA 100
        let twice = try runMigstat(["ingest", a, b, a, "-o", folder + "/out.migstat"])
        #expect(twice.status == 2)
        #expect(twice.err.split(separator: "\n").last.map(String.init)
            == "migstat: error: \(a) gives figures that \(a) also gives (first: 2020, Peru → Chile); joined they would be counted twice: ingest them separately, or give --sum-duplicates if they are parts of one figure")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        let joined = try runMigstat(["ingest", a, b, "-o", folder + "/out.migstat"])
        #expect(joined.status == 0)
        #expect(Self.stock(try Self.expectRun(folder + "/out.migstat", status: 0, stderr: [])) == 107)
    }

    // MARK: output: exit 6

    @Test func outputInAMissingFolder() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/no/such/out.migstat"
        let run = try runMigstat(["ingest", Self.path("negative-count.csv"), "-o", target])
        #expect(run.status == 6)
        #expect(run.err.split(separator: "\n").last == "migstat: error: cannot write \(target): the folder \(folder)/no/such does not exist; create it first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    // MARK: limits: exit 8

    @Test func rowAndByteLimits() throws {
        let file = Self.path("ragged-rows.csv")
        try Self.expectRun(file, ["--max-rows", "2"], status: 8, stderr: [
            "migstat: error: \(file): more than 2 data rows (--max-rows 2); raise --max-rows if the file is trusted",
        ])
        let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as! Int
        try Self.expectRun(file, ["--max-bytes", "\(size - 1)"], status: 8, stderr: [
            "migstat: error: \(file): the file has \(size) bytes, more than --max-bytes \(size - 1); raise --max-bytes if the file is trusted",
        ])
        // At the limits the file is read (one row rejected, as without them).
        try Self.expectRun(file, ["--max-rows", "3", "--max-bytes", "\(size)"], status: 0, stderr: [
            "migstat: 1 of 3 rows were rejected and are not in the figures:",
            "migstat:   \(file):3:5: the record has 5 fields where the header has 4",
        ])
        try Self.expectRun(file, ["--max-rows", "0"], status: 2, stderr: ["migstat: error: --max-rows takes a positive number"])
    }

    /// A file larger than the machine's memory: 64 KiB of real rows, then a hole to 1 TB (sparse,
    /// so it costs no disk). It is refused from its size and the rows of its start, before any parse.
    @Test func fileLargerThanMemory() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/huge.csv"
        var text = "year,origin,destination,stock\n"
        while text.utf8.count < 1 << 16 { text += "2020,MEX,USA,100\n" }
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        #expect(truncate(file, 1 << 40) == 0)
        let run = try runMigstat(["stock", "--data", file, "--year", "2020"])
        #expect(run.status == 8)
        #expect(run.err.hasPrefix("migstat: error: \(file): reading 1099511 MB (about "))
        #expect(run.err.hasSuffix("MB available; split the file by year and ingest the parts, or run on a machine with more memory\n"))
    }
}
