import Foundation
import Testing
@testable import MigStat

/// Crash-safe writes: `migstat ingest` is killed (SIGKILL) while it writes a large snapshot over
/// an existing one; the old snapshot must be intact, byte for byte, and no temporary file left.
@Suite(.serialized) struct CrashSafeWriteTests {
    /// A tidy file of about 1.2 million distinct rows (every pair of 240 areas, 20 years), with a
    /// count per sex: a snapshot of about 19 MB, long enough to write that the kill lands inside.
    static func largeCSV(at path: String) throws {
        let codes = Fixture.reference.geography.areas.prefix(240).map(\.iso3)
        var text = "year,origin,destination,stock,stock_male,stock_female\n"
        text.reserveCapacity(50_000_000)
        var value = 1
        for year in 1990..<2010 {
            for origin in codes {
                for destination in codes {
                    value = (value * 7 + 3) % 1000
                    text += "\(year),\(origin),\(destination),\(value * 2 + 1),\(value),\(value + 1)\n"
                }
            }
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// True when process `pid` has a file open in `folder`: the snapshot being written (an
    /// O_TMPFILE shows as "FOLDER/#inode (deleted)", a named temporary by its name).
    static func isWriting(_ pid: Int32, in folder: String) -> Bool {
        guard let directory = opendir("/proc/\(pid)/fd") else { return false }
        defer { closedir(directory) }
        var buffer = [CChar](repeating: 0, count: 4096)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let length = readlink("/proc/\(pid)/fd/\(name)", &buffer, buffer.count - 1)
            guard length > 0 else { continue }
            let target = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix(folder + "/") && !target.hasSuffix("large.csv") { return true }
        }
        return false
    }

    static func sha256(_ path: String) throws -> String {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        return data.withUnsafeBytes { SHA256.hex(of: $0) }
    }

    @Test func killedWriterLeavesThePreviousSnapshotAndNoTemporary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-kill-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/data.migstat"
        let small = BadInputTests.path("truncated-last-line.csv")
        #expect(try runMigstat(["ingest", small, "-o", target]).status == 0)
        let before = try Self.sha256(target)
        let large = folder + "/large.csv"
        try Self.largeCSV(at: large)

        var killedWhileWriting = false
        for _ in 0..<3 where !killedWhileWriting {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Paths.executable)
            process.arguments = ["ingest", large, "-o", target, "--threads", "2"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            let pid = process.processIdentifier
            while process.isRunning {
                if Self.isWriting(pid, in: folder) {
                    kill(pid, SIGKILL)
                    break
                }
            }
            process.waitUntilExit()
            killedWhileWriting = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        }
        #expect(killedWhileWriting, "the writer finished (or failed) before it could be killed while writing")
        // The old snapshot, byte for byte, and nothing else in the folder.
        #expect(try Self.sha256(target) == before)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["data.migstat", "large.csv"])
        let opened = try runMigstat(["stock", "--data", target, "--year", "2020", "--format", "csv"])
        #expect(opened.status == 0 && opened.out.contains("2020,total,100,"))
    }

    /// Where a named temporary is left (a writer killed between naming and renaming it, or a file
    /// system without O_TMPFILE), the next write of the same target removes it once its process is gone.
    @Test func nextWriteRemovesTheTemporariesOfDeadWriters() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-stale-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The pid of a process that has ended.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = ended.processIdentifier
        let stale = "\(folder)/data.migstat.tmp-\(dead)-12345"
        let live = "\(folder)/data.migstat.tmp-\(getpid())-999"  // this test process: alive, kept
        let other = "\(folder)/other.migstat.tmp-\(dead)-1"  // another target's: not touched
        for path in [stale, live, other] { FileManager.default.createFile(atPath: path, contents: Data("partial".utf8)) }
        let run = try runMigstat(["ingest", BadInputTests.path("negative-count.csv"), "-o", "\(folder)/data.migstat"])
        #expect(run.status == 0)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder))
            == ["data.migstat", "data.migstat.tmp-\(getpid())-999", "other.migstat.tmp-\(dead)-1"])
    }
}
