import DraagvlakCore
import Foundation
import Reports
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

    @Test func aGroupHiddenOnAStatementHasNoConsensusOrRepresentativeEntryThere() throws {
        // As camps(40, 30), but only 8 of camp B answer S9: on S9 group B (8 < k_min) is hidden,
        // and group A as its complement.
        var t = ResponseTable(statementCount: 9, demographicCount: 1)
        for r in 0..<70 {
            let first = r < 40
            t.append(
                statementValue: { s in s == 8 ? (first || r < 48 ? 5 : ResponseTable.missing) : ((s < 4) == first ? 5 : 1) },
                category: { _ in Int16(r % 3) })
        }
        let builder = VisionBuilder(survey: survey(statements: 9), consultation: "t")
        let vision = builder.build(t)
        let og = try #require(vision.opinionGroups)
        let s9 = vision.statements[8].groups[VisionBuilder.opinionGroupDimension]
        #expect(s9?["B"]?.suppressed == true && s9?["A"]?.suppressed == true)
        #expect(!og.consensus.contains { $0.statement == 8 })
        #expect(og.groups.allSatisfy { group in !group.representative.contains { $0.statement == 8 } })
        // With every resident answering S9, it is a consensus statement.
        let everyone = try #require(builder.build(camps(40, 30)).opinionGroups)
        #expect(everyone.consensus.contains { $0.statement == 8 })
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
        let vision = VisionBuilder(survey: survey(statements: 9), consultation: "t").build(
            camps(40, 30), margins: ["district": ["a": 0.5, "b": 0.3, "c": 0.2]])
        let md = VisionDocument(language: .en, date: "2026-11-25").markdown(vision)
        for heading in [
            "## Summary", "## Where residents differ", "## Opinion groups", "## Participation and representativeness",
            "## Method and settings", "## Provenance", "## All statements",
        ] {
            #expect(md.contains(heading), "\(heading)")
        }
        #expect(md.contains("design effect"))
        #expect(md.contains("Engine: Draagvlak \(Engine.version)"))
    }
}

/// Disclosure control across the whole document: nothing a reader can add up reveals a group
/// smaller than k_min.
@Suite struct DisclosureTests {
    @Test func aSmallOpinionGroupCannotBeRecovered() throws {
        // Camps of 60 and 6 → the small group is hidden, and so is its complement (the other).
        var t = ResponseTable(statementCount: 9, demographicCount: 1)
        for r in 0..<66 {
            let first = r < 60
            t.append(statementValue: { s in s == 8 ? 5 : ((s < 4) == first ? 5 : 1) }, category: { _ in Int16(r % 3) })
        }
        let vision = VisionBuilder(survey: survey(statements: 9), consultation: "t").build(t)
        let og = try #require(vision.opinionGroups)
        #expect(og.groups.allSatisfy { $0.suppressed })
        #expect(vision.statements.allSatisfy { $0.groupInformedConsensus == nil })
        let md = VisionDocument(language: .nl, date: "2026-11-25").markdown(vision)
        #expect(!md.contains("(60 deelnemers)") && !md.contains("(6 deelnemers)"))
        #expect(!md.contains("| 6 |") && !md.contains("| 60 |"))
        let json = String(decoding: try VisionJSON.encode(vision), as: UTF8.self)
        #expect(!json.contains("\"size\" : 6") && !json.contains("\"size\" : 60"))
    }

    @Test func aHiddenCategoryIsNotGivenAwayByNotStatedOrMarginShares() throws {
        // District c has 4 respondents: hidden, with its complement chosen among the districts
        // (b, 30), never "not stated" (8) — otherwise the shares among those who stated would give c back.
        var t = ResponseTable(statementCount: 1, demographicCount: 1)
        for (d, n) in [(0, 60), (1, 30), (2, 4), (-1, 8)] as [(Int16, Int)] {
            for i in 0..<n { t.append(statementValue: { _ in i % 2 == 0 ? 5 : 1 }, category: { _ in d }) }
        }
        let vision = VisionBuilder(survey: survey(), consultation: "t").build(t, margins: ["district": ["a": 0.5, "b": 0.3, "c": 0.2]])
        let cells = vision.participation[0].cells
        #expect(cells.map { $0.suppressed } == [false, true, true])
        #expect(vision.participation[0].notStated == 8)
        let margin = try #require(vision.weighting.margins.first)
        #expect(margin.suppressed == [false, true, true])
        // The participation ratio is over shown cells only (here just a).
        #expect(abs(margin.participationRatio.min - (60.0 / 94) / 0.5) < 1e-12)
        let md = VisionDocument(language: .en, date: "2026-11-25").markdown(vision)
        #expect(!md.contains("| 4 |") && !md.contains("| 30 |"))
    }

    @Test func priorityTablesNeedKMinAnswers() {
        let q = Question(
            id: "r", kind: .ranking, text: LocalizedText("R"),
            options: [Category(code: "x", label: LocalizedText("X")), Category(code: "y", label: LocalizedText("Y"))])
        let s = Survey(
            id: "t", title: LocalizedText("T"), themes: [Theme(id: "th", title: LocalizedText("Th"))],
            statements: [Statement(id: "S1", theme: "th", text: LocalizedText("S1"))], questions: [q])
        var t = ResponseTable(statementCount: 1, demographicCount: 0, questionIDs: ["r"])
        for i in 0..<30 {
            t.append(statementValue: { _ in 5 }, category: { _ in -1 }, answer: { _ in i < 6 ? .ranking(["y", "x"]) : nil })
        }
        #expect(VisionBuilder(survey: s, consultation: "t").build(t).rankings.isEmpty)
    }
}
