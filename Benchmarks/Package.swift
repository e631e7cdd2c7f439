// swift-tools-version: 6.1
// The benchmarks of migstat: their own package, so the main package's build and CI never see
// package-benchmark or the harness. `swift package benchmark` runs the micro benchmarks;
// `migstat-warm` is the in-process timer the comparison harness (harness/compare.py) drives.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name (the repository's checkout folder), so it is
// read here rather than assumed.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .standardizedFileURL.lastPathComponent

let package = Package(
    name: "migstat-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The four questions of the comparison, over the MigStat library: shared by the warm
        // timer and the micro benchmarks so both time the same calls.
        .target(
            name: "BenchmarkQuestions",
            dependencies: [.product(name: "MigStat", package: rootPackage)],
            path: "Sources/BenchmarkQuestions"
        ),
        .executableTarget(
            name: "migstat-warm",
            dependencies: ["BenchmarkQuestions", .product(name: "MigStat", package: rootPackage)],
            path: "Sources/migstat-warm"
        ),
        .executableTarget(
            name: "MigStatBenchmarks",
            dependencies: [
                "BenchmarkQuestions",
                .product(name: "MigStat", package: rootPackage),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MigStatBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
