import Definitions
import Documents
import DraagvlakCore
import Reports
import Testing
import Vision

@testable import Decisions

/// Signposts on residents' support, read in the vision a decision is tested against: S1 has
/// 80% agree, S2 10%, S5 too few answers (see `smallVision`).
@Suite struct SignpostTests {
    let vision = smallVision()

    /// A decision with one option whose signposts are `signposts` (from line 7 on).
    func plan(_ signposts: String) -> String {
        """
        title: Plan
        options:
          - id: a
            title: A
            effects: {S1: 1}
            signposts:
        \(signposts)
        """
    }

    func assessed(_ signposts: String) throws -> OptionAssessment {
        let d = try DecisionLoader.parse(plan(signposts), file: "plan.yaml", survey: vision.survey)[0]
        return DecisionTester(vision: vision, draws: 0).assess(d).options.first { $0.option.id == "a" }!
    }

    @Test func aCrossedThresholdSaysRevisitAndOthersDoNot() throws {
        let o = try assessed(
            """
                  - indicator: "Steun voor meer groen"
                    revisit: "Als die onder 85% zakt"
                    support: {statement: S1, below: 0.85}
                  - indicator: "Steun voor hoogbouw"
                    revisit: "Als die boven 50% komt"
                    support: {statement: S2, above: 0.5}
                  - indicator: "Weinig antwoorden"
                    revisit: "onder 50%"
                    support: {statement: S5, below: 0.5}
                  - indicator: "Bezoekers per week"
                    revisit: "onder 500"
            """)
        #expect(o.signals.map(\.index) == [0, 1, 2], "the fourth is not about support")
        #expect(o.signals.map(\.value) == [0.8, 0.1, nil])
        #expect(o.signals.map(\.crossed) == [true, false, false], "a signpost that cannot be read never fires")
        #expect(o.revisit.map(\.index) == [0])
        let assessment = DecisionTester(vision: vision, draws: 0).assess(
            try DecisionLoader.parse(
                "title: Plan\noptions:\n  - id: a\n    title: A\n    effects: {S1: 1}\n    signposts:\n      - {indicator: Groen, revisit: onder 85%, support: {statement: S1, below: 0.85}}\n",
                file: "p.yaml", survey: vision.survey)[0])
        let report = DecisionReport(language: .nl).markdown(assessment, survey: vision.survey)
        #expect(report.contains("Groen: onder 85% — **opnieuw bekijken**: S1 80% eens, onder 85%"), "\(report)")
        let overview = MarkdownRenderer.render(
            DecisionReport(language: .nl).overview([assessment], survey: vision.survey, title: nil, link: { _ in nil }))
        #expect(overview.contains("## Wegwijzers: opnieuw bekijken") && overview.contains("Plan — A: Groen — **opnieuw bekijken**"))
    }

    @Test func mistakesAreNamedWithLineAndField() {
        let yaml = plan(
            """
                  - {indicator: x, revisit: y, support: {statement: S9, below: 0.5}}
                  - {indicator: x, revisit: y, support: {statement: S1}}
                  - {indicator: x, revisit: y, support: {statement: S1, below: 50}}
                  - {indicator: x, revisit: y, support: {statement: S1, below: 0.5, group: {wijk: noord}}}
            """)
        let error = #expect(throws: InputError.self) { _ = try DecisionLoader.parse(yaml, file: "plan.yaml", survey: vision.survey) }
        let problems = error?.problems.map(\.description) ?? []
        #expect(problems.contains { $0.contains("plan.yaml:7:") && $0.contains("the survey has no statement 'S9'") }, "\(problems)")
        #expect(problems.contains { $0.contains("plan.yaml:8:") && $0.contains("give exactly one of below and above") }, "\(problems)")
        #expect(problems.contains { $0.contains("plan.yaml:9:") && $0.contains("a share between 0 and 1") }, "\(problems)")
        #expect(problems.contains { $0.contains("plan.yaml:10:") && $0.contains("the survey has no group 'wijk: noord'") }, "\(problems)")
    }
}
