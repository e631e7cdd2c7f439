import Foundation

/// The SHA-256 of the files a dataset was read from, computed once, when first asked for.
///
/// Hashing runs at about 60 instructions a byte, more than parsing, and most commands never
/// print the checksum (tables and CSV do not; JSON, validate, compare-editions and snapshots do),
/// so a CSV read does not pay for it up front. The files stay mapped until then; `migstat`
/// writes its own files by rename, so a mapping keeps the bytes that were parsed. `ingest`
/// starts the hash beside the parse (`startInBackground`), since a snapshot always records it.
public final class Checksum: @unchecked Sendable {
    private let lock = NSLock()
    private var inputs: [InputBytes]
    private var value: String?

    /// A checksum already known (from a provenance file or a snapshot).
    public init(hex: String) {
        inputs = []
        value = hex
    }

    /// The checksum of `inputs`, in order, joined by ", " when there are several.
    public init(of inputs: [InputBytes]) {
        self.inputs = inputs
    }

    public var hex: String {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let computed = inputs.map { SHA256.hex(of: $0.bytes) }.joined(separator: ", ")
        value = computed
        inputs = []  // the mappings can go
        return computed
    }

    /// Computes the checksum on another thread; `hex` waits for it.
    public func startInBackground() {
        DispatchQueue.global().async { _ = self.hex }
    }
}
