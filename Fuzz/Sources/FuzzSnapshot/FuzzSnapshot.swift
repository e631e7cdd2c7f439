import FuzzSupport
import MigStat

/// Snapshot reading on arbitrary bytes: header, directory, block checksums, the meta JSON, the
/// area remap and the columns; an opened snapshot is queried (every row visited). The CRC-32C of
/// each block would stop almost every mutation at the checksum, so the first input byte can ask
/// the harness to re-seal the mutated file's checksums first (`FuzzChecks.resealed`): then the
/// fuzzer reaches the structure behind them.
let reference = try! ReferenceData.bundled()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if data[0] & 1 != 0 { bytes = FuzzChecks.resealed(bytes) }
    let input = InputBytes(name: "fuzz.migstat", copying: bytes)
    do {
        let opened = try Snapshot.open(input, geography: reference.geography)
        FuzzChecks.tableAddsUp(opened.dataset.table, geography: reference.geography)
    } catch is MigStatError {
    } catch {
        fatalError("an error that is not a MigStatError: \(error)")
    }
    return 0
}

@_cdecl("FuzzSnapshot_main")
public func fuzzSnapshotMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzSnapshot)
}
