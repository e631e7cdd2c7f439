#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Guards for untrusted input (`--max-rows`, `--max-bytes`); nil means no limit.
public struct IngestLimits: Sendable, Equatable {
    public var maxRows: Int?
    public var maxBytes: Int?

    public init(maxRows: Int? = nil, maxBytes: Int? = nil) {
        self.maxRows = maxRows
        self.maxBytes = maxBytes
    }

    /// The longest field libcsv may gather: no cell of a migrant-stock table comes near it, and a
    /// runaway field (an unclosed quote, a binary file) stops here instead of growing with the file.
    public static let maxFieldBytes = 1 << 20
    /// Store bytes a row may take while the columns grow (16 bytes a row, capacity doubling).
    static let storeBytesPerRow = 32
}

/// The checks made on an input before and after decoding, in front of the parsers.
enum InputChecks {
    /// Before anything is read: the file's size against `--max-bytes`, and the memory the store
    /// would take (estimated from the first 64 KiB's rows) against the memory available, so a
    /// file too large is refused with a message instead of driving the machine into swap.
    static func preflight(_ raw: InputBytes, limits: IngestLimits, needsCopy: Bool,
                          available: Int? = availableMemory()) throws {
        let size = raw.bytes.count
        if let maxBytes = limits.maxBytes, size > maxBytes {
            throw MigStatError.limit(path: raw.name, what: "the file has \(size) bytes, more than --max-bytes \(maxBytes)",
                                     hint: "raise --max-bytes if the file is trusted")
        }
        guard let available, size > 1 << 20 else { return }
        let sample = UnsafeRawBufferPointer(rebasing: raw.bytes[0..<(1 << 16)])
        let newlines = max(1, sample.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
        let rows = size / (sample.count / newlines)
        // A file that is not UTF-8 is turned into a UTF-8 copy (up to 1.5 times its size) first.
        let needed = rows * IngestLimits.storeBytesPerRow + (needsCopy ? size + size / 2 : 0)
        if needed > available {
            throw MigStatError.limit(
                path: raw.name,
                what: "reading \(size / 1_000_000) MB (about \(rows) rows) needs about \(needed / 1_000_000) MB of memory, "
                    + "more than the \(available / 1_000_000) MB available",
                hint: "split the file by year and ingest the parts, or run on a machine with more memory")
        }
    }

    /// The memory this process may still use: the kernel's MemAvailable, lowered to the room
    /// left under a cgroup (container) limit. Nil when neither can be read.
    static func availableMemory() -> Int? {
        func number(_ path: String, field: String? = nil) -> Int? {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            guard let field else { return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        var available = number("/proc/meminfo", field: "MemAvailable")
        if let limit = number("/sys/fs/cgroup/memory.max"), let used = number("/sys/fs/cgroup/memory.current") {
            available = min(available ?? Int.max, max(0, limit - used))
        }
        return available
    }

    /// After decoding (the text is UTF-8): control characters other than tab, line feed, carriage
    /// return and a final SUB mean a binary file, and a byte-order mark after the start means two
    /// files joined together (its invisible character would make a field unreadable). `decoded`:
    /// the decoder's pass over the file's own bytes, when it made one; else the text is scanned.
    static func text(_ input: InputBytes, decoded: TextScan? = nil) throws {
        let bytes = CSVReader.content(of: input)
        // The decoder's offsets count a leading byte-order mark, which `content` leaves out.
        let shift = input.bytes.count - bytes.count
        let scan = decoded.map { scan in
            TextScan(invalid: scan.invalid, control: scan.control.map { $0 - shift }, innerBOM: scan.innerBOM.map { $0 - shift })
        } ?? TextScan(bytes, innerBOMFrom: 0)
        if let offset = scan.control {
            throw MigStatError.input(location(of: offset, in: bytes, name: input.name),
                                     what: "a control character (0x\(bytes[offset] < 0x10 ? "0" : "")\(String(bytes[offset], radix: 16, uppercase: true))): this looks like a binary file, not a CSV text",
                                     hint: "give the CSV extract (a spreadsheet must be saved as CSV first)")
        }
        if let offset = scan.innerBOM {
            throw MigStatError.input(location(of: offset, in: bytes, name: input.name),
                                     what: "a byte-order mark in the middle of the file (two files joined together?)",
                                     hint: "remove it (it belongs only at the very start), or join the files without it")
        }
    }

    /// file:line:column of a byte offset (the column counts bytes from the line's start).
    static func location(of offset: Int, in bytes: UnsafeRawBufferPointer, name: String) -> SourceLocation {
        var line = 1, lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return SourceLocation(file: name, line: line, column: offset - lineStart + 1)
    }

    /// A wide row's male and female counts against its total: two figures rounded on their own
    /// may miss their rounded sum by one, more is a row that contradicts itself.
    static func sexMismatch(total: UInt32, male: UInt32, female: UInt32) -> String? {
        let sum = Int64(male) + Int64(female)
        guard abs(sum - Int64(total)) > 1 else { return nil }
        return "male + female (\(male) + \(female) = \(sum)) differs from the total (\(total)) by more than rounding"
    }

    /// The rows beyond `--max-rows`.
    static func tooManyRows(_ name: String, _ limit: Int) -> MigStatError {
        .limit(path: name, what: "more than \(limit) data rows (--max-rows \(limit))",
               hint: "raise --max-rows if the file is trusted")
    }
}
