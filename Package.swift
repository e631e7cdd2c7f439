// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "migstat",
    products: [
        .executable(name: "migstat", targets: ["migstat"]),
        .library(name: "MigStat", targets: ["MigStat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libcsv from Debian's libcsv-dev: the only CSV tokenizer in the project.
        .systemLibrary(
            name: "CLibCSV",
            path: "Sources/CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        .target(
            name: "MigStat",
            dependencies: ["CLibCSV"],
            path: "Sources/MigStat"
        ),
        .executableTarget(
            name: "migstat",
            dependencies: [
                "MigStat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/migstat"
        ),
        .testTarget(
            name: "MigStatTests",
            dependencies: ["MigStat", "migstat"],
            path: "Tests/MigStatTests",
            // Input files the tests read by path (from #filePath), not compiled or bundled.
            exclude: ["BadInputs", "FuzzRegressions"]
        ),
    ]
)
