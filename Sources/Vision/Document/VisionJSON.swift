public import Foundation
import DraagvlakCore

/// The vision as JSON, the contract later tooling reads (see `docs/JSON.md`).
public enum VisionJSON {
    struct Document: Encodable {
        var consultation: String
        var survey: String
        var respondents: Int
        var weighted: Bool
        var thresholds: Thresholds
        var participation: [String: Participation]
        var sources: [Source]
        var statements: [StatementEntry]
    }

    struct Participation: Encodable {
        var categories: [String: Cell]
        var notStated: Int?
    }

    struct Cell: Encodable {
        var n: Int?
        var suppressed: Bool
    }

    struct Source: Encodable {
        var file: String
        var format: String
        var respondents: Int
    }

    struct StatementEntry: Encodable {
        var id: String
        var theme: String
        var polarity: Int
        var text: LocalizedText
        var n: Int
        var effectiveN: Double
        var support: Double
        var neutral: Double
        var opposition: Double
        var netSupport: Double
        var interval: [Double]
        var `class`: String
        var bridging: Double?
        var bridgingByDimension: [String: Double]
        var polarisation: Double?
        var distribution: [Double]
        var median: Double?
        var tastleWierman: Double?
        var leik: Double?
        var vanDerEijkA: Double?
        var groups: [String: [String: Group]]
    }

    struct Group: Encodable {
        var n: Int?
        var support: Double?
        var suppressed: Bool

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(n, forKey: .n)
            try c.encode(support, forKey: .support)
            try c.encode(suppressed, forKey: .suppressed)
        }

        enum CodingKeys: String, CodingKey { case n, support, suppressed }
    }

    static func round(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    public static func encode(_ vision: Vision) throws -> Data {
        let document = Document(
            consultation: vision.consultation, survey: vision.survey.id, respondents: vision.respondents,
            weighted: vision.weighted, thresholds: vision.thresholds,
            participation: Dictionary(uniqueKeysWithValues: vision.participation.map { p in
                (p.question.id, Participation(
                    categories: Dictionary(uniqueKeysWithValues: p.cells.map { ($0.code, Cell(n: $0.count, suppressed: $0.suppressed)) }),
                    notStated: p.notStated))
            }),
            sources: vision.sources.map { Source(file: $0.file, format: $0.format, respondents: $0.respondents) },
            statements: vision.statements.map { s in
                StatementEntry(
                    id: s.statement.id, theme: s.statement.theme, polarity: s.statement.polarity.rawValue, text: s.statement.text,
                    n: s.n, effectiveN: round(s.effectiveN), support: round(s.support), neutral: round(s.neutral),
                    opposition: round(s.opposition), netSupport: round(s.netSupport),
                    interval: [round(s.interval.low), round(s.interval.high)], class: s.supportClass.rawValue,
                    bridging: s.bridging.map(round), bridgingByDimension: s.bridgingByDimension.mapValues(round),
                    polarisation: s.polarisation.map(round), distribution: s.distribution.map(round),
                    median: s.median.map(round), tastleWierman: s.tastleWierman.map(round), leik: s.leik.map(round), vanDerEijkA: s.agreement.map(round),
                    groups: s.groups.mapValues { $0.mapValues { Group(n: $0.n, support: $0.support.map(round), suppressed: $0.suppressed) } })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }
}
