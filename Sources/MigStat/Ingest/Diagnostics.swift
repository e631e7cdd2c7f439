/// Where something is in an input file: 1-based line and column (the field number), or for a
/// binary file (a snapshot) the byte offset.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?
    public var byte: Int?

    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public init(file: String, byte: Int) {
        self.file = file
        self.line = 0
        self.byte = byte
    }

    public var description: String {
        if let byte { return "\(file): byte \(byte)" }
        return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }
}

/// A value that was not taken into the store, with the reason. Never dropped silently:
/// every ingest returns its rejections and the CLI prints them.
public struct Rejection: Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var reason: String

    public var description: String { "\(location): \(reason)" }
}

/// The rejected rows of one read: all counted, the first 10,000 kept with their reasons; under
/// `strict` the first one is fatal.
struct RejectionLog {
    let file: String
    let strict: Bool
    private(set) var rejections: [Rejection] = []
    private(set) var count = 0
    /// Rejections kept with their reasons; the rest are only counted.
    static let kept = 10_000

    init(file: String, strict: Bool) {
        self.file = file
        self.strict = strict
    }

    /// Records a rejected row; returns the error that ends the read under `strict`.
    mutating func reject(line: Int, column: Int, reason: String) -> MigStatError? {
        count += 1
        let rejection = Rejection(location: SourceLocation(file: file, line: line, column: column + 1), reason: reason)
        if strict {
            return .input(rejection.location, what: rejection.reason,
                          hint: "correct the row, or drop --strict to report bad rows and go on")
        }
        if rejections.count < Self.kept { rejections.append(rejection) }
        return nil
    }
}

/// The error type of the whole library. Each case maps to one documented exit code,
/// and its description is the one line the CLI prints: what, where, what to do.
public enum MigStatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command line asked for something that does not exist or does not fit.
    case usage(String)
    /// An input file could not be opened or read.
    case io(path: String, reason: String)
    /// An input file was read but its content is wrong.
    case input(SourceLocation, what: String, hint: String)
    /// A name given by the user matched no area, group or mechanism.
    case unknownName(String, suggestions: [String])
    /// A name matched more than one thing.
    case ambiguousName(String, candidates: [String])
    /// The project's own reference data is missing or inconsistent.
    case reference(String)
    /// An output file could not be written.
    case output(path: String, reason: String)
    /// An input is larger than a limit allows (`--max-rows`, `--max-bytes`, the memory there is).
    case limit(path: String, what: String, hint: String)

    public var description: String {
        switch self {
        case .usage(let message):
            return message
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .input(let location, let what, let hint):
            return hint.isEmpty ? "\(location): \(what)" : "\(location): \(what); \(hint)"
        case .unknownName(let name, let suggestions):
            let near = suggestions.isEmpty
                ? "no close match; `migstat areas` lists the names migstat knows"
                : "did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: ", ") + "?"
            return "unknown area, group or mechanism \"\(name)\": \(near)"
        case .ambiguousName(let name, let candidates):
            return "\"\(name)\" is ambiguous: it may be "
                + candidates.map { "\"\($0)\"" }.joined(separator: " or ")
                + "; use the full name or a code"
        case .reference(let message):
            return "reference data: \(message)"
        case .output(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .limit(let path, let what, let hint):
            return "\(path): \(what); \(hint)"
        }
    }

    /// The same error with its line moved down by `lines`: a chunk parsed on its own counts
    /// lines from its start, the file from the file's.
    func shifted(lines: Int) -> MigStatError {
        guard lines != 0, case .input(var location, let what, let hint) = self, location.byte == nil else { return self }
        location.line += lines
        return .input(location, what: what, hint: hint)
    }

    /// Exit codes, listed in the README's section on errors.
    public var exitCode: Int32 {
        switch self {
        case .usage, .unknownName, .ambiguousName: return 2
        case .io: return 3
        case .input: return 4
        case .reference: return 5
        case .output: return 6
        case .limit: return 8
        }
    }
}

extension MigStatError {
    /// `migstat check`: the draft has figures the data contradict, or parts that do not add up (README's exit codes).
    public static let contradictedFiguresExitCode: Int32 = 7
}
