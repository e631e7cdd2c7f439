import Foundation

/// Finds the project's datasets/ folder, so every command works from any working directory,
/// run by `swift run` or installed.
public enum DatasetLocator {
    /// In order: $MIGSTAT_DATASETS; <executable>/../share/migstat/datasets (an installed layout);
    /// the datasets/ folder of the source tree this binary was built from.
    public static func directory() throws -> String {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["MIGSTAT_DATASETS"], !override.isEmpty {
            candidates.append(override)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent()
            .appendingPathComponent("../share/migstat/datasets").standardized.path)
        let sourceTree = URL(fileURLWithPath: #filePath)  // Sources/MigStat/Reference/DatasetLocator.swift
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(sourceTree.appendingPathComponent("datasets").path)
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/geography.csv") {
            return candidate
        }
        throw MigStatError.reference(
            "datasets/ not found (looked in " + candidates.joined(separator: ", ")
                + "); set MIGSTAT_DATASETS to the project's datasets folder")
    }
}
