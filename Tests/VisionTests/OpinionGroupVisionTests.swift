import DraagvlakCore
import Foundation
import Testing
@testable import Vision

@Suite struct OpinionGroupVisionTests {
    /// `a` respondents agree with S1–S4 and disagree with S5–S8, `b` the other way round;
    /// everyone agrees with S9.
    func camps(_ a: Int, _ b: Int) -> ResponseTable {
        var t = ResponseTable(statementCount: 9, demographicCount: 1)
        for r in 0..<(a + b) {
            let first = r < a
            t.append(statementValue: { s in s == 8 ? 5 : ((s < 4) == first ? 5 : 1) }, category: { _ in Int16(r % 3) })
        }
        return t
    }

    @Test func opinionGroupsBecomeADimensionWithGroupInformedConsensus() throws {
        let vision = VisionBuilder(survey: survey(statements: 9), consultation: "t").build(camps(40, 30))
        let og = try #require(vision.opinionGroups)
        #expect(og.groups.map(\.size) == [40, 30])
        #expect(og.groups.map(\.id) == ["A", "B"])
        #expect(og.placed == 70 && og.leftOut == 0)
        #expect(vision.survey.demographics.last?.id == VisionBuilder.opinionGroupDimension)
        // S1: group A 40/40 agree, group B 0/30: GIC = 41/42 · 1/32; both named by the group table.
        let s1 = vision.statements[0]
        let gic = try #require(s1.groupInformedConsensus)
        #expect(abs(gic.product - 41.0 / 42 * 1 / 32) < 1e-12)
        #expect(abs(gic.normalised - (41.0 / 42 * 1 / 32).squareRoot()) < 1e-12)
        #expect(s1.groups[VisionBuilder.opinionGroupDimension]?["B"]?.support == 0)
        #expect(s1.supportClass != .broadlySupported)
        // S9: everyone agrees, so every opinion group does.
        let s9 = vision.statements[8]
        #expect(abs(s9.groupInformedConsensus!.product - 41.0 / 42 * 31 / 32) < 1e-12)
        #expect(s9.supportClass == .broadlySupported)
        // Representative statements: A agrees with S1–S4 where B does not.
        let a = og.groups[0].representative
        #expect(!a.isEmpty && a.allSatisfy { ($0.statement < 4) == $0.agrees })
        #expect(og.consensus.contains { $0.statement == 8 && $0.agrees })
    }

    @Test func smallOpinionGroupsAreCountedButNotShown() throws {
        let vision = VisionBuilder(survey: survey(statements: 9), consultation: "t").build(camps(60, 6))
        let og = try #require(vision.opinionGroups)
        let small = try #require(og.groups.first { $0.size == 6 })
        #expect(small.suppressed)
        #expect(vision.statements[0].groups[VisionBuilder.opinionGroupDimension]?[small.id]?.suppressed == true)
        let json = String(decoding: try VisionJSON.encode(vision), as: UTF8.self)
        #expect(json.contains("\"suppressed\" : true"))
        let html = VisionDocument(language: .nl, date: "2026-11-25").html(vision)
        #expect(!html.contains("Groep \(small.id) (6 deelnemers)"))
    }

    @Test func documentHasEverySection() {
        let vision = VisionBuilder(survey: survey(statements: 9), consultation: "t").build(camps(40, 30), margins: ["district": ["a": 0.5, "b": 0.3, "c": 0.2]])
        let md = VisionDocument(language: .en, date: "2026-11-25").markdown(vision)
        for heading in ["## Summary", "## Where residents differ", "## Opinion groups", "## Participation and representativeness", "## Method and settings", "## Provenance", "## All statements"] {
            #expect(md.contains(heading), "\(heading)")
        }
        #expect(md.contains("design effect"))
        #expect(md.contains("Engine: Draagvlak \(Engine.version)"))
    }
}
