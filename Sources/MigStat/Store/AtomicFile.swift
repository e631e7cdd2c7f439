#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see the old one or the whole new one, never a half: into a
/// temporary file in the same folder, flushed to disk, then renamed over the target.
///
/// A writer can be killed at any moment (SIGKILL, power loss), so the temporary file must not
/// outlive it. On Linux it is made with O_TMPFILE: an unnamed file in the target folder that
/// the kernel frees if the process dies. Only when it is complete and flushed is it given a name
/// (`TARGET.tmp-PID-RANDOM`, by linkat) and renamed over the target, so a kill leaves a named
/// temporary only in the instant between those two calls. Where O_TMPFILE is not supported
/// (some file systems, not Linux) the named temporary is written directly. Either way each write
/// first removes the temporaries of the same target whose writer process no longer exists.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        var bytes = Array(text.utf8)
        try write(to: path) { fd in
            try bytes.withUnsafeMutableBytes { try writeAll(fd, UnsafeRawBufferPointer($0), path: path) }
        }
    }

    /// Calls `body` with a descriptor of the temporary file; renames it into place when `body` returns.
    public static func write(to path: String, _ body: (Int32) throws -> Void) throws {
        let (folder, name) = split(path)
        removeStaleTemporaries(in: folder, of: name)
        let temporary = "\(path)\(temporaryMarker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var named = false
        #if os(Linux)
        var fd = open(folder, oTmpFile | O_WRONLY, 0o644)
        if fd < 0, errno != ENOENT, errno != ENOTDIR {
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            named = true
        }
        #else
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        named = true
        #endif
        guard fd >= 0 else {
            let reason = errno == ENOENT || errno == ENOTDIR
                ? "the folder \(folder) does not exist; create it first" : String(cString: strerror(errno))
            throw MigStatError.output(path: path, reason: reason)
        }
        do {
            try body(fd)
            guard fsync(fd) == 0 else { throw MigStatError.output(path: path, reason: String(cString: strerror(errno))) }
            if !named {
                guard linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 else {
                    throw MigStatError.output(path: path, reason: String(cString: strerror(errno)))
                }
                named = true
            }
        } catch {
            close(fd)
            if named { unlink(temporary) }
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw MigStatError.output(path: path, reason: reason)
        }
        // The rename itself is durable once the folder is flushed.
        let folderFD = open(folder, O_RDONLY)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            close(folderFD)
        }
    }

    /// What a temporary's name adds to its target's: `.tmp-PID-RANDOM`.
    public static let temporaryMarker = ".tmp-"

    /// Removes `NAME.tmp-PID-…` files in `folder` whose process PID is gone: what a writer killed
    /// between naming its temporary and renaming it (or, without O_TMPFILE, while writing) leaves.
    static func removeStaleTemporaries(in folder: String, of name: String) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        let prefix = name + temporaryMarker
        while let entry = readdir(directory) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard entryName.hasPrefix(prefix),
                  let pid = Int32(entryName.dropFirst(prefix.count).prefix { $0 != "-" }), pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { unlink(folder + "/" + entryName) }
        }
    }

    /// The folder (or ".") and the file name of a path.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// O_TMPFILE (`__O_TMPFILE | O_DIRECTORY`), which Glibc's Swift overlay does not export.
    private static let oTmpFile: Int32 = 0o20_000_000 | O_DIRECTORY

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
