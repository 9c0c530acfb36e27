import DraagvlakCore
import Testing

@testable import Vision

@Suite struct RakingTests {
    @Test func kishFiguresOfMethodTestVector() {
        // docs/METHOD.md §1: w = (1,1,2,2,4) → deff 1.3, n_eff 3.846.
        #expect(abs(Raking.designEffect([1, 1, 2, 2, 4]) - 1.3) < 1e-12)
        #expect(abs(Raking.effectiveN([1, 1, 2, 2, 4]) - 3.846) < 0.0005)
    }

    @Test func oneMarginGivesTargetOverShare() {
        // 3 respondents in category 0, 1 in category 1, targets 50/50:
        // w0 = 0.5/0.75 = 2/3, w1 = 0.5/0.25 = 2; their mean is already 1.
        let (weights, report) = Raking().weights(
            categories: [[0, 0, 0, 1]], count: 4, margins: [.init(dimension: 0, targets: [0.5, 0.5])])
        #expect(zip(weights, [2.0 / 3, 2.0 / 3, 2.0 / 3, 2]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(report.converged && report.rounds == 1 && report.trimRounds == 0)
        #expect(report.margins[0].unweighted == [0.75, 0.25])
        #expect(abs(report.margins[0].participationRatio.min - 0.5) < 1e-12 && abs(report.margins[0].participationRatio.max - 1.5) < 1e-12)
    }

    @Test func twoMarginsConvergeToTheFittedTableByHand() {
        // Cell counts [[1, 2], [3, 4]] raked to 50/50 rows and columns. IPF keeps the odds ratio
        // (1·4)/(2·3) = 2/3, so the fitted table is [[x, 5−x], [5−x, x]] with
        // x/(5−x) = √(2/3): x = 2.247449. Weight per respondent = fitted cell / count.
        var rows: [Int16] = []
        var columns: [Int16] = []
        for (cell, n) in [((0, 0), 1), ((0, 1), 2), ((1, 0), 3), ((1, 1), 4)] {
            rows += Array(repeating: Int16(cell.0), count: n)
            columns += Array(repeating: Int16(cell.1), count: n)
        }
        let (weights, report) = Raking().weights(
            categories: [rows, columns], count: 10,
            margins: [.init(dimension: 0, targets: [0.5, 0.5]), .init(dimension: 1, targets: [0.5, 0.5])])
        let x = 5 * (2.0 / 3).squareRoot() / (1 + (2.0 / 3).squareRoot())
        let expected = [x / 1, (5 - x) / 2, (5 - x) / 3, x / 4]
        let firstOfCell = [0, 1, 3, 6]
        for (i, r) in firstOfCell.enumerated() { #expect(abs(weights[r] - expected[i]) < 1e-5) }
        #expect(report.converged)
        #expect(report.margins.allSatisfy { zip($0.weighted, $0.targets).allSatisfy { abs($0 - $1) < 1e-6 } })
        #expect(abs(report.designEffect - Raking.designEffect(weights)) < 1e-12)
    }

    @Test func extremeWeightsAreTrimmed() {
        // 99 respondents against 1, raked to 50/50: the lone one would weigh 50× the mean.
        let column = [Int16](repeating: 0, count: 99) + [1]
        let (weights, report) = Raking().weights(categories: [column], count: 100, margins: [.init(dimension: 0, targets: [0.5, 0.5])])
        #expect(report.trimRounds > 0)
        let mean = weights.reduce(0, +) / 100
        #expect(abs(mean - 1) < 1e-9)
        // The bounds hold (0.2–5× the mean) …
        #expect(weights.allSatisfy { $0 >= 0.2 * mean * (1 - 1e-9) && $0 <= 5 * mean * (1 + 1e-9) })
        // … so the margin cannot be met, and the report says so.
        #expect(!report.converged)
        #expect(report.margins[0].weighted[1] < 0.5)
    }

    @Test func aCategoryWithoutRespondentsLeavesItsMarginOut() {
        let (weights, report) = Raking().weights(
            categories: [[0, 0, 1, 1], [0, 0, 0, 0]], count: 4,
            margins: [.init(dimension: 0, targets: [0.25, 0.75]), .init(dimension: 1, targets: [0.5, 0.5])])
        #expect(report.omitted.map(\.dimension) == [1])
        #expect(report.omitted[0].emptyCategories == [1])
        #expect(report.margins.map(\.dimension) == [0])
        #expect(abs(weights[0] - 0.5) < 1e-9 && abs(weights[2] - 1.5) < 1e-9)
    }

    @Test func respondentsWithoutACategoryKeepTheirWeightForThatMargin() {
        let (weights, _) = Raking().weights(categories: [[0, 1, 1, -1]], count: 4, margins: [.init(dimension: 0, targets: [0.5, 0.5])])
        // Before scaling: 1.5, 0.75, 0.75, 1 → mean 1.
        #expect(zip(weights, [1.5, 0.75, 0.75, 1]).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func weightedVisionUsesEffectiveN() {
        // District a over-represented 3:1; raked to 50/50 the intervals use n_eff < n.
        var t = ResponseTable(statementCount: 1, demographicCount: 1)
        for i in 0..<400 { t.append(statementValue: { _ in i < 300 ? 5 : 1 }, category: { _ in i < 300 ? 0 : 1 }) }
        let builder = VisionBuilder(survey: survey(), consultation: "t")
        let vision = builder.build(t, margins: ["district": ["a": 0.5, "b": 0.5, "c": 0]])
        let s = vision.statements[0]
        #expect(vision.weighted)
        #expect(abs(s.support - 0.5) < 1e-6)
        #expect(s.effectiveN < 400 && abs(s.effectiveN - vision.weighting.effectiveN) < 1e-9)
        #expect(abs(vision.weighting.designEffect - 400 / s.effectiveN) < 1e-9)
    }
}
