import Foundation

/// The binary snapshot of a store (`migstat ingest … -o DATA.migstat`), opened by memory-mapping:
/// its columns are used in place, no CSV is parsed.
///
/// Layout, version 2, little-endian:
///
///     0   header, 64 bytes: magic (8) · format version UInt32 · block count UInt32 ·
///         file length UInt64 · directory offset UInt64 · directory CRC-32C UInt32 ·
///         reserved (to byte 60) · CRC-32C of bytes 0..<60 UInt32
///     64  directory: one 48-byte entry a block: name (24 bytes, NUL-padded ASCII) ·
///         offset UInt64 · length UInt64 · CRC-32C UInt32 · reserved UInt32
///     …   blocks, each at a 64-byte-aligned offset: "meta" (JSON: provenance, years, age groups,
///         sexes, layout, the M49 code of every area index (-1 for the unspecified origin, which
///         has none), the kinds of origin, the segments, and the publisher's totals and
///         both-sexes-only figures of a UN table, their areas by M49 code), then per segment
///         "N.origin", "N.destination" (UInt16), "N.age", "N.sex" (UInt8), "N.total", "N.male",
///         "N.female" or "N.count" (UInt32), the ones the data has.
///
/// Every open checks the header, the version, the length, the directory and every block's
/// CRC-32C: a snapshot is small next to the CSV it replaces and the check runs at memory speed.
///
/// A snapshot holds one migrant-stock dataset. A total-population table (UN DESA Table 2) is an
/// auxiliary measure, not a dataset: `write` is never given one, and `migstat ingest` refuses it.
public enum Snapshot {
    /// 2: the unspecified origin, origin kinds, published totals and both-sexes-only figures.
    public static let version: UInt32 = 2
    /// The stand-in M49 code of `Geography.unspecifiedOrigin` in the area list.
    static let unspecifiedOriginCode = -1
    /// PNG-style: a high byte and CR LF SUB LF catch text-mode transfers.
    public static let magic: [UInt8] = [0x89, 0x4D, 0x53, 0x54, 0x0D, 0x0A, 0x1A, 0x0A]
    static let headerSize = 64
    static let entrySize = 48
    static let alignment = 64

    /// Where a snapshot's data came from, kept for checks (the embedded cache compares sizes).
    public struct Source: Codable, Sendable, Equatable {
        public var bytes: Int
        public var records: Int
        public var rejected: Int

        public init(bytes: Int, records: Int, rejected: Int) {
            self.bytes = bytes
            self.records = records
            self.rejected = rejected
        }
    }

    struct Meta: Codable {
        var provenance: Provenance
        var years: [Int]
        var ages: [String]?
        var sexes: [String]
        var layout: String
        /// The M49 code of each area index the columns hold; `unspecifiedOriginCode` last.
        var areas: [Int]
        var origins: OriginKinds
        var segments: [SegmentMeta]
        var source: Source?
        var published: [StoredTotal]
        var bothSexesOnly: [StoredBothSexes]
    }

    /// A `PublishedTotal` with its ends by code, not by index: "area:M49", "group:CODE", "all"
    /// or "unspecified".
    struct StoredTotal: Codable {
        var destination: String
        var origin: String
        var label: String
        var code: Int?
        var year: Int
        var sex: String
        var value: Int64
        var file: String
        var line: Int
        var column: Int?
    }

    struct StoredBothSexes: Codable {
        /// M49 codes (`unspecifiedOriginCode` for the unspecified origin).
        var destination: Int
        var origin: Int
        var year: Int
        var value: Int64
    }

    struct SegmentMeta: Codable {
        var year: Int
        var rows: Int
    }

    public static func isSnapshot(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= magic.count && zip(magic, bytes).allSatisfy { $0 == $1 }
    }

    // MARK: writing

