import Dispatch

/// One group-by over the store. Each dimension maps its codes to an output slot, or to -1 to
/// leave the row out, so filtering and grouping are the same array lookup and the sums land in
/// a dense array: no hashing per row.
public struct Aggregation: Sendable {
    public var yearSlot: [Int32]
    public var sexSlot: [Int32]
    public var destinationSlot: [Int32]
    public var originSlot: [Int32]

    public init(yearSlot: [Int32], sexSlot: [Int32], destinationSlot: [Int32], originSlot: [Int32]) {
        self.yearSlot = yearSlot
        self.sexSlot = sexSlot
        self.destinationSlot = destinationSlot
        self.originSlot = originSlot
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

    /// Runs the sums, on all cores for a large table.
    public func run(on table: MigrantTable) -> Sums {
        let cells = yearCount * sexCount * destinationCount * originCount
        let rows = table.rowCount
        let parts = rows >= 1 << 20 ? max(1, min(activeCoreCount(), 16)) : 1
        var partials = [[Int64]](repeating: [], count: parts)
        let chunk = (rows + parts - 1) / parts
        partials.withUnsafeMutableBufferPointer { results in
            let results = UncheckedSendable(results)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let start = part * chunk
                let end = min(rows, start + chunk)
                results.value[part] = sum(table, rows: start..<end, cells: cells)
            }
        }
        var total = partials[0]
        for partial in partials.dropFirst() {
            for index in total.indices { total[index] &+= partial[index] }
        }
        return Sums(values: total, sexCount: sexCount, destinationCount: destinationCount, originCount: originCount)
    }

    private func sum(_ table: MigrantTable, rows: Range<Int>, cells: Int) -> [Int64] {
        var accumulator = [Int64](repeating: 0, count: max(cells, 1))
        let sexes = sexCount, destinations = destinationCount, origins = originCount
        let year = table.year.buffer, sex = table.sex.buffer, origin = table.origin.buffer
        let destination = table.destination.buffer, count = table.count.buffer
        yearSlot.withUnsafeBufferPointer { yearSlot in
        sexSlot.withUnsafeBufferPointer { sexSlot in
        destinationSlot.withUnsafeBufferPointer { destinationSlot in
        originSlot.withUnsafeBufferPointer { originSlot in
        accumulator.withUnsafeMutableBufferPointer { sums in
            for row in rows {
                let d = destinationSlot[Int(destination[row])]
                if d < 0 { continue }
                let o = originSlot[Int(origin[row])]
                if o < 0 { continue }
                let y = yearSlot[Int(year[row])]
                if y < 0 { continue }
                let s = sexSlot[Int(sex[row])]
                if s < 0 { continue }
                let cell = ((Int(y) &* sexes &+ Int(s)) &* destinations &+ Int(d)) &* origins &+ Int(o)
                sums[cell] &+= Int64(count[row])
            }
        }}}}}
        return accumulator
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
