import Testing
@testable import MigStat

struct IngestTests {
    func read(_ text: String, strict: Bool = false, overrides: [ColumnRole: String] = [:]) throws -> IngestReport {
        try TidyIngest.read(InputBytes(name: "t.csv", copying: Array(text.utf8)), reference: Fixture.reference,
                            options: IngestOptions(columnOverrides: overrides, strict: strict))
    }

    @Test func wideSexColumnsNamesAndCodesAllLand() throws {
        let report = try read("""
            year,origin,destination,stock_male,stock_female
            2020,Kazakhstan,TUR,10,5
            2020,417,Türkiye,3,4
            2020,"Venezuela (Bolivarian Republic of)",col,..,7
            """)
        #expect(report.rejectedCount == 0)
        #expect(report.missingValues == 1)
        // One store row a CSV row, counts for total (derived), male and female: the Venezuelan
        // men's missing cell is a 0 that adds nothing.
        #expect(report.table.rowCount == 3)
        let sum = report.table.observations().reduce(0) { $0 + $1.count }
        #expect(sum == 51)  // 15 + 10 + 5, 7 + 3 + 4, and the Venezuelan women's 7
    }

    @Test func rejectionsNameLineAndColumnAcrossCRLFBlankLinesAndQuotedNewlines() throws {
        let text = "year,orig,dest,note,stock\r\n2020,KAZ,TUR,\"two\r\nlines\",5\r\n\r\n2020,Narnia,TUR,x,6\r\n2020,KAZ,TUR,y,-3\r\n2020,KAZ,TUR\r\n"
        let report = try read(text)
        #expect(report.recordsRead == 4)
        #expect(report.rejections.map(\.location.line) == [5, 6, 7])
        #expect(report.rejections.map(\.location.column) == [2, 5, 4])
        #expect(report.rejections[0].reason.contains("unknown area \"Narnia\""))
        #expect(report.rejections[1].reason.contains("negative"))
        #expect(report.rejections[2].reason.contains("3 fields"))
        #expect(report.table.rowCount == 1)
    }

    @Test func strictStopsAtTheFirstBadRow() {
        #expect(throws: MigStatError.self) {
            try read("year,orig,dest,stock\n2020,KAZ,TUR,1\n2020,KAZ,TUR,abc\n", strict: true)
        }
    }

    @Test func aMissingRequiredColumnSaysWhichAndHowToMapIt() {
        #expect {
            try read("year,from_country,dest,stock\n2020,KAZ,TUR,1\n")
        } throws: { error in
            "\(error)".contains("no origin column") && "\(error)".contains("--map origin=")
        }
        #expect(throws: Never.self) {
            try read("year,from_country,dest,stock\n2020,KAZ,TUR,1\n", overrides: [.origin: "from_country"])
        }
    }

    @Test func anUnclosedQuoteIsAnErrorWithItsLine() {
        #expect {
            try read("year,orig,dest,stock\n2020,KAZ,TUR,1\n2020,\"KAZ,TUR,1\n")
        } throws: { error in
            "\(error)".contains("t.csv:3") && "\(error)".contains("not closed")
        }
    }

    @Test func emptyAndHeaderOnlyFilesAreErrors() {
        #expect(throws: MigStatError.self) { try read("") }
        #expect(throws: MigStatError.self) { try read("year,orig,dest,stock\n") }
    }

    @Test func sexAndAgeSpellingsLandTheSameOnEveryRow() throws {
        // After its first row a short spelling is found by its bytes, not parsed again: every
        // repetition, in every spelling, must land where the first did. Each row counts 1, so a
        // sex's sum is how many rows name it (3 rounds × 3 spellings × 3 ages).
        let sexes = [("total", Sex.total), ("Total", .total), ("Ambos sexos", .total), ("male", .male), ("Hombres", .male),
                     ("M", .male), ("female", .female), ("Mujeres", .female), (" f ", .female)]
        let ages = [("0-4", "0-4"), (" 5–9 ", "5-9"), ("100+", "100+")]
        var text = "year,origin,destination,sex,age,stock\n"
        for _ in 0..<3 {
            for (spelling, _) in sexes { for (age, _) in ages { text += "2020,KAZ,TUR,\(spelling),\(age),1\n" } }
        }
        let report = try read(text)
        #expect(report.rejectedCount == 0)
        #expect(report.table.ages.map(Set.init) == Set(ages.map(\.1)))
        let observations = report.table.observations()
        for sex in Sex.allCases {
            #expect(observations.filter { $0.sex == sex }.count == 27)
        }
        for (index, age) in ages.map(\.1).enumerated() {
            let code = report.table.ages!.firstIndex(of: age)!
            #expect(observations.filter { $0.age == code }.count == 27, "age \(index)")
        }
        // An unknown sex after the known ones is still an error, on its own line.
        #expect(try read("year,origin,destination,sex,stock\n2020,KAZ,TUR,male,1\n2020,KAZ,TUR,mal,1\n")
            .rejections.map(\.location.line) == [3])
    }

    @Test func countsParseWithoutStrings() {
        func parse(_ text: String) -> CountField { Array(text.utf8).withUnsafeBytes { parseCount($0) } }
        #expect(parse("1234") == .value(1234))
        #expect(parse(" 1234.00 ") == .value(1234))
        #expect(parse("..") == .missing)
        #expect(parse("") == .missing)
        #expect(parse("4294967296") != .value(0))
        if case .invalid = parse("12.5") {} else { Issue.record("12.5 is not a count") }
    }
}

struct FormatTests {
    @Test func numbersAsEachLanguageWritesThem() {
        let en = NumberFormat(.en), es = NumberFormat(.es)
        #expect(en.human(73_503_418) == "73.5 million")
        #expect(es.human(73_503_418) == "73,5 millones")
        #expect(es.human(1_020_000) == "1 millón")
        #expect(es.human(1_200_000_000) == "1,2 mil millones")
        #expect(en.integer(73_503_418) == "73,503,418")
        #expect(es.integer(73_503_418) == "73\u{00A0}503\u{00A0}418")
        #expect(es.percent(3.64) == "3,6\u{00A0}%")
    }

    @Test func sha256OfKnownVectors() {
        func hex(_ text: String) -> String { Array(text.utf8).withUnsafeBytes(SHA256.hex) }
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
