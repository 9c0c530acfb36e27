import DraagvlakCore
import Testing

@testable import Vision

@Suite struct PrioritiesTests {
    func question(_ codes: String) -> Question {
        Question(
            id: "q", kind: .ranking, text: LocalizedText("Q"),
            options: codes.map { Category(code: String($0), label: LocalizedText(String($0))) })
    }

    /// The worked example of Schulze's method (Schulze 2011, also on Wikipedia): 45 voters.
    var ballots: [(codes: [String], weight: Double)] {
        [(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")]
            .flatMap { n, order in Array(repeating: (codes: order.map { String($0) }, weight: 1.0), count: n) }
    }

    @Test func schulzeOrderOfTheWorkedExample() {
        let p = RankingPriorities(question: question("ABCDE"), rankings: ballots)
        #expect(p.schulzeOrder == ["E", "A", "C", "B", "D"])
        #expect(p.pairwise[0][1] == 20 && p.pairwise[1][0] == 25)  // d[A,B] = 20, d[B,A] = 25
        #expect(p.respondents == 45)
    }

    @Test func bordaOfTheWorkedExampleByHand() {
        let p = RankingPriorities(question: question("ABCDE"), rankings: ballots)
        // E: (5·1 + 5·2 + 8·3 + 3·1 + 7·2 + 2·0 + 7·2 + 8·4)/45 = 102/45.
        #expect(p.options.map(\.code) == ["E", "A", "B", "C", "D"])
        #expect(abs(p.options[0].borda - 102.0 / 45) < 1e-12)
        #expect(abs(p.options[4].borda - 69.0 / 45) < 1e-12)
        #expect(abs(p.options[0].firstPlace - 8.0 / 45) < 1e-12)
    }

    @Test func weightsCountAndUnrankedOptionsComeLast() {
        // One respondent weighing 3 ranks only B; two weighing 1 rank A then B.
        let p = RankingPriorities(question: question("ABC"), rankings: [(["B"], 3), (["A", "B"], 1), (["A", "B"], 1)])
        #expect(p.schulzeOrder.first == "B")
        #expect(p.pairwise[1][2] == 5 && p.pairwise[2][1] == 0)
        #expect(abs(p.options[0].borda - (3 * 2 + 1 + 1) / 5.0) < 1e-12)
    }

    @Test func aCondorcetCycleIsATie() {
        let p = RankingPriorities(
            question: question("ABC"), rankings: [(["A", "B", "C"], 1), (["B", "C", "A"], 1), (["C", "A", "B"], 1)])
        #expect(p.options.allSatisfy { $0.schulzeRank == 1 })
    }

    @Test func pointSharesWithIntervals() {
        let q = Question(
            id: "budget", kind: .points, text: LocalizedText("B"),
            options: [Category(code: "x", label: LocalizedText("X")), Category(code: "y", label: LocalizedText("Y"))], total: 100)
        // Shares of x: 0.8, 0.6, 0.2 (the last gave 50 points in all) and one empty allocation.
        let p = PointPriorities(
            question: q, allocations: [(["x": 80, "y": 20], 1), (["x": 60, "y": 40], 1), (["x": 10, "y": 40], 1), ([:], 1)])
        #expect(p.respondents == 3)
        let x = p.options.first { $0.code == "x" }!
        #expect(abs(x.meanShare - (0.8 + 0.6 + 0.2) / 3) < 1e-12)
        // Weighted variance (population form) 0.0622…; SE = √(var/(n−1)).
        let mean = 1.6 / 3
        let variance = ([0.8, 0.6, 0.2].map { ($0 - mean) * ($0 - mean) }.reduce(0, +)) / 3
        let half = 1.959964 * (variance / 2).squareRoot()
        #expect(abs(x.interval.low - (mean - half)) < 1e-5 && abs(x.interval.high - (mean + half)) < 1e-5)
    }
}
