import Dispatch

/// One group-by over the store. Each dimension maps its codes to an output slot, or to -1 to
/// leave the row out, so filtering and grouping are the same array lookup and the sums land in
/// a dense array: no hashing per row.
public struct Aggregation: Sendable {
    public var yearSlot: [Int32]
    public var sexSlot: [Int32]
    public var destinationSlot: [Int32]
    public var originSlot: [Int32]
    /// Age-group code → 0 to keep, -1 to leave out; nil sums every age group of the data.
    public var ageSlot: [Int32]?

    public init(yearSlot: [Int32], sexSlot: [Int32], destinationSlot: [Int32], originSlot: [Int32],
                ageSlot: [Int32]? = nil) {
        self.yearSlot = yearSlot
        self.sexSlot = sexSlot
        self.destinationSlot = destinationSlot
        self.originSlot = originSlot
        self.ageSlot = ageSlot
    }

    // Each dimension has at least one slot, so a filter that keeps nothing sums to zero.
    var yearCount: Int { Self.slotCount(yearSlot) }
    var sexCount: Int { Self.slotCount(sexSlot) }
    var destinationCount: Int { Self.slotCount(destinationSlot) }
    var originCount: Int { Self.slotCount(originSlot) }

    static func slotCount(_ slots: [Int32]) -> Int { max(1, Int((slots.max() ?? 0) + 1)) }

    /// Sums, laid out as [year][sex][destination][origin].
    public struct Sums: Sendable {
        public let values: [Int64]
        public let sexCount: Int, destinationCount: Int, originCount: Int

        public subscript(year: Int, sex: Int, destination: Int, origin: Int) -> Int64 {
            values[((year * sexCount + sex) * destinationCount + destination) * originCount + origin]
        }
    }

    /// Runs the sums, on all cores for a large table. Segments of years the query leaves out
    /// are not read at all.
    public func run(on table: MigrantTable) -> Sums {
        let cells = yearCount * sexCount * destinationCount * originCount
        let segments = table.segments.filter { $0.yearCode < yearSlot.count && yearSlot[$0.yearCode] >= 0 }
        let rows = segments.reduce(0) { $0 + $1.rowCount }
        let parts = rows >= 1 << 20 ? max(1, min(activeCoreCount(), 16)) : 1
        var partials = [[Int64]](repeating: [], count: parts)
        partials.withUnsafeMutableBufferPointer { results in
            let results = UncheckedSendable(results)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var sums = [Int64](repeating: 0, count: max(cells, 1))
                sums.withUnsafeMutableBufferPointer { sums in
                    for segment in segments {
                        let chunk = (segment.rowCount + parts - 1) / parts
                        let start = min(segment.rowCount, part * chunk)
                        sum(segment, rows: start..<min(segment.rowCount, start + chunk), into: sums)
                    }
                }
                results.value[part] = sums
            }
        }
        var total = partials[0]
        for partial in partials.dropFirst() {
            for index in total.indices { total[index] &+= partial[index] }
        }
        return Sums(values: total, sexCount: sexCount, destinationCount: destinationCount, originCount: originCount)
    }

    /// The kernel: the one place that scans rows. Per row, two area lookups (and an age lookup
    /// when the data has ages), then one add per sex asked for.
    private func sum(_ segment: Segment, rows: Range<Int>, into sums: UnsafeMutableBufferPointer<Int64>) {
        guard !rows.isEmpty else { return }
        let destinations = destinationCount, origins = originCount
        let sexStride = destinations * origins
        let yearBase = Int(yearSlot[segment.yearCode]) * sexCount * sexStride
        let origin = segment.origin.buffer, destination = segment.destination.buffer
        let age = segment.age?.buffer
        let ageSlot = self.ageSlot ?? []
        // Wide data: the count column and output offset of each sex asked for.
        var wide: [(column: UnsafeBufferPointer<UInt32>, offset: Int)] = []
        var long: (sex: UnsafeBufferPointer<UInt8>, count: UnsafeBufferPointer<UInt32>)?
        switch segment.counts {
        case .wide(let columns):
            for sex in Sex.allCases {
                let slot = sexSlot[Int(sex.rawValue)]
                if slot >= 0, let column = columns[Int(sex.rawValue)] {
                    wide.append((column.buffer, yearBase + Int(slot) * sexStride))
                }
            }
            if wide.isEmpty { return }
        case .long(let sex, let count):
            long = (sex.buffer, count.buffer)
        }
        destinationSlot.withUnsafeBufferPointer { destinationSlot in
        originSlot.withUnsafeBufferPointer { originSlot in
        sexSlot.withUnsafeBufferPointer { sexSlot in
        ageSlot.withUnsafeBufferPointer { ageSlot in
            let filterAges = age != nil && !ageSlot.isEmpty
            for row in rows {
                let d = destinationSlot[Int(destination[row])]
                if d < 0 { continue }
                let o = originSlot[Int(origin[row])]
                if o < 0 { continue }
                if filterAges, ageSlot[Int(age![row])] < 0 { continue }
                let cell = Int(d) &* origins &+ Int(o)
                if let long {
                    let s = sexSlot[Int(long.sex[row])]
                    if s < 0 { continue }
                    sums[yearBase &+ Int(s) &* sexStride &+ cell] &+= Int64(long.count[row])
                } else if wide.count == 1 {
                    sums[wide[0].offset &+ cell] &+= Int64(wide[0].column[row])
                } else {
                    for (column, offset) in wide { sums[offset &+ cell] &+= Int64(column[row]) }
                }
            }
        }}}}
    }
}

struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

#if canImport(Glibc)
import Glibc
#endif

/// The cores online, for splitting large scans.
func activeCoreCount() -> Int {
    #if canImport(Glibc)
    let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    return max(1, Int(online))
    #else
    return 1
    #endif
}
