#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of an input, memory-mapped when it is a file, so that reading a large extract
/// costs address space rather than a copy.
public final class InputBytes: @unchecked Sendable {
    /// The name used in diagnostics: the path as the user gave it, or "<stdin>".
    public let name: String
    public let bytes: UnsafeRawBufferPointer
    private let release: () -> Void

    /// Maps the file at `path`; a missing, unreadable or non-regular file is an `.io` error.
    public init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw MigStatError.io(path: path, reason: Self.describe(errno) + "; check the path")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "is a directory" : "is not a regular file"
            throw MigStatError.io(path: path, reason: "\(kind); give a CSV file or a .migstat snapshot")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw MigStatError.io(path: path, reason: Self.describe(errno) + "; check the file's permissions")
        }
        defer { close(fd) }
        let size = Int(info.st_size)
        name = path
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            release = {}
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw MigStatError.io(path: path, reason: "cannot map the file: " + Self.describe(errno))
        }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        release = { munmap(base, size) }
    }

    /// Wraps bytes the caller already has (standard input, a transcoded copy, a test's text).
    public init(name: String, copying source: some Collection<UInt8>) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 16)
        _ = buffer.initializeMemory(as: UInt8.self, from: source)
        self.name = name
        bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: source.count)
        release = { buffer.deallocate() }
    }

    deinit { release() }

    static func describe(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        case EISDIR: return "is a directory"
        default: return String(cString: strerror(code))
        }
    }
}
