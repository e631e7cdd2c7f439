import Dispatch

/// Checks over a built table's keys: the same (year, origin, destination, age group, sex) twice,
/// and, in a long table, male and female rows that do not add up to their total row.
///
/// Each key is a position in a dense space of (areas + 1)² × age groups × sexes, so one year's
/// rows are checked in one pass with a bitmap (one bit a possible key: 7 KB for the 241-area
/// geography, 20 KB in a long table, times the age groups) instead of sorting or hashing rows:
/// about a nanosecond a row, no memory that grows with the file.
public struct KeySpace: Sendable {
    let slots: Int
    let ages: Int
    let sexes: Int
    let isLong: Bool

    public init(table: MigrantTable, slotCount: Int) {
        slots = slotCount
        ages = max(table.ages?.count ?? 0, 1)
        isLong = !table.isWide
        sexes = isLong ? Sex.allCases.count : 1
    }

    var size: Int { slots * slots * ages * sexes }

    /// The key without its sex: (origin, destination, age group).
    @inline(__always) func cell(_ keys: SegmentKeys, _ row: Int) -> Int {
        let age = keys.age.map { Int($0[row]) } ?? 0
        return (Int(keys.origin[row]) * slots + Int(keys.destination[row])) * ages + age
    }

    @inline(__always) func key(_ keys: SegmentKeys, _ row: Int) -> Int {
        cell(keys, row) * sexes + (keys.sex.map { Int($0[row]) } ?? 0)
    }

    func key(_ segment: Segment, _ row: Int) -> Int { key(SegmentKeys(segment), row) }
}

/// A segment's key and count columns as plain buffers, taken once per segment: the row loops
/// then only read memory (each copy of a `Segment` retains every column storage it holds). The
/// table the segment belongs to keeps the storages alive while the loops run.
struct SegmentKeys {
    let origin: UnsafeBufferPointer<UInt16>
    let destination: UnsafeBufferPointer<UInt16>
    let age: UnsafeBufferPointer<UInt8>?
    /// Long tables: each row's sex and its count.
    let sex: UnsafeBufferPointer<UInt8>?
    let count: UnsafeBufferPointer<UInt32>?

    init(_ segment: Segment) {
        origin = segment.origin.buffer
        destination = segment.destination.buffer
        age = segment.age?.buffer
        if case .long(let sex, let count) = segment.counts {
            self.sex = sex.buffer
            self.count = count.buffer
        } else {
            sex = nil
            count = nil
        }
    }

    var rowCount: Int { origin.count }
}

/// A row of a table, by segment and row within it.
public struct RowRef: Sendable, Equatable, Hashable {
    public var segment: Int
    public var row: Int
}

extension MigrantTable {
    /// Rows whose key an earlier row of the same year already has, each with that earlier row,
    /// in store order; at most `limit` of them.
    public func duplicateKeys(slotCount: Int, limit: Int = .max) -> [(first: RowRef, repeated: RowRef)] {
        let space = KeySpace(table: self, slotCount: slotCount)
        let keys = segments.map(SegmentKeys.init)
        let segmentsOfYear = yearSegments()
        let words = (space.size + 63) / 64
        let found = eachYear(scratch: { [UInt64](repeating: 0, count: words) }) { yearCode, seen -> [(first: RowRef, repeated: RowRef)] in
            var repeatedKeys: [(key: Int, at: RowRef)] = []
            var rows = 0
            rowLoop: for s in segmentsOfYear[yearCode] {
                let segment = keys[s]
                rows += segment.rowCount
                for row in 0..<segment.rowCount {
                    let key = space.key(segment, row)
                    let bit = UInt64(1) << UInt64(key & 63)
                    if seen[key >> 6] & bit != 0 {
                        repeatedKeys.append((key, RowRef(segment: s, row: row)))
                        if repeatedKeys.count >= limit { break rowLoop }
                    }
                    seen[key >> 6] |= bit
                }
            }
            // Cleared for the next year: the words touched when the year has few rows, else all.
            if rows < words / 8 {
                for s in segmentsOfYear[yearCode] { for row in 0..<keys[s].rowCount { seen[space.key(keys[s], row) >> 6] = 0 } }
            } else {
                seen.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            }
            // The earlier row of each repeated key: a second pass, on the error path only.
            return repeatedKeys.map { key, repeated in
                let first = segmentsOfYear[yearCode].lazy.flatMap { s in
                    (0..<keys[s].rowCount).lazy.map { RowRef(segment: s, row: $0) }
                }.first { space.key(keys[$0.segment], $0.row) == key }!
                return (first, repeated)
            }
        }
        return Array(found.joined().prefix(limit))
    }

