import DraagvlakCore
import Testing

@testable import Vision

func survey(statements: Int = 1, scale: Scale = .likert5, polarity: Polarity = .forAmbition) -> Survey {
    Survey(
        id: "t", title: LocalizedText("T"), themes: [Theme(id: "th", title: LocalizedText("Thema"))],
        statements: (1...statements).map {
            Statement(id: "S\($0)", theme: "th", text: LocalizedText("S\($0)"), polarity: polarity, scale: scale)
        },
        demographics: [
            DemographicQuestion(
                id: "district", text: LocalizedText("Wijk"),
                categories: [
                    Category(code: "a", label: LocalizedText("A")), Category(code: "b", label: LocalizedText("B")),
                    Category(code: "c", label: LocalizedText("C")),
                ])
        ])
}

/// A table from (district index or −1, answer) pairs for one statement.
func table(_ rows: [(Int16, Int8)]) -> ResponseTable {
    var t = ResponseTable(statementCount: 1, demographicCount: 1)
    for (district, answer) in rows { t.append(statementValue: { _ in answer }, category: { _ in district }) }
    return t
}

func rows(_ district: Int16, _ counts: [Int8: Int]) -> [(Int16, Int8)] {
    counts.sorted { $0.key < $1.key }.flatMap { value, n in Array(repeating: (district, value), count: n) }
}

@Suite struct VisionBuilderTests {
    let builder = VisionBuilder(survey: survey(), consultation: "test")

    @Test func supportOppositionAndIntervalByHand() throws {
        // 100 answers: 70 agree (4/5), 10 neutral, 20 disagree, spread over districts a and b.
        let t = table(rows(0, [5: 40, 3: 5, 1: 5]) + rows(1, [4: 30, 3: 5, 2: 15]))
        let s = builder.build(t).statements[0]
        #expect(s.n == 100)
        #expect(s.effectiveN == 100)
        #expect(abs(s.support - 0.7) < 1e-12)
        #expect(abs(s.opposition - 0.2) < 1e-12)
        #expect(abs(s.netSupport - 0.5) < 1e-12)
        #expect(abs(s.interval.low - 0.604151) < 1e-5)
        #expect(abs(s.interval.high - 0.781051) < 1e-5)
        // Groups: a 40/50 → (41/52), b 30/50 → (31/52); bridging is the lower, polarisation the gap to the rest.
        let a = try #require(s.groups["district"]?["a"])
        #expect(a.n == 50 && a.support == 0.8 && !a.suppressed)
        let bridging = try #require(s.bridging)
        let polarisation = try #require(s.polarisation)
        let expectedGap: Double = 41.0 / 52 - 31.0 / 52
        #expect(abs(bridging - 31.0 / 52) < 1e-12)
        #expect(abs(polarisation - expectedGap) < 1e-12)
        #expect(s.supportClass == .broadlySupported)
    }

    @Test func classesFollowMethodTable() {
        // Too little input: n_eff < 20.
        #expect(builder.build(table(rows(0, [5: 19]))).statements[0].supportClass == .insufficient)
        // Majority, but group b is against it.
        let divided = table(rows(0, [5: 60, 1: 10]) + rows(1, [5: 10, 1: 30]))
        #expect(builder.build(divided).statements[0].supportClass == .majorityDivided)
        // Contested: the interval contains 0.5.
        #expect(builder.build(table(rows(0, [5: 25, 1: 25]))).statements[0].supportClass == .contested)
        // Rejected: upper bound below 0.5, and opposition (80%, 71–87%) clear above support (20%, 13–29%).
        #expect(builder.build(table(rows(0, [5: 20, 1: 80]))).statements[0].supportClass == .rejected)
        // No majority: 41% agree (38–44%), 28% disagree, the rest neutral; a plurality agrees.
        #expect(builder.build(table(rows(0, [5: 410, 3: 310, 1: 280]))).statements[0].supportClass == .noMajority)
        // No majority: more disagree (37%, 34–40%) than agree (35%, 32–38%), but the intervals overlap.
        #expect(builder.build(table(rows(0, [5: 350, 3: 280, 1: 370]))).statements[0].supportClass == .noMajority)
        // Rejected: 30% agree (27–33%), 40% disagree (37–43%): opposition's interval clear of support's.
        #expect(builder.build(table(rows(0, [5: 300, 3: 300, 1: 400]))).statements[0].supportClass == .rejected)
        // A clear majority below the broad-support share, no group against: contested, as documented.
        #expect(builder.build(table(rows(0, [5: 550, 1: 450]) + rows(1, [5: 550, 1: 450]))).statements[0].supportClass == .contested)
    }

