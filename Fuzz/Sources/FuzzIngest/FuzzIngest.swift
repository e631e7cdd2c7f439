import FuzzSupport
import MigStat

/// The whole ingestion path on arbitrary bytes: encoding, dialect and layout detection, libcsv
/// parsing (single pass and chunked), number and name parsing, the UN layouts, the merge, the key
/// checks (duplicates, male + female against the total, or --sum-duplicates), --max-rows, and
/// a query over whatever was stored. Any outcome but a crash, a hang or a leak is a pass; a thrown
/// error must be a MigStatError (the CLI's one line and exit code), and a stored table must
/// add up: the grand total by destination equals the sum over the rows.
let reference = try! ReferenceData.bundled()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIngest(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    // The first byte picks the options, so one corpus covers strict/lenient and chunked parsing.
    let control = size > 0 ? data[0] : 0
    let body = UnsafeBufferPointer(start: data + (size > 0 ? 1 : 0), count: max(size - 1, 0))
    var options = IngestOptions(strict: control & 1 != 0)
    if control & 2 != 0 {
        options.threads = 2
        options.minimumChunkBytes = 16  // cut even small inputs, to test the chunk joins
    } else {
        options.threads = 1
    }
    options.limits = IngestLimits(maxRows: control & 4 != 0 ? 50 : nil)
    options.sumDuplicates = control & 8 != 0
    let input = InputBytes(name: "fuzz.csv", copying: body)
    do {
        let report = try ExtractReader.read(input, reference: reference, options: options)
        if let table = report.table { FuzzChecks.tableAddsUp(table, geography: reference.geography) }
    } catch is MigStatError {
    } catch {
        fatalError("an error that is not a MigStatError: \(error)")
    }
    return 0
}

@_cdecl("FuzzIngest_main")
public func fuzzIngestMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzIngest)
}
