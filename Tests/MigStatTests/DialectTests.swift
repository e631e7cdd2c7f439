import Foundation
import Testing
@testable import MigStat

/// Dialects, encodings and the layouts other than the UN destination tables, on small files whose
/// expected figures are written in the test.
struct DialectTests {
    let reference = Fixture.reference

    func read(_ bytes: [UInt8], _ options: IngestOptions = IngestOptions()) throws -> Extract {
        let report = try ExtractReader.read(InputBytes(name: "t.csv", copying: bytes), reference: reference, options: options)
        let dataset = report.table.map {
            Dataset(table: $0, provenance: report.provenance, geography: reference.geography, published: report.published,
                    bothSexesOnly: report.bothSexesOnly)
        }
        return Extract(report: report, dataset: dataset, population: report.population)
    }

    func stock(_ extract: Extract, dest: String? = nil, origin: String? = nil, year: Int) throws -> Int64 {
        let engine = Engine(dataset: extract.dataset!, resolver: Resolver(reference: reference))
        return try engine.stock(destination: dest.map(engine.resolver.selection), origin: origin.map(engine.resolver.selection),
                                years: [year], sexes: [.total])[0].stock
    }

    @Test func numbersUnderEachDecimalMark() {
        func scaled(_ text: String, _ mark: DecimalMark, _ scale: Int = 0) -> ScaledField {
            Array(text.utf8).withUnsafeBytes { parseScaled($0, mark, scale: scale) }
        }
        #expect(scaled("1,234,567", .point) == .value(1_234_567))
        #expect(scaled("1.234.567", .comma) == .value(1_234_567))
        #expect(scaled("1 234 567", .comma) == .value(1_234_567))
        #expect(scaled("1\u{A0}234\u{A0}567", .point) == .value(1_234_567))
        #expect(scaled("1\u{202F}234", .comma) == .value(1_234))
        #expect(scaled("5327231.041", .point, 3) == .value(5_327_231_041))
        #expect(scaled("8,91", .comma, 3) == .value(8_910))
        #expect(scaled("1.234,50", .comma, 3) == .value(1_234_500))
        #expect(scaled("..", .point) == .missing)
        for bad in ["12,5", "1,23,456", "1.5.", "12x"] {
            if case .invalid = scaled(bad, .point) {} else { Issue.record("\(bad) read as a number") }
        }
        if case .invalid(let reason) = scaled("12,5", .point) { #expect(reason.contains("--decimal comma")) }
        if case .invalid(let reason) = scaled("-4", .point) { #expect(reason.contains("negative")) }
    }

    @Test func tidyWithSemicolonsCRLineEndsQuotedNewlinesGroupsAndTrailingEmptyColumns() throws {
        let text = "year;orig;dest;note;stock;;\r2020;KAZ;TUR;\"two\rlines; quoted\";1.234;;\r2020;UZB;Türkiye;x;2.000,0;;\r"
        let extract = try read(Array(text.utf8))
        #expect(extract.report.dialect.delimiterName == "semicolon")
        #expect(extract.report.dialect.decimalMark == .comma)
        #expect(extract.report.dialect.lineEnds == "CR")
        #expect(extract.report.layout.kind == .tidy)
        #expect(extract.report.rejectedCount == 0)
        #expect(try stock(extract, dest: "TUR", year: 2020) == 3_234)
    }

    @Test func utf8CheckFindsEveryBadByteAroundItsWordSteps() {
        // The check steps 16 ASCII bytes at a time: a bad byte, a NUL or a broken sequence at
        // any offset must still be found exactly there, and good multi-byte letters across a
        // step's edge must pass.
        func check(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBytes { TextDecoder.firstInvalidUTF8($0) } }
        let ascii = [UInt8](repeating: UInt8(ascii: "a"), count: 48)
        #expect(check(ascii) == nil)
        for offset in 0..<ascii.count {
            for bad: [UInt8] in [[0x00], [0xFF], [0xC3], [0xE2, 0x80]] {
                var bytes = ascii
                bytes.replaceSubrange(offset..<offset + 1, with: bad)
                // A lead byte followed by ASCII (or by the end) is broken where it starts.
                #expect(check(bytes) == offset, "\(bad) at \(offset)")
            }
            var good = ascii
            good.replaceSubrange(offset..<offset + 1, with: Array("ü€".utf8))
            #expect(check(good) == nil, "ü€ at \(offset)")
        }
    }

    @Test func encodingsAreDetectedOrDeclared() throws {
        let text = "year,orig,dest,stock\n2020,Perú,Türkiye,7\n"
        let latin = Array(text.data(using: .isoLatin1)!)
        let detected = try read(latin)
        #expect(detected.report.encoding == .windows1252 && detected.report.encodingDetected)
        #expect(try stock(detected, dest: "Turquía", year: 2020) == 7)
        var declared = IngestOptions()
        declared.encoding = .latin1
        #expect(try read(latin, declared).report.encodingDetected == false)
        let utf16BE = [0xFE, 0xFF] + Array(text.replacingOccurrences(of: ",", with: "\t").data(using: .utf16BigEndian)!)
        let unicode = try read(utf16BE)
        #expect(unicode.report.encoding == .utf16BE && unicode.report.dialect.delimiterName == "tab")
        #expect(try stock(unicode, origin: "Peru", year: 2020) == 7)
        // A UTF-8 byte-order mark on bytes that are not UTF-8: an error with its line, not a guess.
        #expect {
            try read([0xEF, 0xBB, 0xBF] + latin)
        } throws: { "\($0)".contains("t.csv:2") && "\($0)".contains("not UTF-8") && "\($0)".contains("--encoding windows-1252") }
        #expect { try read(Array("year,orig\n20\u{0}20,x\n".utf8)) } throws: { "\($0)".contains("NUL") }
    }

    @Test func matrixWithOtherAndTotalColumns() throws {
        let text = """
            destination,Mexico,Guatemala,Other,Total
            USA,100,20,5,125
            CAN,10,2,1,13
            Total,110,22,6,138

            """
        var options = IngestOptions()
        options.dataYear = 2020
        let extract = try read(Array(text.utf8), options)
        #expect(extract.report.layout.kind == .matrix)
        #expect(try stock(extract, dest: "USA", year: 2020) == 125)
        #expect(try stock(extract, origin: "Mexico", year: 2020) == 110)
        #expect(try stock(extract, year: 2020) == 138)  // "Other" origins count in destination totals
        let checks = CrossCheck.run(extract.dataset!)
        #expect(checks.count == 6 && checks.allSatisfy { $0.status == .equal })
        #expect { try read(Array(text.utf8)) } throws: { "\($0)".contains("--data-year") }
    }

    @Test func wideYearsWithSpaceGroupedFigures() throws {
        let text = "destination;1990;2000;2020\nMexico;1 000;2 000;3 000\nChile;..;5;6\n"
        let extract = try read(Array(text.utf8))
        #expect(extract.report.layout.kind == .wideYears)
        #expect(extract.report.missingValues == 1)
        #expect(try stock(extract, dest: "Mexico", year: 2000) == 2_000)
        #expect(try stock(extract, year: 2020) == 3_006)
        #expect(!extract.dataset!.hasKnownOrigins)
    }

    @Test func unDestinationAndOriginTable() throws {
        let text = """
            ,,International Migrant Stock 2020: Destination and origin,,,,
            ,,,,,,
            Index,"Region, development group, country or area of destination",Location code of destination,"Region, development group, country or area of origin",Location code of origin,1990,2020
            1,WORLD,900,WORLD,900,45,90
            2,  Mexico,484,WORLD,900,30,60
            3,  Mexico,484,Guatemala,320,20,40
            4,  Mexico,484,Other,2003,10,20
            5,  Chile,152,WORLD,900,15,30
            6,  Chile,152,Guatemala,320,15,29

            """
        let extract = try read(Array(text.utf8))
        #expect(extract.report.layout.kind == .unDestinationOrigin)
        #expect(extract.report.provenance.edition == "IMS 2020")
        #expect(try stock(extract, dest: "Mexico", year: 2020) == 60)
        #expect(try stock(extract, origin: "Guatemala", year: 2020) == 69)
        let checks = CrossCheck.run(extract.dataset!)
        #expect(checks.count == 6)
        // Chile's origins sum to 29 in 2020 where its published total is 30: reported, with the world row.
        let differing = checks.filter { $0.status == .differs }
        #expect(differing.map(\.published.location.line) == [4, 8])
        #expect(differing.allSatisfy { $0.difference == 1 && $0.published.year == 2020 })
    }
}
