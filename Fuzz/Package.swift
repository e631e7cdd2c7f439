// swift-tools-version:6.0
// The fuzz targets: a package of their own, so neither the main build nor scripts/test builds them.
// Built only by Fuzz/run.sh with -sanitize=fuzzer,address (libFuzzer + AddressSanitizer).
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name (a worktree may be called anything).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let migstat = Target.Dependency.product(name: "MigStat", package: root.lastPathComponent)

let package = Package(
    name: "migstat-fuzz",
    dependencies: [.package(path: root.path)],
    targets: [
        .target(name: "FuzzSupport", dependencies: [migstat], path: "Sources/FuzzSupport"),
        .executableTarget(name: "FuzzIngest", dependencies: [migstat, "FuzzSupport"], path: "Sources/FuzzIngest"),
        .executableTarget(name: "FuzzSnapshot", dependencies: [migstat, "FuzzSupport"], path: "Sources/FuzzSnapshot"),
    ]
)
