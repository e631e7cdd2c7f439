import Foundation

/// Writes a chart: SVG as it is, PNG through rsvg-convert (librsvg) when it is installed. Both atomically.
public enum ChartFile {
    public enum Kind: String, Sendable { case svg, png }

    /// The kind a file name asks for: .svg or .png.
    public static func kind(of path: String) throws -> Kind {
        let ext = (path as NSString).pathExtension.lowercased()
        guard let kind = Kind(rawValue: ext) else {
            throw MigStatError.usage("-o \(path): a chart is written as .svg or .png")
        }
        return kind
    }

    /// rsvg-convert on the PATH, if any.
    public static var rasterizer: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/rsvg-convert" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static let pngNeedsRasterizer = "PNG needs rsvg-convert, which is not installed "
        + "(Debian/Ubuntu: apt-get install librsvg2-bin); write an .svg instead"

    /// Writes `svg` to `path`, converting it to PNG (at `dpi`) when the name ends in .png.
    public static func write(_ svg: String, to path: String, dpi: Int = 200) throws {
        switch try kind(of: path) {
        case .svg:
            try AtomicFile.write(svg, to: path)
        case .png:
            guard let rasterizer else { throw MigStatError.output(path: path, reason: pngNeedsRasterizer) }
            try AtomicFile.write(to: path) { fd in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: rasterizer)
                process.arguments = ["--format", "png", "--dpi-x", "\(dpi)", "--dpi-y", "\(dpi)", "--background-color", "white"]
                let input = Pipe(), errors = Pipe()
                process.standardInput = input
                process.standardOutput = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
                process.standardError = errors
                do { try process.run() } catch {
                    throw MigStatError.output(path: path, reason: "cannot run \(rasterizer): \(error.localizedDescription)")
                }
                input.fileHandleForWriting.write(Data(svg.utf8))
                try? input.fileHandleForWriting.close()
                let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                guard process.terminationStatus == 0 else {
                    let line = message.split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
                    throw MigStatError.output(path: path, reason: "rsvg-convert failed: \(line)")
                }
            }
        }
    }
}
