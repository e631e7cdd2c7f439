/// Builds a `MigrantTable` row by row: the year dictionary and the five column builders that
/// every ingest (tidy or wide) fills the same way.
struct MigrantTableBuilder {
    /// Year → year code, addressed by year − 1800; -1 where the year has not been seen.
    private var yearCodes = [Int16](repeating: -1, count: 400)
    private(set) var years: [Int] = []
    private var year = ColumnBuilder<UInt8>()
    private var origin = ColumnBuilder<UInt16>()
    private var destination = ColumnBuilder<UInt16>()
    private var sex = ColumnBuilder<UInt8>()
    private var count = ColumnBuilder<UInt32>()
    private var finished = false

    var rowCount: Int { count.count }

    /// The code of a year between 1800 and 2199, assigned on first sight; nil past 255 distinct years.
    @inline(__always) mutating func code(ofYear value: Int) -> Int16? {
        var code = yearCodes[value - 1800]
        if code < 0 {
            guard years.count < 255 else { return nil }
            code = Int16(years.count)
            yearCodes[value - 1800] = code
            years.append(value)
        }
        return code
    }

    @inline(__always) mutating func append(yearCode: Int16, origin: Int, destination: Int, sex: Sex, count: UInt32) {
        year.append(UInt8(yearCode))
        self.origin.append(UInt16(origin))
        self.destination.append(UInt16(destination))
        self.sex.append(sex.rawValue)
        self.count.append(count)
    }

    mutating func finish() -> MigrantTable {
        finished = true
        return MigrantTable(years: years, year: year.finish(), origin: origin.finish(),
                            destination: destination.finish(), sex: sex.finish(), count: count.finish())
    }

    /// Frees the columns of a build that failed.
    mutating func discardIfUnfinished() {
        guard !finished else { return }
        finished = true
        year.discard()
        origin.discard()
        destination.discard()
        sex.discard()
        count.discard()
    }
}
