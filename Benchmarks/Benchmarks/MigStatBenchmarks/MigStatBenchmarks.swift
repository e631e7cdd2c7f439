// Micro benchmarks on the embedded IMS 2024 data (datasets/un-desa-ims-2024-bilateral.csv,
// 74,784 records → 224,352 rows: total, male, female). Run from Benchmarks/:
//   swift package --disable-sandbox benchmark
import Benchmark
import BenchmarkQuestions
import Foundation
import MigStat

/// The embedded file's bytes and the loaded questions, made once for all benchmarks.
final class Fixture: Sendable {
    let reference: ReferenceData
    let input: InputBytes
    let questions: Questions

    init() throws {
        reference = try ReferenceData.bundled()
        input = try InputBytes(path: try DatasetLocator.directory() + "/\(DatasetLoader.embeddedName).csv")
        let table = try TidyIngest.read(input, reference: reference).table
        let dataset = Dataset(table: table, provenance: Provenance(
            citation: "benchmark", publisher: "", edition: "", licence: "", file: "", sha256: "",
            coverage: .knownOrigin), geography: reference.geography)
        questions = try Questions(engine: Engine(dataset: dataset, resolver: Resolver(reference: reference)))
    }

    static let shared: Fixture = {
        do { return try Fixture() } catch { fatalError("benchmark fixture: \(error)") }
    }()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
        warmupIterations: 3,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    Benchmark("ingest: embedded CSV → table (74,784 records)") { benchmark in
        let fixture = Fixture.shared
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try TidyIngest.read(fixture.input, reference: fixture.reference).table.rowCount)
        }
    }

    let questions: [(String, Question)] = [
        ("group-by: stock by SDG region × year (Q1)", .q1),
        ("corridor: Central Asia → Türkiye by year (Q2)", .q2),
        ("top-N: 20 largest corridors 2024 (Q3)", .q3),
        ("coverage: stock within the Almaty Process members by year (Q4)", .q4),
    ]
    for (name, question) in questions {
        Benchmark(name) { benchmark in
            let fixture = Fixture.shared
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try fixture.questions.answer(question))
            }
        }
    }
}
