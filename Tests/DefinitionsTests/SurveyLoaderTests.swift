import DraagvlakCore
import Foundation
import Testing

@testable import Definitions

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct SurveyLoaderTests {
    @Test func shippedSurveyLoads() throws {
        let survey = try SurveyLoader.load(repositoryRoot.appendingPathComponent("Surveys/toekomstvisie.yaml"))
        #expect(
            survey.themes.map(\.id) == [
                "demografie", "economie", "sociaal", "ruimte", "technologie", "duurzaamheid", "veiligheid", "bestuur",
            ])
        #expect(survey.statements.count >= 24)
        for theme in survey.themes { #expect(!survey.statements(inTheme: theme.id).isEmpty, "theme \(theme.id) has statements") }
        #expect(survey.statements.allSatisfy { !$0.text.nl.isEmpty && !$0.text.en.isEmpty && $0.text.nl != $0.text.en })
        #expect(survey.statements.contains { $0.polarity == .againstAmbition })
        #expect(survey.demographics.map(\.id).contains("district"))
        #expect(survey.questions.map(\.kind).contains(.ranking))
    }

    @Test func fixtureSurveyLoads() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/mini-survey", withExtension: "yaml"))
        let survey = try SurveyLoader.load(url, displayName: "mini-survey.yaml")
        #expect(survey.statements.map(\.scale) == [.likert5, .likert7, .vote])
        #expect(survey.questions.first?.total == 100)
    }

    @Test func everyProblemNamesLineAndField() throws {
        let yaml = """
            id: kapot
            title: Kapot
            themes:
              - id: wonen
                title: Wonen
            statements:
              - id: S1
                theme: wonen
                text: {nl: "Een", en: "One"}
              - id: S1
                theme: wonne
                text: {nl: "Twee", en: "Two"}
                polarity: 2
                scale: likert9
              - id: S3
                theme: wonen
                txt: "Drie"
            """
        let error = try #require(throws: InputError.self) { try SurveyLoader.parse(yaml, file: "kapot.yaml") }
        let lines = error.problems.map(\.description)
        #expect(lines.contains("kapot.yaml:10:9: field 'statements[1].id': id 'S1' is used twice"))
        #expect(lines.contains("kapot.yaml:11:12: field 'statements[1].theme': unknown theme 'wonne' (themes: wonen)"))
        #expect(lines.contains("kapot.yaml:13:15: field 'statements[1].polarity': must be 1 or -1"))
        #expect(
            lines.contains("kapot.yaml:14:12: field 'statements[1].scale': unknown scale 'likert9' (expected likert5, likert7 or vote)"))
        #expect(lines.contains { $0.hasPrefix("kapot.yaml:17:") && $0.contains("'statements[2].txt': unknown field") })
        #expect(lines.contains { $0.hasPrefix("kapot.yaml:15:") && $0.contains("'statements[2].text': is missing") })
    }

    @Test func syntaxErrorsHaveAPosition() throws {
        let error = try #require(throws: InputError.self) { try SurveyLoader.parse("id: x\ntitle: [unclosed\n", file: "s.yaml") }
        #expect(error.problems.first?.description.hasPrefix("s.yaml:") == true)
        #expect(error.problems.first?.description.contains("not valid YAML") == true)
    }
}

@Suite struct ConsultationAndDecisionLoaderTests {
    let survey = Survey(
        id: "t", title: LocalizedText("T"), themes: [Theme(id: "groen", title: LocalizedText("Groen"))],
        statements: [Statement(id: "S1", theme: "groen", text: LocalizedText("Een"))],
        demographics: [
            DemographicQuestion(
                id: "district", text: LocalizedText("Wijk"), categories: [Category(code: "noord", label: LocalizedText("Noord"))])
        ])

    @Test func consultationThresholdsAndMargins() throws {
        let settings = try ConsultationLoader.parse(
            """
            name: Test
            survey: survey.yaml
            language: en
            margins:
              district: {noord: 1.0}
            thresholds: {kMin: 15, broadSupport: 0.65}
            """, file: "c.yaml")
        #expect(settings.language == .en)
        #expect(settings.thresholds.kMin == 15 && settings.thresholds.broadSupport == 0.65 && settings.thresholds.nMin == 20)
        try ConsultationLoader.validate(settings, against: survey, file: "c.yaml")
        let bad = try #require(throws: InputError.self) {
            try ConsultationLoader.parse(
                "name: T\nsurvey: s.yaml\nthresholds: {kMin: 3}\nmargins: {district: {noord: 0.7}}\n", file: "c.yaml")
        }
        #expect(bad.problems.map(\.description).contains("c.yaml:3:20: field 'thresholds.kMin': must be at least 5 (docs/METHOD.md §7)"))
        #expect(bad.problems.contains { $0.description.contains("'margins.district': shares add up to 0.7, not 1") })
    }

    @Test func decisionProblemsNameFileLineAndField() throws {
        let yaml = """
            title: Besluit
            options:
              - id: a
                title: A
                effects: {S1: 3, S9: 1}
              - id: a
                title: A2
            preferred: b
            """
        let error = try #require(throws: InputError.self) { try DecisionLoader.parse(yaml, file: "d.yaml", survey: survey) }
        let lines = error.problems.map(\.description)
        #expect(lines.contains("d.yaml:5:19: field 'options[0].effects.S1': effect 3 is out of range (−2 … +2)"))
        #expect(lines.contains("d.yaml:5:26: field 'options[0].effects.S9': 'S9' is neither a statement nor a theme of survey 't'"))
        #expect(lines.contains("d.yaml:6:9: field 'options[1].id': duplicate option 'a'"))
        #expect(lines.contains("d.yaml:8:12: field 'preferred': 'b' is not one of the options"))
    }

    @Test func statusQuoIsAddedWhenMissing() throws {
        let decisions = try DecisionLoader.parse(
            "title: B\noptions:\n  - id: a\n    title: A\n    effects: {groen: -1}\n", file: "d.yaml", survey: survey)
        #expect(decisions[0].options.map(\.id) == ["a", Decision.statusQuoID])
        #expect(decisions[0].preferred == "a")
        #expect(decisions[0].options[0].effects == [Effect(.theme("groen"), -1)])
    }

    @Test func mappingFileIsCheckedAgainstTheSurvey() throws {
        let mapping = try MappingLoader.parse(
            "respondent: Response ID\ncolumns:\n  \"Q1\": S1\nvalues:\n  S1: {\"Zeer eens\": 5}\n", file: "m.yaml", survey: survey)
        #expect(mapping.columns == ["Q1": "S1"] && mapping.respondentColumn == "Response ID")
        let error = try #require(throws: InputError.self) { try MappingLoader.parse("columns: {Q1: S7}\n", file: "m.yaml", survey: survey) }
        #expect(error.problems.first?.description == "m.yaml:1:15: field 'columns.Q1': 'S7' is not a question of survey 't'")
    }
}
