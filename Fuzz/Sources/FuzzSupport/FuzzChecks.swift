import MigStat

/// What every fuzz input that loads must satisfy, and the snapshot re-sealing.
public enum FuzzChecks {
    /// The kernel's grand total per sex equals the plain sum of the stored observations: a table
    /// that loads is one the queries read in full, whatever bytes it came from.
    public static func tableAddsUp(_ table: MigrantTable, geography: Geography) {
        var plain = [Int64](repeating: 0, count: Sex.allCases.count)
        for observation in table.observations() {
            precondition(observation.year >= 0 && observation.origin < geography.slotCount
                         && observation.destination < geography.areas.count, "an observation outside the geography")
            plain[Int(observation.sex.rawValue)] += Int64(observation.count)
        }
        let all = [Int32](repeating: 0, count: geography.slotCount)
        let sums = Aggregation(yearSlot: [Int32](repeating: 0, count: table.years.count),
                               sexSlot: Sex.allCases.map { Int32($0.rawValue) },
                               destinationSlot: all, originSlot: all).run(on: table)
        for sex in Sex.allCases {
            precondition(sums[0, Int(sex.rawValue), 0, 0] == plain[Int(sex.rawValue)], "the kernel's total differs")
        }
    }

    /// The snapshot bytes with the header, directory and block checksums recomputed, where the
    /// header and directory are intact enough to find them; otherwise the bytes as they are.
    public static func resealed(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        guard bytes.count >= 64 else { return bytes }
        func u32(_ at: Int) -> Int { bytes[at..<at + 4].reversed().reduce(0) { $0 << 8 | Int($1) } }
        func u64(_ at: Int) -> Int { bytes[at..<at + 8].reversed().reduce(0) { $0 << 8 | Int($1) } & Int.max }
        func put(_ value: UInt32, at: Int) { for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) } }
        func crc(_ range: Range<Int>) -> UInt32 { bytes[range].withUnsafeBytes { CRC32C.checksum($0) } }
        let blocks = u32(12), directory = u64(24)
        if blocks < 4096, directory >= 64, directory <= bytes.count, blocks * 48 <= bytes.count - directory {
            for index in 0..<blocks {
                let entry = directory + index * 48
                let offset = u64(entry + 24), length = u64(entry + 32)
                if offset <= bytes.count, length <= bytes.count - offset {
                    put(crc(offset..<offset + length), at: entry + 40)
                }
            }
            put(crc(directory..<directory + blocks * 48), at: 32)
        }
        put(crc(0..<60), at: 60)
        return bytes
    }
}

/// libFuzzer's driver. SwiftPM renames an executable's entry point to `<Target>_main` and links
/// `main` to it, so each target defines that function and hands its callback to the driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32 {
    var count = argc
    var values = argv
    return LLVMFuzzerRunDriver(&count, &values, callback)
}
