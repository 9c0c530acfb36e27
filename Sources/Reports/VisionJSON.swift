package import DraagvlakCore
package import Foundation
package import Vision

/// The vision as JSON, the contract later tooling reads (see `docs/JSON.md`).
package enum VisionJSON {
    struct Document: Encodable {
        var engine: String
        var consultation: String
        /// The wave the vision is of; absent for a consultation that asked once.
        var wave: String?
        var survey: String
        var respondents: Int
        var weighted: Bool
        var weighting: Weighting
        var thresholds: Thresholds
        var participation: [String: Participation]
        var sources: [Source]
        var openAnswers: OpenAnswers?
        var statements: [StatementEntry]
        var opinionGroups: OpinionGroups?
        var priorities: Priorities
        var ownWords: [OwnWords]
        /// With `vision --compare`: what changed since the earlier wave.
        var comparison: Comparison?
        /// With a `reply.yaml`: the municipality's reply.
        var reply: ReplyEntry?
    }

    struct Comparison: Encodable {
        var earlier: String
        var statements: [StatementChange]
        var onlyEarlier: [String]
        var onlyLater: [String]
    }

    struct StatementChange: Encodable {
        var id: String
        var support: Change
        var earlierClass: String
        var laterClass: String
        var groups: [String: [String: Change]]
    }

    struct Change: Encodable {
        var earlier: Double
        var later: Double
        var change: Double
        var interval: [Double]
        var moved: Bool
    }

    struct ReplyEntry: Encodable {
        var date: String?
        var introduction: LocalizedText?
        var themes: [String: Answer]
        var statements: [String: Answer]
    }

    struct Answer: Encodable {
        var verdict: String
        var text: LocalizedText
    }

    static func comparison(_ c: VisionComparison) -> Comparison {
        func change(_ x: VisionComparison.Change) -> Change {
            Change(
                earlier: round(x.earlier), later: round(x.later), change: round(x.change),
                interval: [round(x.interval.low), round(x.interval.high)], moved: x.shifted)
        }
        return Comparison(
            earlier: c.earlier,
            statements: c.statements.map { s in
                StatementChange(
                    id: s.statement.id, support: change(s.support), earlierClass: s.earlierClass.rawValue,
                    laterClass: s.laterClass.rawValue,
                    groups: s.groups.mapValues { $0.mapValues(change) })
            }, onlyEarlier: c.onlyEarlier, onlyLater: c.onlyLater)
    }

    static func reply(_ r: Reply) -> ReplyEntry {
        let answer = { (a: Reply.Answer) in Answer(verdict: a.verdict.rawValue, text: a.text) }
        return ReplyEntry(
            date: r.date, introduction: r.introduction, themes: r.themes.mapValues(answer), statements: r.statements.mapValues(answer))
    }

    struct OpenAnswers: Encodable {
        var answers: Int
        var sharingASignal: Int
    }

    struct Weighting: Encodable {
        var converged: Bool
        var rounds: Int
        var trimRounds: Int
        var designEffect: Double
        var effectiveN: Double
        var minimumWeight: Double
        var maximumWeight: Double
        var margins: [String: [String: MarginCell]]
        var participationRatio: [String: [Double]]
        var omitted: [String: [String]]
    }

    struct MarginCell: Encodable {
        var unweighted: Double?
        var weighted: Double
        var target: Double
    }

    struct OpinionGroups: Encodable {
        var seed: UInt64
        var placed: Int
        var leftOut: Int
        var minimumAnswers: Int
        var silhouette: Double
        var explainedVariance: [Double]
        var groups: [OpinionGroup]
        var consensus: [ConsensusEntry]
    }

    struct OpinionGroup: Encodable {
        var id: String
        var size: Int?
        var suppressed: Bool
        var representative: [RepresentativeEntry]
    }

    struct RepresentativeEntry: Encodable {
        var statement: String
        var direction: String
        var share: Double
        var shareOthers: Double
        var ratio: Double
        var z: Double
        var n: Int
    }

    struct ConsensusEntry: Encodable {
        var statement: String
        var direction: String
        var lowestGroupShare: Double
    }

    struct Priorities: Encodable {
        var rankings: [Ranking]
        var points: [Points]
    }

    struct Ranking: Encodable {
        var question: String
        var respondents: Int
        var effectiveN: Double
        var schulzeOrder: [String]
        var options: [RankingOption]
    }

    struct RankingOption: Encodable {
        var code: String
        var borda: Double
        var firstPlace: Double
        var schulzeRank: Int
    }

    struct Points: Encodable {
        var question: String
        var respondents: Int
        var effectiveN: Double
        var options: [PointsOption]
    }

    struct PointsOption: Encodable {
        var code: String
        var meanShare: Double
        var interval: [Double]
    }

    struct OwnWords: Encodable {
        var question: String
        var answered: Int
        var keyphrases: [Keyphrase]
        var topics: [Topic]
    }

    struct Keyphrase: Encodable {
        var phrase: String
        var answers: Int
    }

    struct Topic: Encodable {
        var terms: [String]
        var size: Int
        var groups: [TopicGroup]
        var quotes: [String]
    }

    struct TopicGroup: Encodable {
        var dimension: String
        var category: String
        var share: Double
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
        var sha256: String
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
        var oppositionInterval: [Double]
        var `class`: String
        var bridging: Double?
        var bridgingByDimension: [String: Double]
        var polarisation: Double?
        var distribution: [Double]
        var median: Double?
        var tastleWierman: Double?
        var leik: Double?
        var vanDerEijkA: Double?
        var groupInformedConsensus: Double?
        var groupInformedConsensusNormalised: Double?
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

    /// Shares and figures as the JSON contracts write them: four decimals.
    static func round(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    package static func encode(_ vision: Vision, comparison: VisionComparison? = nil, reply: Reply? = nil) throws -> Data {
        let survey = vision.survey
        let document = Document(
            engine: "\(Engine.name) \(Engine.version)",
            consultation: vision.consultation, wave: vision.wave == Wave.single ? nil : vision.wave, survey: survey.id,
            respondents: vision.respondents,
            weighted: vision.weighted, weighting: weighting(vision), thresholds: vision.thresholds,
            participation: Dictionary(
                uniqueKeysWithValues: vision.participation.map { p in
                    (
                        p.question.id,
                        Participation(
                            categories: Dictionary(
                                uniqueKeysWithValues: p.cells.map { ($0.code, Cell(n: $0.count, suppressed: $0.suppressed)) }),
                            notStated: p.notStated)
                    )
                }),
            sources: vision.sources.map { Source(file: $0.file, format: $0.format, respondents: $0.respondents, sha256: $0.digest) },
            openAnswers: vision.openAnswers.map { OpenAnswers(answers: $0.answers, sharingASignal: $0.sharingASignal) },
            statements: vision.statements.map { s in
                StatementEntry(
                    id: s.statement.id, theme: s.statement.theme, polarity: s.statement.polarity.rawValue, text: s.statement.text,
                    n: s.n, effectiveN: round(s.effectiveN), support: round(s.support), neutral: round(s.neutral),
                    opposition: round(s.opposition), netSupport: round(s.netSupport),
                    interval: [round(s.interval.low), round(s.interval.high)],
                    oppositionInterval: [round(s.oppositionInterval.low), round(s.oppositionInterval.high)], class: s.supportClass.rawValue,
                    bridging: s.shownBridging.map(round), bridgingByDimension: s.shownBridgingByDimension.mapValues(round),
                    polarisation: s.shownPolarisation.map(round), distribution: s.distribution.map(round),
                    median: s.median.map(round), tastleWierman: s.tastleWierman.map(round), leik: s.leik.map(round),
                    vanDerEijkA: s.agreement.map(round),
                    groupInformedConsensus: s.groupInformedConsensus.map { round($0.product) },
                    groupInformedConsensusNormalised: s.groupInformedConsensus.map { round($0.normalised) },
                    groups: s.groups.mapValues {
                        $0.mapValues { Group(n: $0.n, support: $0.support.map(round), suppressed: $0.suppressed) }
                    })
            },
            opinionGroups: vision.opinionGroups.map { og in
                OpinionGroups(
                    seed: og.seed, placed: og.placed, leftOut: og.leftOut, minimumAnswers: og.minimumAnswers,
                    silhouette: round(og.silhouette), explainedVariance: og.explainedVariance.map(round),
                    groups: og.groups.map { g in
                        OpinionGroup(
                            id: g.id, size: g.suppressed ? nil : g.size, suppressed: g.suppressed,
                            representative: g.suppressed
                                ? []
                                : g.representative.map {
                                    RepresentativeEntry(
                                        statement: survey.statements[$0.statement].id, direction: $0.agrees ? "agree" : "disagree",
                                        share: round($0.share), shareOthers: round($0.shareRest), ratio: round($0.ratio), z: round($0.z),
                                        n: $0.n)
                                })
                    },
                    consensus: og.consensus.map {
                        ConsensusEntry(
                            statement: survey.statements[$0.statement].id, direction: $0.agrees ? "agree" : "disagree",
                            lowestGroupShare: round($0.lowestShare))
                    })
            },
            priorities: Priorities(
                rankings: vision.rankings.map { r in
                    Ranking(
                        question: r.question.id, respondents: r.respondents, effectiveN: round(r.effectiveN), schulzeOrder: r.schulzeOrder,
                        options: r.options.map {
                            RankingOption(
                                code: $0.code, borda: round($0.borda), firstPlace: round($0.firstPlace), schulzeRank: $0.schulzeRank)
                        })
                },
                points: vision.points.map { p in
                    Points(
                        question: p.question.id, respondents: p.respondents, effectiveN: round(p.effectiveN),
                        options: p.options.map {
                            PointsOption(
                                code: $0.code, meanShare: round($0.meanShare), interval: [round($0.interval.low), round($0.interval.high)])
                        })
                }),
            ownWords: vision.ownWords.map { w in
                OwnWords(
                    question: w.question.id, answered: w.answered,
                    keyphrases: w.keyphrases.map { Keyphrase(phrase: $0.phrase, answers: $0.answers) },
                    topics: w.topics.map { t in
                        Topic(
                            terms: t.terms, size: t.size,
                            groups: t.groups.map { TopicGroup(dimension: $0.dimension, category: $0.category, share: round($0.share)) },
                            quotes: t.quotes)
                    })
            }, comparison: comparison.map(Self.comparison), reply: reply.map(Self.reply))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    static func weighting(_ vision: Vision) -> Weighting {
        let w = vision.weighting
        let survey = vision.survey
        var margins: [String: [String: MarginCell]] = [:]
        var ratios: [String: [Double]] = [:]
        var omitted: [String: [String]] = [:]
        for m in w.margins {
            let question = survey.demographics[m.dimension]
            margins[question.id] = Dictionary(
                uniqueKeysWithValues: question.categories.enumerated().map { i, c in
                    (
                        c.code,
                        MarginCell(
                            unweighted: m.suppressed[i] ? nil : round(m.unweighted[i]), weighted: round(m.weighted[i]),
                            target: round(m.targets[i]))
                    )
                })
            ratios[question.id] = [round(m.participationRatio.min), round(m.participationRatio.max)]
        }
        for o in w.omitted {
            let question = survey.demographics[o.dimension]
            omitted[question.id] = o.emptyCategories.map { question.categories[$0].code }
        }
        return Weighting(
            converged: w.converged, rounds: w.rounds, trimRounds: w.trimRounds, designEffect: round(w.designEffect),
            effectiveN: round(w.effectiveN), minimumWeight: round(w.minimumWeight), maximumWeight: round(w.maximumWeight),
            margins: margins, participationRatio: ratios, omitted: omitted)
    }
}
