import Foundation
import Vision

/// `draagvlak-bench method`: Draagvlak's own figures for random cases, so that
/// `scripts/method-check` can compare them with independent peers (statsmodels, ipfn, weightipy,
/// numpy, and implementations from the papers). It reads one JSON document from standard input
/// and writes one to standard output; each output list answers its input list case by case:
///
///     in:  {"wilson":     [{"p": share, "n": effective n, "confidence": 0.95}],
///           "effectiveN": [[weight per respondent]],
///           "raking":     [{"categories": [[category index or -1, per respondent], per dimension],
///                           "targets": [[share per category], per dimension],
///                           "tolerance": 1e-13, "maxRounds": 10000, "lowerTrim": 0, "upperTrim": 1e9}],
///           "likert":     [[(weighted) count per answer category]]}
///     out: {"wilson":     [{"low", "high"}],
///           "effectiveN": [{"effectiveN", "designEffect"}],
///           "raking":     [{"weights", "converged", "rounds", "trimRounds", "omitted": [dimension]}],
///           "likert":     [{"tastleWierman", "leik", "vanDerEijk", "interpolatedMedian"}]}
///
/// Any input list may be left out. Raking margin d rakes categories[d] to targets[d], the margins
/// in that order; a raking setting left out keeps Draagvlak's default. A figure Draagvlak leaves
/// undefined (nil) is left out of its object.
enum MethodCheck {
    struct Input: Decodable {
        struct WilsonCase: Decodable {
            var p: Double
            var n: Double
            var confidence: Double
        }
        struct RakingCase: Decodable {
            var categories: [[Int16]]
            var targets: [[Double]]
            var tolerance: Double?
            var maxRounds: Int?
            var lowerTrim: Double?
            var upperTrim: Double?
        }
        var wilson: [WilsonCase]?
        var effectiveN: [[Double]]?
        var raking: [RakingCase]?
        var likert: [[Double]]?
    }

    struct Output: Encodable {
        struct Interval: Encodable {
            var low: Double
            var high: Double
        }
        struct Kish: Encodable {
            var effectiveN: Double
            var designEffect: Double
        }
        struct Weights: Encodable {
            var weights: [Double]
            var converged: Bool
            var rounds: Int
            var trimRounds: Int
            var omitted: [Int]
        }
        struct Agreement: Encodable {
            var tastleWierman: Double?
            var leik: Double?
            var vanDerEijk: Double?
            var interpolatedMedian: Double?
        }
        var wilson: [Interval]
        var effectiveN: [Kish]
        var raking: [Weights]
        var likert: [Agreement]
    }

    static func run() throws {
        let input = try JSONDecoder().decode(Input.self, from: FileHandle.standardInput.readDataToEndOfFile())
        let output = Output(
            wilson: (input.wilson ?? []).map(wilson),
            effectiveN: (input.effectiveN ?? []).map(kish),
            raking: (input.raking ?? []).map(rake),
            likert: (input.likert ?? []).map(agreement))
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let json = try encoder.encode(output)
        FileHandle.standardOutput.write(json + Data("\n".utf8))
    }

    static func wilson(_ c: Input.WilsonCase) -> Output.Interval {
        let interval = Proportion.wilson(c.p, n: c.n, confidence: c.confidence)
        return Output.Interval(low: interval.low, high: interval.high)
    }

    static func kish(_ weights: [Double]) -> Output.Kish {
        Output.Kish(effectiveN: Raking.effectiveN(weights), designEffect: Raking.designEffect(weights))
    }

    static func rake(_ c: Input.RakingCase) -> Output.Weights {
        var raking = Raking()
        if let tolerance = c.tolerance { raking.tolerance = tolerance }
        if let maxRounds = c.maxRounds { raking.maxRounds = maxRounds }
        if let lowerTrim = c.lowerTrim { raking.lowerTrim = lowerTrim }
        if let upperTrim = c.upperTrim { raking.upperTrim = upperTrim }
        let margins = c.targets.indices.map { Raking.Margin(dimension: $0, targets: c.targets[$0]) }
        let result = raking.weights(categories: c.categories, count: c.categories.first?.count ?? 0, margins: margins)
        return Output.Weights(
            weights: result.weights, converged: result.report.converged, rounds: result.report.rounds,
            trimRounds: result.report.trimRounds, omitted: result.report.omitted.map { $0.dimension })
    }

    static func agreement(_ counts: [Double]) -> Output.Agreement {
        Output.Agreement(
            tastleWierman: OrdinalAgreement.tastleWierman(counts), leik: OrdinalAgreement.leik(counts),
            vanDerEijk: OrdinalAgreement.vanDerEijk(counts), interpolatedMedian: OrdinalAgreement.interpolatedMedian(counts))
    }
}