    @Test func polarisationAloneMakesAMajorityDivided() {
        // a: 90% agree, b: 52% — both above 0.5, overall 55% (below the broad-support share),
        // but a differs from the rest by 37 points.
        let t = table(rows(0, [5: 90, 1: 10]) + rows(1, [5: 520, 1: 480]))
        let s = builder.build(t).statements[0]
        #expect((s.polarisation ?? 0) >= 0.3)
        #expect(s.supportClass == .majorityDivided)
    }

    @Test func smallGroupsAreSuppressedWithTheirComplement() throws {
        // c has 4 respondents (< k_min 10): suppressed; b (12) is the next smallest and goes too,
        // so the total cannot reveal c. c does not count for bridging; b (n ≥ k_min) does, though
        // it is not shown — and as it is against, the statement is divided by a hidden group.
        let t = table(rows(0, [5: 30]) + rows(1, [1: 12]) + rows(2, [1: 4]))
        let vision = builder.build(t)
        let groups = try #require(vision.statements[0].groups["district"])
        #expect(groups["c"]?.suppressed == true && groups["c"]?.n == nil && groups["c"]?.support == nil)
        #expect(groups["b"]?.suppressed == true)
        #expect(groups["a"]?.suppressed == false)
        let bridging = try #require(vision.statements[0].bridging)
        #expect(abs(bridging - 1.0 / 14) < 1e-12)
        #expect(vision.statements[0].hiddenGroupBelowFloor)
        // What a document prints is over a alone: b's 1/14 (and its gap to the rest) never shows.
        #expect(vision.statements[0].shownBridging == 31.0 / 32)
        #expect(vision.statements[0].shownBridgingByDimension == ["district": 31.0 / 32])
        let gap = 31.0 / 32 - 1.0 / 18  // a against b and c together: (0 + 1)/(16 + 2)
        #expect(abs((vision.statements[0].shownPolarisation ?? 0) - gap) < 1e-12)
        #expect(vision.statements[0].shownPolarisedGroup?.category == "a")
        let cells = vision.participation[0].cells
        #expect(cells.map(\.count) == [30, nil, nil])
    }

    @Test func hiddenCellsTogetherHoldAtLeastKMin() {
        // k_min 10: 3 and 4 are hidden but hold 7 together, so the next smallest goes too.
        #expect(builder.suppressed([30, 3, 4]) == [0, 1, 2])
        #expect(builder.suppressed([30, 20, 3, 4]) == [1, 2, 3])
        #expect(builder.suppressed([30, 12, 4]) == [1, 2])
        #expect(builder.suppressed([30, 0, 4, 9]) == [2, 3])
        #expect(builder.suppressed([30, 20]).isEmpty)
    }

    @Test func votesAndMissingAnswers() {
        var t = ResponseTable(statementCount: 1, demographicCount: 1)
        for v: Int8 in [1, 1, 1, 0, -1, ResponseTable.missing] { t.append(statementValue: { _ in v }, category: { _ in -1 }) }
        let s = VisionBuilder(survey: survey(scale: .vote), consultation: "t").build(t).statements[0]
        #expect(s.n == 5)
        #expect(abs(s.support - 0.6) < 1e-12 && abs(s.neutral - 0.2) < 1e-12 && abs(s.opposition - 0.2) < 1e-12)
        #expect(s.median == nil)
    }
}
