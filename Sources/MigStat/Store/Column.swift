/// Memory a column lives in: a heap block it owns, or a region of a mapped snapshot.
public final class ColumnStorage: @unchecked Sendable {
    private let release: () -> Void

    init(release: @escaping () -> Void) { self.release = release }
    deinit { release() }
}

/// A read-only column of fixed-width values, the same whether built by ingest or mapped from a snapshot.
public struct Column<Element: BitwiseCopyable>: @unchecked Sendable {
    public let buffer: UnsafeBufferPointer<Element>
    let storage: ColumnStorage

    init(buffer: UnsafeBufferPointer<Element>, storage: ColumnStorage) {
        self.buffer = buffer
        self.storage = storage
    }

    public var count: Int { buffer.count }
    @inline(__always) public subscript(index: Int) -> Element { buffer[index] }

    public init(_ values: [Element]) {
        var builder = ColumnBuilder<Element>(capacity: values.count)
        for value in values { builder.append(value) }
        self = builder.finish()
    }
}

/// Appends values into a growing heap block; `finish` hands the block to a `Column` without copying.
public struct ColumnBuilder<Element: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    public private(set) var count = 0

    public init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always) public mutating func append(_ value: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Appends another builder's values (for joining chunks parsed in parallel).
    public mutating func append(contentsOf other: ColumnBuilder<Element>) {
        while count + other.count > capacity { grow() }
        (base + count).update(from: other.base, count: other.count)
        count += other.count
    }

    /// Rewrites every value (codes renumbered when chunks are joined).
    public mutating func update(_ transform: (Element) -> Element) {
        for index in 0..<count { base[index] = transform(base[index]) }
    }

    private mutating func grow() {
        let bigger = capacity * 2
        let block = UnsafeMutablePointer<Element>.allocate(capacity: bigger)
        block.moveInitialize(from: base, count: count)
        base.deallocate()
        base = block
        capacity = bigger
    }

    /// Frees the block of a builder that will not be finished.
    public func discard() { base.deallocate() }

    public func finish() -> Column<Element> {
        let block = base
        return Column(buffer: UnsafeBufferPointer(start: block, count: count),
                      storage: ColumnStorage { block.deallocate() })
    }
}
