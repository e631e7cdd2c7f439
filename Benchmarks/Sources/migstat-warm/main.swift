// migstat-warm: loads a data file once, then times the comparison's questions with the data in
// memory (the query alone), printing one JSON line per answer for the harness.
//
//   migstat-warm FILE [--runs N] [--questions q1,q2,q3,q4]   each question N times (after one
//                                                            untimed run): its median and answer
//   migstat-warm FILE --serve                                one line per question name read on
//                                                            stdin, each run once and timed
import BenchmarkQuestions
import Foundation
import MigStat

struct Arguments {
    var file = ""
    var runs = 5
    var serve = false
    var questions = Question.allCases

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--runs":
                guard let value = rest.popFirst().flatMap({ Int($0) }), value > 0 else { throw usage }
                runs = value
            case "--serve":
                serve = true
            case "--questions":
                guard let value = rest.popFirst() else { throw usage }
                questions = try value.split(separator: ",").map { name in
                    guard let question = Question(rawValue: name.lowercased()) else { throw usage }
                    return question
                }
            default:
                guard file.isEmpty, !argument.hasPrefix("-") else { throw usage }
                file = argument
            }
        }
        guard !file.isEmpty else { throw usage }
    }
}

let usage = MigStatError.usage("usage: migstat-warm FILE [--runs N] [--questions q1,q2,q3,q4] [--serve]")

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// The report of a CSV load; `DatasetLoader.load` returns none for a snapshot.
func ingestReport(_ report: ExtractReport?) -> ExtractReport? { report }

/// Times one run of a question: the library call and the canonical rows, nothing else.
func timed(_ questions: Questions, _ question: Question) throws -> (Double, [[AnswerValue]]) {
    let clock = ContinuousClock()
    var answer: [[AnswerValue]] = []
    let elapsed = try clock.measure { answer = try questions.answer(question) }
    return (seconds(elapsed), answer)
}

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    let clock = ContinuousClock()
    let start = clock.now
    let reference = try ReferenceData.bundled()
    let (dataset, report) = try DatasetLoader.load(path: arguments.file, reference: reference)
    if let report = ingestReport(report), report.rejectedCount > 0 {
        throw MigStatError.usage("\(arguments.file): \(report.rejectedCount) rows were rejected; "
            + "the benchmark data must load whole (first: \(report.rejections.first.map { "\($0)" } ?? ""))")
    }
    let questions = try Questions(engine: Engine(dataset: dataset, resolver: Resolver(reference: reference)))
    let loadSeconds = seconds(clock.now - start)
    if arguments.serve {
        emit("{\"ready\":true,\"rows\":\(dataset.table.rowCount),\"load_seconds\":\(loadSeconds)}")
        while let line = readLine() {
            let name = line.trimmingCharacters(in: .whitespaces).lowercased()
            if name.isEmpty { continue }
            if name == "quit" { break }
            guard let question = Question(rawValue: name) else { throw usage }
            let (time, answer) = try timed(questions, question)
            emit("{\"question\":\"\(name)\",\"seconds\":\(time),\"answer\":\(answer.json)}")
        }
    } else {
        for question in arguments.questions {
            _ = try questions.answer(question)  // untimed first run: the caches warm, as for the peers
            var times: [Double] = []
            var answer: [[AnswerValue]] = []
            for _ in 0..<arguments.runs {
                let (time, rows) = try timed(questions, question)
                times.append(time)
                answer = rows
            }
            let median = times.sorted()[times.count / 2]
            emit("{\"question\":\"\(question.rawValue)\",\"rows\":\(dataset.table.rowCount),"
                + "\"load_seconds\":\(loadSeconds),\"median_seconds\":\(median),"
                + "\"seconds\":[\(times.map { String($0) }.joined(separator: ","))],\"answer\":\(answer.json)}")
        }
    }
} catch let error as MigStatError {
    FileHandle.standardError.write(Data("migstat-warm: \(error)\n".utf8))
    exit(error.exitCode)
} catch {
    FileHandle.standardError.write(Data("migstat-warm: \(error)\n".utf8))
    exit(1)
}
