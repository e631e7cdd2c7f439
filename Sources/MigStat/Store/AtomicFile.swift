#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see the old one or the whole new one, never a half: into a
/// temporary file in the same folder, flushed to disk, then renamed over the target.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        var bytes = Array(text.utf8)
        try write(to: path) { fd in
            try bytes.withUnsafeMutableBytes { try writeAll(fd, UnsafeRawBufferPointer($0), path: path) }
        }
    }

    /// Calls `body` with a descriptor of the temporary file; renames it into place when `body` returns.
    public static func write(to path: String, _ body: (Int32) throws -> Void) throws {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "the folder does not exist; create it first" : String(cString: strerror(errno))
            throw MigStatError.output(path: path, reason: reason)
        }
        do {
            try body(fd)
            guard fsync(fd) == 0 else { throw MigStatError.output(path: path, reason: String(cString: strerror(errno))) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw MigStatError.output(path: path, reason: reason)
        }
    }

    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw MigStatError.output(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
    }
}
