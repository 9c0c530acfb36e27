import Definitions
import DraagvlakCore
import Reports
import Testing
import Vision

@testable import Decisions

/// A vision built by hand: S1 broadly supported (80% agree, 10% disagree), S2 rejected
/// (10% agree, 70% disagree), S3 contested, S4 worded against its ambition and rejected, S5 with too little input.
func smallVision() -> Vision {
    let survey = Survey(
        id: "t", title: LocalizedText("T"),
        themes: [Theme(id: "groen", title: LocalizedText("Groen")), Theme(id: "wonen", title: LocalizedText("Wonen"))],
        statements: [
            Statement(id: "S1", theme: "groen", text: LocalizedText("Meer groen")),
            Statement(id: "S2", theme: "wonen", text: LocalizedText("Hoogbouw")),
            Statement(id: "S3", theme: "wonen", text: LocalizedText("Tiny houses")),
            Statement(id: "S4", theme: "groen", text: LocalizedText("Geen bomen"), polarity: .againstAmbition),
            Statement(id: "S5", theme: "groen", text: LocalizedText("Weinig antwoorden")),
        ])
    let answers: [[Int8]] = [
        Array(repeating: 5, count: 80) + Array(repeating: 3, count: 10) + Array(repeating: 1, count: 10),
        Array(repeating: 5, count: 10) + Array(repeating: 3, count: 20) + Array(repeating: 1, count: 70),
        Array(repeating: 5, count: 50) + Array(repeating: 1, count: 50),
        Array(repeating: 5, count: 20) + Array(repeating: 1, count: 80),
        Array(repeating: 5, count: 10) + Array(repeating: ResponseTable.missing, count: 90),
    ]
    var table = ResponseTable(statementCount: 5, demographicCount: 0)
    for r in 0..<100 { table.append(statementValue: { answers[$0][r] }, category: { _ in -1 }) }
    return VisionBuilder(survey: survey, consultation: "t").build(table)
}

@Suite struct DecisionTesterTests {
    let vision = smallVision()

    @Test func theVisionIsAsDesigned() {
        #expect(vision.statements.map(\.supportClass) == [.broadlySupported, .rejected, .contested, .rejected, .insufficient])
        #expect(vision.statements.map(\.netSupport).map { ($0 * 100).rounded() / 100 } == [0.7, -0.6, 0, -0.6, 1])
    }

    @Test func alignmentByHand() throws {
        let tester = DecisionTester(vision: vision)
        // +2 on S1 (v 0.7) and −1 on S2 (v −0.6): (1.4 + 0.6) / 3 = 0.6667.
        let good = tester.assess(
            DecisionOption(id: "g", title: LocalizedText("G"), effects: [Effect(.statement("S1"), 2), Effect(.statement("S2"), -1)]))
        #expect(abs(try #require(good.alignment) - 2.0 / 3) < 1e-12)
        #expect(good.conflicts.isEmpty)
        #expect(good.agreements.map(\.support.statement.id) == ["S1"])
        #expect(good.verdict == .fits)

        // −2 on S1 and +2 on S2: (−1.4 − 1.2) / 4 = −0.65, conflicting with both.
        let bad = tester.assess(
            DecisionOption(id: "b", title: LocalizedText("B"), effects: [Effect(.statement("S1"), -2), Effect(.statement("S2"), 2)]))
        #expect(abs(try #require(bad.alignment) + 2.6 / 4) < 1e-12)
        #expect(bad.conflicts.map(\.support.statement.id) == ["S1", "S2"])
        #expect(bad.verdict == .conflicts)
    }

    @Test func oneFullEffectHasTheStatementsNetSupport() throws {
        // Alignment is on −1…1: +2 on one statement only gives that statement's net support,
        // −2 its negative, whatever the strength.
        let tester = DecisionTester(vision: vision)
        for (id, net) in [("S1", 0.7), ("S2", -0.6), ("S3", 0.0)] {
            for strength in [2, 1] {
                let option = tester.assess(DecisionOption(id: "o", title: LocalizedText("O"), effects: [Effect(.statement(id), strength)]))
                #expect(abs(try #require(option.alignment) - net) < 1e-12, "\(id) +\(strength)")
                let opposite = tester.assess(
                    DecisionOption(id: "o", title: LocalizedText("O"), effects: [Effect(.statement(id), -strength)]))
                #expect(abs(try #require(opposite.alignment) + net) < 1e-12, "\(id) −\(strength)")
            }
        }
    }

    @Test func polarityTurnsTheStatementAround() throws {
        // S4 "no trees" is rejected (net −0.6), so its ambition (trees) has net +0.6:
        // an option for the ambition aligns (0.6 · 2 / 2 = 0.6), and does not conflict.
        let tester = DecisionTester(vision: vision)
        let forTrees = tester.assess(DecisionOption(id: "t", title: LocalizedText("T"), effects: [Effect(.statement("S4"), 2)]))
        #expect(abs(try #require(forTrees.alignment) - 0.6) < 1e-12)
        #expect(forTrees.conflicts.isEmpty && forTrees.verdict == .fits)
        // Against the ambition means working towards what residents reject.
        let againstTrees = tester.assess(DecisionOption(id: "n", title: LocalizedText("N"), effects: [Effect(.statement("S4"), -1)]))
        #expect(againstTrees.conflicts.map(\.support.statement.id) == ["S4"])
        #expect(againstTrees.verdict == .conflicts)
    }

    @Test func themeEffectsAreSpreadAndThinInputIsLeftOut() throws {
        // Theme groen = S1, S4, S5 → each +2/3; S5 has too little input and is left out:
        // (0.7·2/3 + 0.6·2/3) / (4/3) = 0.65.
        let tester = DecisionTester(vision: vision)
        let option = tester.assess(DecisionOption(id: "g", title: LocalizedText("G"), effects: [Effect(.theme("groen"), 2)]))
        #expect(abs(try #require(option.alignment) - 0.65) < 1e-12)
        #expect(option.unassessed == ["S5"])
    }

    @Test func mixedWhenAlignedButConflicting() throws {
        let tester = DecisionTester(vision: vision)
        // +2 on S1 and +1 on the rejected S2: (1.4 − 0.6) / 3 = 0.267, above the threshold but with a conflict.
        let option = tester.assess(
            DecisionOption(id: "m", title: LocalizedText("M"), effects: [Effect(.statement("S1"), 2), Effect(.statement("S2"), 1)]))
        #expect(abs(try #require(option.alignment) - 0.8 / 3) < 1e-12)
        #expect(option.verdict == .mixed)
    }

    @Test func decisionFromYAMLIsRankedWithTheStatusQuo() throws {
        let yaml = """
            title: Groen plan
            preferred: bomen
            options:
              - id: bomen
                title: Bomen planten
                effects: {S1: 2}
              - id: kap
                title: Bomen kappen
                effects: {S1: -2, S2: 1}
            """
        let decisions = try DecisionLoader.parse(yaml, file: "d.yaml", survey: vision.survey)
        let assessment = DecisionTester(vision: vision).assess(decisions[0])
        #expect(assessment.options.map(\.option.id) == ["bomen", Decision.statusQuoID, "kap"])
        #expect(assessment.preferred?.verdict == .fits)
        let json = String(decoding: try DecisionReport(language: .en).json([assessment], survey: vision.survey), as: UTF8.self)
        #expect(json.contains("\"preferred\" : \"bomen\""))
        #expect(json.contains("\"verdict\" : \"fits\""))
        let markdown = DecisionReport(language: .nl).markdown(assessment, survey: vision.survey)
        #expect(markdown.contains("past bij de toekomstvisie"))
    }
}
