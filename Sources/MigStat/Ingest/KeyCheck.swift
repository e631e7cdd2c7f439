import Foundation

/// The line of every row a tidy read stores, by year in store order: kept only on the re-read
/// that names the lines of an error (the store itself keeps no line numbers).
final class RowLines: @unchecked Sendable {
    private(set) var linesOfYear: [Int: [Int]] = [:]
    func add(year: Int, line: Int) { linesOfYear[year, default: []].append(line) }
}

/// A tidy table's keys, checked after the read: a (year, origin, destination, age group, sex)
/// that two rows give is an error naming both lines (or, with `--sum-duplicates`, one summed
/// row); male and female rows of a long table that do not add up to their total row are an error
/// naming the three lines. Neither row is wrong by itself, so neither can be dropped as a
/// rejected row. The pass costs about a nanosecond a row (`KeySpace`); the lines are found by
/// reading the file again, single-threaded, only when there is something to report.
enum KeyCheck {
    static func check(_ table: MigrantTable, input: InputBytes, reference: ReferenceData,
                      options: IngestOptions) throws -> MigrantTable {
        let slots = reference.geography.slotCount
        var table = table
        if options.sumDuplicates {
            guard let summed = table.summingDuplicates(slotCount: slots) else {
                throw MigStatError.input(SourceLocation(file: input.name, line: 1),
                                         what: "rows summed by --sum-duplicates exceed \(UInt32.max), the most one cell may hold",
                                         hint: "check the repeated rows; drop --sum-duplicates to have them listed")
            }
            table = summed
        } else if !table.duplicateKeys(slotCount: slots, limit: 1).isEmpty {
            let (located, header, lines) = try reread(input, reference: reference, options: options)
            guard let again = located.duplicateKeys(slotCount: slots, limit: 1).first else { return table }
            let first = line(of: again.first, in: located, lines: lines)
            let repeated = line(of: again.repeated, in: located, lines: lines)
            throw MigStatError.input(
                SourceLocation(file: input.name, line: repeated, column: (header.columnOfRole[.year] ?? 0) + 1),
                what: "the row repeats the " + keyNames(located) + " of line \(first) (\(describe(again.first, in: located, reference)))",
                hint: "remove one of the two rows, or give --sum-duplicates to add them up")
        }
        if let mismatch = table.sexMismatches(slotCount: slots).first {
            let (located, header, lines) = try reread(input, reference: reference, options: options)
            let again = located.sexMismatches(slotCount: slots).first ?? mismatch
            let (t, m, f) = (line(of: again.total, in: located, lines: lines), line(of: again.male, in: located, lines: lines),
                             line(of: again.female, in: located, lines: lines))
            func count(_ ref: RowRef) -> UInt32 {
                guard case .long(_, let count) = located.segments[ref.segment].counts else { return 0 }
                return count[ref.row]
            }
            throw MigStatError.input(
                SourceLocation(file: input.name, line: max(t, m, f), column: (header.columnOfRole[.count] ?? 0) + 1),
                what: "male (line \(m)) + female (line \(f)) = \(UInt64(count(again.male)) + UInt64(count(again.female))) "
                    + "differs from the total (line \(t)) \(count(again.total)) by more than rounding "
                    + "(\(describe(again.total, in: located, reference)))",
                hint: "correct the figures; migstat cannot tell which of the three rows is wrong")
        }
        return table
    }

    /// Files joined into one snapshot (`migstat ingest A B`) must not give the same figure twice
    /// (the same file given twice, overlapping extracts): checked pair by pair, a bitmap pass each.
    static func checkAcrossFiles(_ tables: [MigrantTable], names: [String], reference: ReferenceData) throws {
        for later in tables.indices.dropFirst() {
            for earlier in 0..<later {
                guard let row = tables[earlier].sharedKey(with: tables[later], slotCount: reference.geography.slotCount) else {
                    continue
                }
                throw MigStatError.usage(
                    "\(names[later]) gives figures that \(names[earlier]) also gives (first: "
                        + describe(row, in: tables[later], reference) + "); joined they would be counted twice: "
                        + "ingest them separately, or give --sum-duplicates if they are parts of one figure")
            }
        }
    }

    /// The file read again in one chunk (each year one segment, rows in file order), with the
    /// line of every stored row.
    private static func reread(_ input: InputBytes, reference: ReferenceData,
                               options: IngestOptions) throws -> (MigrantTable, TidyHeader, RowLines) {
        var options = options
        options.threads = 1
        options.rowLines = RowLines()
        let report = try TidyIngest.read(input, reference: reference, options: options)
        return (report.table, report.header, options.rowLines!)
    }

    /// "year, origin and destination", with "age group" and "sex" where the table has them.
    private static func keyNames(_ table: MigrantTable) -> String {
        let names = ["year", "origin", "destination"] + (table.ages == nil ? [] : ["age group"]) + (table.isWide ? [] : ["sex"])
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    private static func line(of ref: RowRef, in table: MigrantTable, lines: RowLines) -> Int {
        let year = table.years[table.segments[ref.segment].yearCode]
        return lines.linesOfYear[year]?[ref.row] ?? 0
    }

    private static func describe(_ ref: RowRef, in table: MigrantTable, _ reference: ReferenceData) -> String {
        let segment = table.segments[ref.segment]
        let areas = reference.geography.areas
        func name(_ index: UInt16) -> String { Int(index) < areas.count ? areas[Int(index)].nameEn : "origin not specified" }
        var parts = ["\(table.years[segment.yearCode])", name(segment.origin[ref.row]) + " → " + name(segment.destination[ref.row])]
        if let age = segment.age, let labels = table.ages { parts.append("age \(labels[Int(age[ref.row])])") }
        if case .long(let sex, _) = segment.counts { parts.append(Sex(rawValue: sex[ref.row])!.label) }
        return parts.joined(separator: ", ")
    }
}