    /// Writes `dataset` atomically (temporary file, fsync, rename).
    public static func write(_ dataset: Dataset, source: Source?, to path: String) throws {
        let table = dataset.table
        let geography = dataset.geography
        let codes = areaCodes(geography)
        func end(_ ref: AreaRef) -> String {
            switch ref {
            case .area(let index): "area:\(codes[index])"
            case .group(let index): "group:\(geography.groups[index].code)"
            case .all: "all"
            case .unspecified: "unspecified"
            }
        }
        let meta = Meta(provenance: dataset.provenance, years: table.years, ages: table.ages,
                        sexes: Sex.allCases.filter(table.sexes.contains).map(\.label),
                        layout: table.isWide ? "wide" : "long", areas: codes, origins: table.origins,
                        segments: table.segments.map { SegmentMeta(year: $0.yearCode, rows: $0.rowCount) },
                        source: source,
                        published: dataset.published.map {
                            StoredTotal(destination: end($0.destination), origin: end($0.origin), label: $0.label,
                                        code: $0.code, year: $0.year, sex: $0.sex.label, value: $0.value,
                                        file: $0.location.file, line: $0.location.line, column: $0.location.column)
                        },
                        bothSexesOnly: dataset.bothSexesOnly.map {
                            StoredBothSexes(destination: codes[$0.destination], origin: codes[$0.origin], year: $0.year,
                                            value: $0.value)
                        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metaBytes = try encoder.encode(meta)
        var blocks: [(name: String, bytes: UnsafeRawBufferPointer)] = []
        try metaBytes.withUnsafeBytes { metaBuffer in
            blocks.append(("meta", metaBuffer))
            for (index, segment) in table.segments.enumerated() {
                blocks.append(("\(index).origin", UnsafeRawBufferPointer(segment.origin.buffer)))
                blocks.append(("\(index).destination", UnsafeRawBufferPointer(segment.destination.buffer)))
                if let age = segment.age { blocks.append(("\(index).age", UnsafeRawBufferPointer(age.buffer))) }
                switch segment.counts {
                case .wide(let columns):
                    for sex in Sex.allCases {
                        if let column = columns[Int(sex.rawValue)] {
                            blocks.append(("\(index).\(sex.label)", UnsafeRawBufferPointer(column.buffer)))
                        }
                    }
                case .long(let sex, let count):
                    blocks.append(("\(index).sex", UnsafeRawBufferPointer(sex.buffer)))
                    blocks.append(("\(index).count", UnsafeRawBufferPointer(count.buffer)))
                }
            }
            try writeBlocks(blocks, to: path)
        }
    }

    private static func writeBlocks(_ blocks: [(name: String, bytes: UnsafeRawBufferPointer)], to path: String) throws {
        var directory = [UInt8]()
        var offset = align(headerSize + blocks.count * entrySize)
        let checksums = blocks.map { CRC32C.checksum($0.bytes) }
        for (index, block) in blocks.enumerated() {
            var name = Array(block.name.utf8.prefix(23))
            name += [UInt8](repeating: 0, count: 24 - name.count)
            directory += name
            append(UInt64(offset), to: &directory)
            append(UInt64(block.bytes.count), to: &directory)
            append(checksums[index], to: &directory)
            append(UInt32(0), to: &directory)
            offset = align(offset + block.bytes.count)
        }
        var header = magic
        append(version, to: &header)
        append(UInt32(blocks.count), to: &header)
        append(UInt64(offset), to: &header)
        append(UInt64(headerSize), to: &header)
        directory.withUnsafeBytes { append(CRC32C.checksum($0), to: &header) }
        header += [UInt8](repeating: 0, count: 60 - header.count)
        header.withUnsafeBytes { append(CRC32C.checksum($0), to: &header) }

        try AtomicFile.write(to: path) { fd in
            var written = 0
            func put(_ bytes: UnsafeRawBufferPointer) throws {
                try AtomicFile.writeAll(fd, bytes, path: path)
                written += bytes.count
            }
            func pad() throws {
                let zeros = [UInt8](repeating: 0, count: align(written) - written)
                try zeros.withUnsafeBytes(put)
            }
            try header.withUnsafeBytes(put)
            try directory.withUnsafeBytes(put)
            try pad()
            for block in blocks {
                try put(block.bytes)
                try pad()
            }
        }
    }

    /// The M49 code of every slot of the geography, the unspecified origin's stand-in last.
    static func areaCodes(_ geography: Geography) -> [Int] { geography.areas.map(\.m49) + [unspecifiedOriginCode] }

    static func align(_ offset: Int) -> Int { (offset + alignment - 1) / alignment * alignment }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    // MARK: reading

    /// An opened snapshot: the dataset (columns in the mapping, or remapped copies when the
    /// snapshot was written with another geography) and where its data came from.
    public struct Opened: Sendable {
        public let dataset: Dataset
        public let source: Source?
        /// True when the area indices had to be rewritten for the current geography.
        public let remapped: Bool
    }

    /// Opens a snapshot already mapped into `input`; the mapping stays alive as long as a column does.
    public static func open(_ input: InputBytes, geography: Geography) throws -> Opened {
        let bytes = input.bytes
        let name = input.name
        func fail(_ byte: Int, _ what: String, _ hint: String = "write it again with `migstat ingest`") -> MigStatError {
            .input(SourceLocation(file: name, byte: byte), what: what, hint: hint)
        }
        guard isSnapshot(bytes) else { throw fail(0, "not a migstat snapshot (the file does not start with its signature)") }
        guard bytes.count >= headerSize else {
            throw fail(bytes.count, "the snapshot is truncated: \(bytes.count) bytes, shorter than its 64-byte header")
        }
        let fileVersion = read(UInt32.self, bytes, 8)
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<60])) == read(UInt32.self, bytes, 60) else {
            throw fail(0, "the snapshot header is damaged (checksum mismatch)")
        }
        guard fileVersion == version else {
            throw fail(8, "snapshot format version \(fileVersion); this migstat reads version \(version)",
                       "write it again from the CSV with this migstat's `migstat ingest`")
        }
        let blockCount = Int(read(UInt32.self, bytes, 12))
        // Clamped: a UInt64 past Int.max would trap in Int(_:) (found by fuzzing); it fails the checks below.
        let length = Int(clamping: read(UInt64.self, bytes, 16))
        let directoryOffset = Int(clamping: read(UInt64.self, bytes, 24))
        guard bytes.count == length else {
            throw fail(min(bytes.count, length), bytes.count < length
                ? "the snapshot is truncated: \(bytes.count) of its \(length) bytes"
                : "the snapshot has \(bytes.count - length) bytes after its end")
        }
        guard directoryOffset >= headerSize, directoryOffset <= length, blockCount < 1 << 20,
              blockCount * entrySize <= length - directoryOffset else {
            throw fail(24, "the snapshot's directory lies outside the file")
        }
        let directoryEnd = directoryOffset + blockCount * entrySize
        let directory = UnsafeRawBufferPointer(rebasing: bytes[directoryOffset..<directoryEnd])
        guard CRC32C.checksum(directory) == read(UInt32.self, bytes, 32) else {
            throw fail(directoryOffset, "the snapshot's directory is damaged (checksum mismatch)")
        }
        var blocks: [String: UnsafeRawBufferPointer] = [:]
        var entries: [(offset: Int, block: UnsafeRawBufferPointer, crc: UInt32, name: String)] = []
        for index in 0..<blockCount {
            let entry = directoryOffset + index * entrySize
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[entry..<entry + 24]).prefix { $0 != 0 }
            let blockName = String(decoding: nameBytes, as: UTF8.self)
            let offset = Int(clamping: read(UInt64.self, bytes, entry + 24))
            let size = Int(clamping: read(UInt64.self, bytes, entry + 32))
            guard offset % alignment == 0, offset >= directoryEnd, size >= 0, offset <= length - size else {
                throw fail(entry, "block \"\(blockName)\" lies outside the file")
            }
            let block = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + size])
            blocks[blockName] = block
            entries.append((offset, block, read(UInt32.self, bytes, entry + 40), blockName))
        }
        // Every block's checksum, the blocks spread over the cores.
        var bad = [Bool](repeating: false, count: entries.count)
        bad.withUnsafeMutableBufferPointer { bad in
            let bad = UncheckedSendable(bad), shared = UncheckedSendable(entries)
            let parts = entries.count > 8 && length > 1 << 22 ? activeCoreCount() : 1
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for index in stride(from: part, to: shared.value.count, by: parts) {
                    let entry = shared.value[index]
                    bad.value[index] = CRC32C.checksum(entry.block) != entry.crc
                }
            }
        }
        if let index = bad.firstIndex(of: true) {
            throw fail(entries[index].offset, "block \"\(entries[index].name)\" (\(entries[index].block.count) bytes) "
                + "fails its checksum: the file is damaged")
        }

        guard let metaBytes = blocks["meta"] else { throw fail(directoryOffset, "the snapshot has no \"meta\" block") }
        let meta: Meta
        do {
            meta = try JSONDecoder().decode(Meta.self, from: Data(metaBytes))
        } catch {
            throw fail(metaBytes.baseAddress! - bytes.baseAddress!, "the snapshot's meta block is not readable: \(error)")
        }
        let remap = try areaMap(meta.areas, geography: geography, fail: { fail(0, $0) })
        let storage = ColumnStorage { withExtendedLifetime(input) {} }
        func column<T: BitwiseCopyable>(_ blockName: String, _ type: T.Type, rows: Int) throws -> Column<T> {
            guard let block = blocks[blockName] else { throw fail(directoryOffset, "the snapshot has no block \"\(blockName)\"") }
            // (rows is checked before it is multiplied: a damaged count must not overflow.)
            guard rows >= 0, rows <= block.count, block.count == rows * MemoryLayout<T>.stride else {
                throw fail(block.baseAddress! - bytes.baseAddress!,
                           "block \"\(blockName)\" holds \(block.count) bytes where \(rows) rows need \(rows * MemoryLayout<T>.stride)")
            }
            return Column(buffer: block.bindMemory(to: T.self), storage: storage)
        }
        /// A column whose every code is below `limit`. Checksums that match prove the bytes are the
        /// ones written, not that they were written right; a code past the end would be read out of
        /// bounds by every query (found by fuzzing with re-sealed checksums). One pass at memory speed.
        func coded<T: FixedWidthInteger>(_ blockName: String, _ type: T.Type, rows: Int, below limit: Int,
                                         _ what: String) throws -> Column<T> {
            let codes = try column(blockName, type, rows: rows)
            if let largest = codes.buffer.max(), Int(largest) >= limit {
                throw fail(blocks[blockName].map { $0.baseAddress! - bytes.baseAddress! } ?? 0,
                           "block \"\(blockName)\" holds \(what) \(largest), past the \(limit) there are")
            }
            return codes
        }
        func areas(_ blockName: String, rows: Int) throws -> Column<UInt16> {
            // Destinations are areas; origins may also be the unspecified origin, the last slot.
            let slots = blockName.hasSuffix("destination") ? meta.areas.count - 1 : meta.areas.count
            let mapped = try coded(blockName, UInt16.self, rows: rows, below: slots, "an area index")
            guard let remap else { return mapped }
            return Column(try mapped.buffer.map { code in
                guard Int(code) < remap.count, remap[Int(code)] >= 0 else {
                    throw fail(0, "an area index (\(code)) of the snapshot is not in its area list")
                }
                return UInt16(remap[Int(code)])
            })
        }
        let wide = meta.layout == "wide"
        let sexes = Set(meta.sexes.compactMap { label in Sex.allCases.first { $0.label == label } })
        var segments: [Segment] = []
        for (index, segment) in meta.segments.enumerated() {
            guard meta.years.indices.contains(segment.year) else { throw fail(0, "a segment's year is not in the year list") }
            let rows = segment.rows
            let counts: SegmentCounts
            if wide {
                counts = .wide(try Sex.allCases.map { sex in
                    sexes.contains(sex) ? try column("\(index).\(sex.label)", UInt32.self, rows: rows) : nil
                })
            } else {
                counts = .long(sex: try coded("\(index).sex", UInt8.self, rows: rows, below: Sex.allCases.count, "a sex code"),
                               count: try column("\(index).count", UInt32.self, rows: rows))
            }
            segments.append(Segment(yearCode: segment.year, origin: try areas("\(index).origin", rows: rows),
                                    destination: try areas("\(index).destination", rows: rows),
                                    age: try meta.ages.map { try coded("\(index).age", UInt8.self, rows: rows, below: $0.count, "an age code") },
                                    counts: counts))
        }
        let table = MigrantTable(years: meta.years, ages: meta.ages, sexes: sexes, segments: segments, origins: meta.origins)
        // Totals name their areas by code, so they need no remapping.
        func index(_ code: Int) throws -> Int {
            if code == unspecifiedOriginCode { return geography.unspecifiedOrigin }
            guard let index = geography.area(m49: code) else {
                throw fail(0, "the snapshot names the area with M49 code \(code), which migstat's geography lacks")
            }
            return index
        }
        func end(_ text: String) throws -> AreaRef {
            if text == "all" { return .all }
            if text == "unspecified" { return .unspecified }
            let parts = text.split(separator: ":")
            if parts.count == 2, let code = Int(parts[1]) {
                if parts[0] == "area" { return .area(try index(code)) }
                if parts[0] == "group", let group = geography.group(code: code) { return .group(group) }
            }
            throw fail(0, "the snapshot's published total \"\(text)\" names no area or group of migstat's geography")
        }
        let published = try meta.published.map { stored in
            guard let sex = Sex.allCases.first(where: { $0.label == stored.sex }) else {
                throw fail(0, "a published total has sex \"\(stored.sex)\"")
            }
            return PublishedTotal(destination: try end(stored.destination), origin: try end(stored.origin),
                                  label: stored.label, code: stored.code, year: stored.year, sex: sex,
                                  value: stored.value,
                                  location: SourceLocation(file: stored.file, line: stored.line, column: stored.column))
        }
        let bothSexesOnly = try meta.bothSexesOnly.map {
            BothSexesOnly(destination: try index($0.destination), origin: try index($0.origin), year: $0.year, value: $0.value)
        }
        return Opened(dataset: Dataset(table: table, provenance: meta.provenance, geography: geography,
                                       published: published, bothSexesOnly: bothSexesOnly),
                      source: meta.source, remapped: remap != nil)
    }

    /// nil when the snapshot's areas are the geography's, index for index; else old index → new.
    private static func areaMap(_ m49: [Int], geography: Geography, fail: (String) -> MigStatError) throws -> [Int]? {
        if m49 == areaCodes(geography) { return nil }
        return try m49.map { code in
            if code == unspecifiedOriginCode { return geography.unspecifiedOrigin }
            guard let index = geography.area(m49: code) else {
                throw fail("the snapshot has figures for the area with M49 code \(code), which migstat's geography lacks")
            }
            return index
        }
    }

    private static func read<T: FixedWidthInteger>(_ type: T.Type, _ bytes: UnsafeRawBufferPointer, _ offset: Int) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

