import Foundation
import Testing
@testable import MigStat

/// Paths of the project and of ../shared, from this file's location.
enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static let ims2024 = shared.appendingPathComponent("datasets/un-desa-ims-2024/stock_bilateral_long.csv").path
    static let m49 = shared.appendingPathComponent("reference/m49_overview.csv").path
    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: ims2024) }

    /// The built migstat executable, beside the test bundle.
    static var executable: String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("migstat").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/migstat").path
    }
}

/// The shared IMS 2024 CSV read by plain string splitting, not by libcsv or migstat's ingest:
/// the independent route the expected values come from. Names may hold quoted commas, so only
/// the first three fields and the last three are taken.
struct PlainRows {
    struct Row { let year: Int; let origin: String; let destination: String; let total: Int64; let male: Int64; let female: Int64 }
    let rows: [Row]

    static let ims2024: PlainRows = {
        let text = try! String(contentsOfFile: Paths.ims2024, encoding: .utf8)
        var rows: [Row] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let n = fields.count
            rows.append(Row(year: Int(fields[0])!, origin: String(fields[1]), destination: String(fields[2]),
                            total: Int64(fields[n - 3])!, male: Int64(fields[n - 2])!, female: Int64(fields[n - 1])!))
        }
        return PlainRows(rows: rows)
    }()

    func sum(year: Int? = nil, origins: Set<String>? = nil, destinations: Set<String>? = nil) -> Int64 {
        rows.reduce(0) { total, row in
            if let year, row.year != year { return total }
            if let origins, !origins.contains(row.origin) { return total }
            if let destinations, !destinations.contains(row.destination) { return total }
            return total + row.total
        }
    }
}

/// The UNSD M49 overview from ../shared: ISO3 codes by region or sub-region name, a source
/// independent of the project's own geography files.
enum M49Overview {
    static let rows: [[String]] = {
        let records = try! CSVRecordCollector.read(InputBytes(path: Paths.m49))
        return records.dropFirst().map(\.fields)
    }()

    static func iso3(region: String) -> Set<String> { Set(rows.filter { $0[3] == region }.map { $0[10] }) }
    static func iso3(subregion: String) -> Set<String> { Set(rows.filter { $0[5] == subregion }.map { $0[10] }) }
}

/// The embedded dataset and its engine, loaded once for all tests.
enum Fixture {
    static let reference = try! ReferenceData.bundled()
    static let dataset = try! DatasetLoader.embedded(reference: reference)
    static func engine(_ language: Language = .en) -> Engine {
        Engine(dataset: dataset, resolver: Resolver(reference: reference, language: language))
    }
}

/// Runs the migstat executable and returns its exit code, stdout and stderr.
func runMigstat(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Paths.executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = readToEnd(out.fileHandleForReading)
    let errData = readToEnd(err.fileHandleForReading)
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// Everything until end of file, retrying reads a signal interrupts: Foundation's
/// `readDataToEndOfFile` traps on EINTR, which child processes ending around it cause now and then.
func readToEnd(_ handle: FileHandle) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            data.append(contentsOf: buffer[0..<count])
        } else if count == 0 || errno != EINTR {
            return data
        }
    }
}

/// A CSV output's rows as dictionaries (the output has no quoted commas in the columns read here).
func csvRows(_ text: String) -> [[String: String]] {
    let lines = text.split(separator: "\n").map(String.init)
    guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
    return lines.dropFirst().map { line in
        Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
    }
}
