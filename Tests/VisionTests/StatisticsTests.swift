import Testing

@testable import Vision

@Suite struct StatisticsTests {
    @Test func wilsonIntervalMatchesHandComputation() {
        let a = Proportion.wilson(0.7, n: 100)
        #expect(abs(a.low - 0.604151) < 1e-5 && abs(a.high - 0.781051) < 1e-5)
        let b = Proportion.wilson(0.5, n: 20)
        #expect(abs(b.low - 0.299298) < 1e-5 && abs(b.high - 0.700702) < 1e-5)
        let c = Proportion.wilson(0.9, n: 20)
        #expect(abs(c.low - 0.698966) < 1e-5 && abs(c.high - 0.972134) < 1e-5)
    }

    /// Newcombe (1998), Table II, method 10: the published intervals of the eight examples, to
    /// the four decimals printed there.
    @Test(arguments: [
        (56.0, 70.0, 48.0, 80.0, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090), (6, 7, 2, 7, 0.0582, 0.8062),
        (5, 56, 0, 29, -0.0381, 0.1926), (0, 10, 0, 20, -0.1611, 0.2775), (0, 10, 0, 10, -0.2775, 0.2775),
        (10, 10, 0, 20, 0.6791, 1.0000), (10, 10, 0, 10, 0.6075, 1.0000),
    ])
    func newcombeMatchesThePublishedValues(_ a: Double, _ m: Double, _ b: Double, _ n: Double, _ low: Double, _ high: Double) {
        let i = Proportion.newcombe(a / m, n1: m, b / n, n2: n)
        #expect(abs(i.low - low) < 0.00005 && abs(i.high - high) < 0.00005, "\(i)")
    }

    @Test func kishEffectiveSampleSize() {
        // docs/METHOD.md §1: w = (1,1,2,2,4) → deff 1.3, n_eff 3.846.
        let w = [1.0, 1, 2, 2, 4]
        let nEff = Proportion.effectiveN(sum: w.reduce(0, +), sumOfSquares: w.map { $0 * $0 }.reduce(0, +))
        #expect(abs(nEff - 3.846) < 0.001)
        #expect(abs(Double(w.count) / nEff - 1.3) < 1e-9)
    }

    @Test func groupInformedConsensusVector() {
        // docs/METHOD.md §3: groups 20/20 and 15/20 agree → 21/22 · 16/22 = 0.694.
        let gic = Proportion.smoothed(agree: 20, seen: 20) * Proportion.smoothed(agree: 15, seen: 20)
        #expect(abs(gic - 0.694) < 0.001)
    }

    @Test func ordinalAgreementVectors() throws {
        let counts: [Double] = [30, 40, 210, 130, 530, 50, 10]
        #expect(abs(try #require(OrdinalAgreement.tastleWierman(counts)) - 0.7256876) < 1e-6)
        #expect(abs(try #require(OrdinalAgreement.leik(counts)) - 0.2867) < 1e-4)
        #expect(abs(try #require(OrdinalAgreement.vanDerEijk(counts)) - 0.611333) < 1e-6)
        #expect(OrdinalAgreement.vanDerEijk([2, 0, 0, 2]) == -1)
        #expect(abs(try #require(OrdinalAgreement.vanDerEijk([1, 1, 1, 1]))) < 1e-12)
        #expect(abs(try #require(OrdinalAgreement.vanDerEijk([2, 0, 1, 1])) - 0.0833333) < 1e-6)
        #expect(OrdinalAgreement.tastleWierman([5, 0, 0, 0, 0]) == 1)
        #expect(abs(try #require(OrdinalAgreement.tastleWierman([5, 0, 0, 0, 5]))) < 1e-12)
    }

    @Test func interpolatedMedian() {
        // 10 answers: 2×1, 3×2, 5×3 → median falls in category 3: 2.5 + (5 − 5)/5 = 2.5.
        #expect(OrdinalAgreement.interpolatedMedian([2, 3, 5, 0, 0]) == 2.5)
        #expect(OrdinalAgreement.interpolatedMedian([0, 0, 4, 0, 0]) == 3.0)
    }
}