    /// The indices of each year's segments, by year code.
    func yearSegments() -> [[Int]] {
        var result = [[Int]](repeating: [], count: years.count)
        for (index, segment) in segments.enumerated() { result[segment.yearCode].append(index) }
        return result
    }

    /// `body` for every year code, the years spread over the cores when the table is large (each
    /// worker with its own `scratch`); the results by year code.
    func eachYear<Scratch, Result>(scratch: () -> Scratch,
                                   _ body: (Int, inout Scratch) -> Result) -> [Result] {
        let parts = rowCount >= 1 << 20 ? max(1, min(activeCoreCount(), years.count)) : 1
        var results = [Result?](repeating: nil, count: years.count)
        withoutActuallyEscaping(scratch) { scratch in
            withoutActuallyEscaping(body) { body in
                let work = UncheckedSendable((scratch, body))
                results.withUnsafeMutableBufferPointer { results in
                    let results = UncheckedSendable(results)
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        var own = work.value.0()
                        for yearCode in stride(from: part, to: results.value.count, by: parts) {
                            results.value[yearCode] = work.value.1(yearCode, &own)
                        }
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// The first row of `other` whose key (calendar year, origin, destination, age group by its
    /// label, sex) this table also has: two files joined into one snapshot must not give the same
    /// figure twice. Nil when none does, or when the layouts differ (`joined` refuses those).
    public func sharedKey(with other: MigrantTable, slotCount: Int) -> RowRef? {
        guard isWide == other.isWide, (ages == nil) == (other.ages == nil) else { return nil }
        let space = KeySpace(table: self, slotCount: slotCount)
        // Age groups this table lacks cannot collide: they map to -1 and are skipped.
        let ageCode = other.ages.map { labels in labels.map { ages!.firstIndex(of: $0) ?? -1 } }
        var seen = [UInt64](repeating: 0, count: (space.size + 63) / 64)
        for (yearCode, year) in years.enumerated() {
            guard let otherYear = other.years.firstIndex(of: year) else { continue }
            seen.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            for segment in segments where segment.yearCode == yearCode {
                let keys = SegmentKeys(segment)
                for row in 0..<keys.rowCount {
                    let key = space.key(keys, row)
                    seen[key >> 6] |= UInt64(1) << UInt64(key & 63)
                }
            }
            for (s, segment) in other.segments.enumerated() where segment.yearCode == otherYear {
                let keys = SegmentKeys(segment)
                for row in 0..<keys.rowCount {
                    var age = 0
                    if let column = keys.age {
                        age = ageCode![Int(column[row])]
                        if age < 0 { continue }
                    }
                    let cell = (Int(keys.origin[row]) * space.slots + Int(keys.destination[row])) * space.ages + age
                    let key = cell * space.sexes + (keys.sex.map { Int($0[row]) } ?? 0)
                    if seen[key >> 6] & (UInt64(1) << UInt64(key & 63)) != 0 { return RowRef(segment: s, row: row) }
                }
            }
        }
        return nil
    }

    /// The table with the rows of a repeated key summed into one (the first), for files that
    /// split a figure over several rows (`--sum-duplicates`). Years without repeats keep their
    /// segments. Nil when a sum exceeds what a cell holds.
    public func summingDuplicates(slotCount: Int) -> MigrantTable? {
        let duplicates = duplicateKeys(slotCount: slotCount)
        guard !duplicates.isEmpty else { return self }
        let space = KeySpace(table: self, slotCount: slotCount)
        let yearsToMerge = Set(duplicates.map { segments[$0.first.segment].yearCode })
        var result: [Segment] = segments.filter { !yearsToMerge.contains($0.yearCode) }
        for yearCode in yearsToMerge.sorted() {
            var rowOfKey: [Int: Int] = [:]
            var origin: [UInt16] = [], destination: [UInt16] = [], age: [UInt8] = [], sex: [UInt8] = []
            var counts = [[UInt64]](repeating: [], count: Sex.allCases.count)
            let yearSegments = segments.filter { $0.yearCode == yearCode }
            let wideColumns: [Bool] = {
                guard case .wide(let columns) = yearSegments[0].counts else { return [true, false, false] }
                return columns.map { $0 != nil }
            }()
            for segment in yearSegments {
                for row in 0..<segment.rowCount {
                    let key = space.key(segment, row)
                    let target: Int
                    if let existing = rowOfKey[key] {
                        target = existing
                    } else {
                        target = origin.count
                        rowOfKey[key] = target
                        origin.append(segment.origin[row])
                        destination.append(segment.destination[row])
                        if let column = segment.age { age.append(column[row]) }
                        for c in counts.indices where wideColumns[c] { counts[c].append(0) }
                        if case .long(let sexColumn, _) = segment.counts { sex.append(sexColumn[row]) }
                    }
                    switch segment.counts {
                    case .wide(let columns):
                        for (c, column) in columns.enumerated() { if let column { counts[c][target] += UInt64(column[row]) } }
                    case .long(_, let count):
                        counts[0][target] += UInt64(count[row])
                    }
                }
            }
            guard counts.allSatisfy({ $0.allSatisfy { $0 <= UInt64(UInt32.max) } }) else { return nil }
            let columns = counts.indices.map { wideColumns[$0] ? Column(counts[$0].map { UInt32($0) }) : nil }
            let segmentCounts: SegmentCounts = space.isLong ? .long(sex: Column(sex), count: columns[0]!) : .wide(columns)
            result.append(Segment(yearCode: yearCode, origin: Column(origin), destination: Column(destination),
                                  age: yearSegments[0].age == nil ? nil : Column(age), counts: segmentCounts))
        }
        result.sort { $0.yearCode < $1.yearCode }
        return MigrantTable(years: years, ages: ages, sexes: sexes, segments: result, origins: origins)
    }

    /// In a long table, the keys whose male, female and total rows are all present and whose
    /// male + female misses the total by more than one (rounding): each with its three rows, by
    /// year and key. Dense over the key space like `duplicateKeys` (a row's count by key, a 32-bit
    /// year-stamped presence mask by key without the sex: 19 MB without age groups per worker,
    /// with no clearing between years); skipped (empty) beyond 16 million keys (hundreds of age
    /// groups).
    public func sexMismatches(slotCount: Int, limit: Int = 1) -> [(total: RowRef, male: RowRef, female: RowRef)] {
        let space = KeySpace(table: self, slotCount: slotCount)
        guard space.isLong, sexes == Set(Sex.allCases), space.size <= 16 << 20 else { return [] }
        let keys = segments.map(SegmentKeys.init)
        let segmentsOfYear = yearSegments()
        let cells = space.size / 3
        typealias Scratch = (count: [UInt32], present: [UInt32])
        let found = eachYear(scratch: { Scratch([UInt32](repeating: 0, count: space.size), [UInt32](repeating: 0, count: cells)) }) {
            yearCode, scratch -> [(total: RowRef, male: RowRef, female: RowRef)] in
            // The presence of a cell's sexes in bits 0–2, the year (code + 1) above them: a mask of
            // an earlier year reads as empty.
            let stamp = UInt32(yearCode + 1) << 3
            var mismatched: [Int] = []
            scratch.count.withUnsafeMutableBufferPointer { countOfKey in
                scratch.present.withUnsafeMutableBufferPointer { present in
                    for s in segmentsOfYear[yearCode] {
                        let segment = keys[s]
                        let sex = segment.sex!, count = segment.count!
                        for row in 0..<segment.rowCount {
                            let cell = space.cell(segment, row)
                            let mask = present[cell] & ~7 == stamp ? present[cell] : stamp
                            present[cell] = mask | 1 << UInt32(sex[row])
                            countOfKey[cell * 3 + Int(sex[row])] = count[row]
                        }
                    }
                    for s in segmentsOfYear[yearCode] {
                        let segment = keys[s]
                        let sex = segment.sex!
                        for row in 0..<segment.rowCount where sex[row] == Sex.total.rawValue {
                            let cell = space.cell(segment, row)
                            guard present[cell] == stamp | 7 else { continue }
                            let sum = Int64(countOfKey[cell * 3 + 1]) + Int64(countOfKey[cell * 3 + 2])
                            if abs(sum - Int64(countOfKey[cell * 3])) > 1 { mismatched.append(cell) }
                        }
                    }
                }
            }
            guard !mismatched.isEmpty else { return [] }
            // The three rows of each cell, in key order: on the error path only (the last row of
            // a key that repeats, as the key's count above).
            let wanted = Set(mismatched.sorted().prefix(limit))
            var rowsOfCell: [Int: [RowRef]] = [:]
            for s in segmentsOfYear[yearCode] {
                for row in 0..<keys[s].rowCount where wanted.contains(space.cell(keys[s], row)) {
                    rowsOfCell[space.cell(keys[s], row), default: [RowRef](repeating: RowRef(segment: -1, row: -1), count: 3)][
                        Int(keys[s].sex![row])] = RowRef(segment: s, row: row)
                }
            }
            return wanted.sorted().map { cell in
                let refs = rowsOfCell[cell]!
                return (refs[0], refs[1], refs[2])
            }
        }
        return Array(found.joined().prefix(limit))
    }
}
