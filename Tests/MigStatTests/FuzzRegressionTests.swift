import Foundation
import Testing
@testable import MigStat

/// Inputs the fuzzers (Fuzz/) found a problem with, kept as they were found (the fuzz target's
/// control byte removed); Fuzz/README.md tells each story.
@Suite struct FuzzRegressionTests {
    static func input(_ name: String) throws -> InputBytes {
        try InputBytes(path: Paths.root.appendingPathComponent("Tests/MigStatTests/FuzzRegressions/\(name)").path)
    }

    /// A UTF-16 file whose bytes were shifted by one decodes to CJK text, so a data row holds an
    /// "area" of 4,000 characters; its closest-name suggestions took 10 seconds (edit distance to
    /// every name). Now a name too long to be one gets no suggestions.
    @Test(.timeLimit(.minutes(1))) func longUnknownNameGetsNoSuggestions() throws {
        let report = try ExtractReader.read(Self.input("slow-suggestions-utf16.csv"), reference: Fixture.reference)
        #expect(report.layout.kind == .matrix)
        #expect(report.rejectedCount == 1)
        #expect(report.rejections[0].reason.utf8.starts(with: "unknown area \"USA".utf8))  // bytes: a combining mark follows the A
        let long = String(repeating: "Mexico", count: 30)
        #expect(Fixture.reference.names.suggestions(for: long).isEmpty)
        #expect(Fixture.reference.names.suggestions(for: "Mexic").first == "Mexico")
    }

    /// A snapshot with one bit changed in a destination column and its checksums made right again
    /// (the fuzz target re-seals them, so that mutations reach past the CRCs): the area index 235
    /// is in no area list, and every query would have read past the end of its lookup arrays. Now
    /// the open checks every code column against its range.
    @Test func snapshotWithAnAreaIndexOutOfRange() throws {
        let input = try Self.input("snapshot-area-index-out-of-range.migstat")
        #expect {
            try Snapshot.open(input, geography: Fixture.reference.geography)
        } throws: { error in
            let text = "\(error)"
            return (error as? MigStatError)?.exitCode == 4 && text.contains("snapshot-area-index-out-of-range.migstat: byte ")
                && text.contains("holds an area index") && text.contains("past the")
        }
    }

    /// A directory entry whose block offset, read as UInt64, is past Int.max: `Int(_:)` trapped
    /// before any range check ran. Now offsets and lengths are clamped and fail the checks.
    @Test func snapshotWithAnOffsetPastIntMax() throws {
        let input = try Self.input("snapshot-offset-past-int-max.migstat")
        #expect {
            try Snapshot.open(input, geography: Fixture.reference.geography)
        } throws: { error in
            (error as? MigStatError)?.exitCode == 4 && "\(error)".contains(": byte 64: block ")
                && "\(error)".contains("lies outside the file")
        }
    }
}
