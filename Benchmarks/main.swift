// draagvlak-bench: measurements that need the library directly rather than the CLI.
//
//   draagvlak-bench polis FOLDER [RUNS]   opinion groups (pipeline + repness + consensus +
//                                         group-aware consensus) on a Polis openData folder:
//                                         median seconds over RUNS (default 7) and the adjusted
//                                         Rand index against Polis's own group-id.
//   draagvlak-bench decisions CONSULTATION [N]
//                                         N generated decisions (default 100) × 4 options ×
//                                         the consultation's scenarios, each with 10,000
//                                         posterior draws, against its vision: seconds in all
//                                         and per decision.
//   draagvlak-bench csv FILE              parse only: the CSV reader over FILE, every field
//                                         decoded to text, as the importer reads it: seconds,
//                                         records and fields.
//   draagvlak-bench sav FILE              parse only: every case of an SPSS file through the
//                                         importer's reader: seconds, cases and values.
//   draagvlak-bench xlsx FILE             parse only: every row of a workbook's first sheet
//                                         through the importer's reader: seconds, rows, cells.
//   draagvlak-bench method                JSON cases on stdin → Draagvlak's figures as JSON on
//                                         stdout, for scripts/method-check (MethodCheck.swift).
import Consultation
import Decisions
import DraagvlakCore
import Foundation
import OpinionGroups
import PolisOpenData
import Readers
import SPSSImporter
import XLSXImporter

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = CommandLine.arguments
if arguments.count == 2, arguments[1] == "method" {
    try MethodCheck.run()
    exit(0)
}
guard arguments.count >= 3, ["polis", "decisions", "csv", "sav", "xlsx"].contains(arguments[1]) else {
    FileHandle.standardError.write(
        Data(
            "usage: draagvlak-bench polis FOLDER [RUNS] | decisions CONSULTATION [N] | csv FILE | sav FILE | xlsx FILE | method < cases.json\n"
                .utf8))
    exit(2)
}

if arguments[1] == "sav" || arguments[1] == "xlsx" {
    let url = URL(fileURLWithPath: arguments[2])
    var counts = (0, 0)
    let total = try seconds {
        counts = arguments[1] == "sav" ? try SPSSImporter.readAll(url) : try XLSXImporter.readAll(url)
    }
    print(String(format: "%.3f %d %d", total, counts.0, counts.1))
    exit(0)
}

if arguments[1] == "csv" {
    var records = 0
    var fields = 0
    var characters = 0
    let total = try seconds {
        var reader = try CSVReader(url: URL(fileURLWithPath: arguments[2]), file: arguments[2])
        defer { reader.close() }
        var row: [String] = []
        while try reader.next(decodingAs: .utf8, into: &row, invalid: { _ in }) != nil {
            records += 1
            fields += row.count
            characters += row.last?.utf8.count ?? 0
        }
    }
    print(String(format: "%.3f %d %d", total, records, fields))
    exit(0)
}

if arguments[1] == "decisions" {
    let consultation = try Consultation(folder: URL(fileURLWithPath: arguments[2]))
    let count = arguments.count > 3 ? Int(arguments[3]) ?? 100 : 100
    let vision = try consultation.vision()
    let scenarios = consultation.scenarios?.scenarios ?? []
    // Decisions with 4 options (3 plus the status quo), each with 4 effects on random statements
    // and different effects in every scenario, from a fixed seed.
    var random = SeededGenerator(seed: 100)
    let statements = consultation.survey.statements.map(\.id)
    func effects(_ n: Int) -> [Effect] {
        (0..<n).map { _ in Effect(.statement(statements[Int(random.uniform() * Double(statements.count))]), Int(random.uniform() * 5) - 2) }
    }
    let decisions = (0..<count).map { d in
        var decision = Decision(
            id: "d\(d)", title: LocalizedText("D\(d)"), question: LocalizedText("Q"),
            options: (0..<3).map { o in
                DecisionOption(
                    id: "o\(o)", title: LocalizedText("O\(o)"), effects: effects(4),
                    scenarioEffects: Dictionary(uniqueKeysWithValues: scenarios.map { ($0.id, effects(2)) }))
            }, preferred: "o0")
        decision.addStatusQuoIfMissing()
        return decision
    }
    let tester = DecisionTester(vision: vision, scenarios: scenarios, draws: 10_000)
    var assessments: [Assessment] = []
    let total = seconds { assessments = decisions.map(tester.assess) }
    let options = assessments.first?.options.count ?? 0
    print(String(format: "%.3f %.4f %d %d %d", total, total / Double(count), count, options, scenarios.count))
    exit(0)
}

let folder = URL(fileURLWithPath: arguments[2])
let runs = arguments.count > 3 ? Int(arguments[3]) ?? 7 : 7
let conversation = try PolisConversation(folder: folder)
var result: OpinionGroupFinder.Result?
var times: [Double] = []
for _ in 0..<runs {
    times.append(
        seconds {
            // With votes.csv, the participants Polis's history placed (its in-conv replayed in time).
            let finder = OpinionGroupFinder()
            let alwaysIn = finder.participantsOverTime(conversation.events, rows: conversation.votes.rows)
            result = finder.run(conversation.votes, excluded: conversation.excluded, alwaysIn: alwaysIn)
            if let groups = result?.groups {
                let rated = conversation.votes.zeroing(conversation.excluded)
                _ = PolisStatistics.representative(rated, groups: groups, excluded: conversation.excluded)
                _ = PolisStatistics.consensus(rated, excluded: conversation.excluded)
                _ = PolisStatistics.groupAwareConsensus(conversation.votes, groups: groups)
            }
        })
}
guard let result else {
    print("no groups")
    exit(1)
}
let scored = result.clustered.filter { conversation.groupID[$0] != nil }
let ari = adjustedRandIndex(scored.map { conversation.groupID[$0]! }, scored.map { result.assignment[$0] })
let median = times.sorted()[times.count / 2]
print(String(format: "%.4f %.3f %d %d", median, ari, result.k, result.clustered.count))
if ProcessInfo.processInfo.environment["DRAAGVLAK_BENCH_DETAIL"] != nil {
    print(
        "silhouettes",
        result.silhouettes.sorted { $0.key < $1.key }.map { "k=\($0.key): \(String(format: "%.4f", $0.value))" }.joined(separator: ", "),
        "bases", result.baseClusterCount, "explained", result.explainedVariance.map { String(format: "%.4f", $0) }, "rounds",
        result.powerRounds)
}
