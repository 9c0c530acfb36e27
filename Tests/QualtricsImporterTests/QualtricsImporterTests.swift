import DraagvlakCore
import Foundation
import Testing

@testable import QualtricsImporter

func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
}

func importQualtrics(_ name: String, survey: Survey) throws -> (ImportSession, [Response]) {
    var responses: [Response] = []
    let session = ImportSession(survey: survey, file: name, pseudonymise: { $0 }, accept: { responses.append($0) })
    try QualtricsImporter().read(ImportFile(url: try fixture(name), displayName: name), into: session)
    return (session, responses)
}

func extracted(_ name: String) throws -> SurveyExtraction {
    try QualtricsImporter().survey(from: try fixture(name), displayName: name)
}

/// `survey` with a 5-point statement `id` in place of the question of that id: a Draagvlak
/// survey needs a statement, and these sample surveys ask none.
func withStatement(_ survey: Survey, _ id: String) -> Survey {
    Survey(
        id: survey.id, title: survey.title, themes: survey.themes,
        statements: survey.statements + [Statement(id: id, theme: SurveyExtraction.unsortedTheme.id, text: LocalizedText(id))],
        demographics: survey.demographics, questions: survey.questions.filter { $0.id != id })
}

func byRespondent(_ responses: [Response]) -> [String: Response] {
    Dictionary(uniqueKeysWithValues: responses.map { ($0.respondent, $0) })
}

func statement(_ response: Response?, _ id: String, in survey: Survey) -> Int8? {
    guard case .statement(let s)? = survey.reference(to: id) else { return nil }
    return response?.statements[s]
}

@Suite struct QualtricsImporterTests {
    @Test func detectsAllThreeGenerations() throws {
        let plugin = QualtricsImporter()
        for (name, confidence) in [
            ("sample.csv", 0.95), ("Better_Sample_Survey.csv", 0.95), ("sample_legacy.csv", 0.9),
            ("No_Basis_for_Evaluation (Legacy).csv", 0.9), ("synthetic-current.csv", 0.95),
        ] {
            #expect(plugin.identify(try FileSample.read(try fixture(name))).confidence == confidence, "\(name)")
        }
        let csv = plugin.identify(FileSample(url: URL(fileURLWithPath: "/x.csv"), head: Array("id,S1\nr1,4\nr2,5\n".utf8)))
        #expect(csv.confidence == 0)
        #expect(csv.reason.hasPrefix("no Qualtrics header"))
        #expect(plugin.identifyStructure(try FileSample.read(try fixture("Better_Sample_Survey.qsf"))).confidence == 0.95)
        #expect(plugin.identifyStructure(try FileSample.read(try fixture("sample.csv"))).confidence == 0.8)
        #expect(plugin.identifyStructure(FileSample(url: URL(fileURLWithPath: "/x.json"), head: Array("{\"a\": 1}".utf8))).confidence == 0)
    }

    @Test func importIDsInBothSpellings() {
        #expect(QualtricsHeader.importID("{\"ImportId\":\"QID4_1\"}") == "QID4_1")
        #expect(QualtricsHeader.importID("{\"ImportId\":\"startDate\",\"timeZone\":\"Europe/Amsterdam\"}") == "startDate")
        #expect(QualtricsHeader.importID("{'ImportId': 'QID4-1-1'}") == "QID4-1-1")
        #expect(QualtricsHeader.importID("Q1") == nil)
        #expect(QualtricsHeader.key(importID: "QID6#1-2") == "QID6#1_2")
    }

    @Test func surveyFromQSF() throws {
        let extraction = try extracted("synthetic.qsf")
        let survey = extraction.survey
        #expect(survey.id == "toekomst_wijk")
        #expect(survey.statements.map(\.id) == ["QID1_1", "QID1_2"])
        #expect(survey.statements.map(\.text.nl) == ["Meer groen", "Minder auto's"])
        #expect(survey.statements.allSatisfy { $0.scale == .likert5 })
        #expect(survey.questions.map(\.id) == ["QID2", "QID3", "QID4", "QID5_TEXT", "QID6", "QID6_3_TEXT"])
        #expect(survey.questions.map(\.kind) == [.multipleChoice, .ranking, .points, .open, .choice, .open])
        #expect(survey.questions[2].total == 100)
        #expect(survey.questions[4].options.map(\.code) == ["10", "20", "30"])
        #expect(survey.questions[4].options[0].label.nl == "Noord")
        #expect(extraction.skipped.count == 3)
        #expect(extraction.skipped[0].hasPrefix("QID7 (Q7): descriptive text"))
        #expect(extraction.skipped[1].hasPrefix("QID8 (Q8): warning: a slider"))
        #expect(extraction.skipped[2] == "QID9 (Q9): in the trash")
    }

    @Test func importsAgainstTheQSFSurvey() throws {
        let survey = try extracted("synthetic.qsf").survey
        let (session, responses) = try importQualtrics("synthetic-current.csv", survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.map(\.respondent) == ["R_a", "R_d"])
        #expect(responses.map(\.source.line) == [4, 7])
        #expect(responses.map(\.statements) == [[5, nil], [1, 2]])
        #expect(responses[0].submittedAt == "2024-03-01 10:05:01")
        #expect(responses[0].other["QID2"] == .choices(["1", "3"]))
        #expect(responses[0].other["QID3"] == .ranking(["3", "1", "2"]))
        #expect(responses[0].other["QID4"] == .points(["1": 70, "2": 30]))
        #expect(responses[0].other["QID5_TEXT"] == .text("Meer groen"))
        #expect(responses[1].other == ["QID4": .points(["1": 50, "2": 50])])
        #expect(
            session.notes == [
                "1 unfinished responses (Finished = 0) skipped",
                "1 survey previews (Status 1) skipped",
                "1 test responses (Status 2) imported: Qualtrics marks generated test responses so; delete them in Qualtrics and export again if they are not real",
                "1 answers '-99' (seen but unanswered) read as no answer",
            ])
        // Personal data is never read: no e-mail or IP address column reaches the session.
        #expect(
            session.plan?.headers == ["submitted_at", "respondent", "QID1_1", "QID1_2", "QID2", "QID3", "QID4[1]", "QID4[2]", "QID5_TEXT"])
    }

    @Test func currentAndLegacyExportsOfOneResponseAgree() throws {
        let current = Survey(
            id: "s", title: LocalizedText("S"), themes: [SurveyExtraction.unsortedTheme],
            statements: [Statement(id: "QID1", theme: SurveyExtraction.unsortedTheme.id, text: LocalizedText("MC"))],
            questions: [Question(id: "QID2_TEXT", kind: .open, text: LocalizedText("Free text"))])
        let (session, responses) = try importQualtrics("sample.csv", survey: current)
        #expect(session.problems.isEmpty)
        #expect(session.notes.isEmpty)
        #expect(responses.count == 1)
        #expect(responses[0].respondent == "R_2YPOQ602ER1jkf1")
        #expect(responses[0].statements == [2])
        #expect(responses[0].other == ["QID2_TEXT": .text("Hello World!")])
        #expect(responses[0].submittedAt == "2017-07-18 08:28:48")

        let legacy = Survey(
            id: "s", title: LocalizedText("S"), themes: [SurveyExtraction.unsortedTheme],
            statements: [Statement(id: "Q1", theme: SurveyExtraction.unsortedTheme.id, text: LocalizedText("MC"))],
            questions: [Question(id: "Q2", kind: .open, text: LocalizedText("Free text"))])
        let (legacySession, legacyResponses) = try importQualtrics("sample_legacy.csv", survey: legacy)
        #expect(legacySession.problems.isEmpty)
        #expect(legacyResponses.count == 1)
        #expect(legacyResponses[0].respondent == responses[0].respondent)
        #expect(legacyResponses[0].statements == responses[0].statements)
        #expect(legacyResponses[0].other["Q2"] == .text("Hello World!"))
        #expect(legacyResponses[0].submittedAt == responses[0].submittedAt)
        #expect(legacyResponses[0].source.line == 3)
    }

    @Test func surveyFromACurrentHeader() throws {
        let extraction = try extracted("sample.csv")
        // Q2 - Topics (Text iQ) and the metadata are left out; one answer is too few to tell a scale.
        #expect(extraction.survey.questions.map(\.id) == ["QID1", "QID2_TEXT"])
        #expect(extraction.survey.questions.map(\.kind) == [.choice, .open])
        #expect(extraction.survey.questions[1].text.en == "This is a free text question.")
    }

    @Test func betterSampleSurveyAgainstItsQSF() throws {
        let extraction = try extracted("Better_Sample_Survey.qsf")
        #expect(extraction.survey.id == "better_sample_survey")
        #expect(
            Set(extraction.survey.questions.map(\.id)) == [
                "QID3_TEXT", "QID4_1", "QID4_2", "QID4_3", "QID2_1", "QID2_2", "QID2_3", "QID5", "QID1",
                "QID9_1", "QID9_2", "QID9_3", "QID8_1", "QID8_2", "QID8_3",
            ])
        #expect(extraction.survey.statements.isEmpty)
        #expect(extraction.skipped.count == 7)
        #expect(extraction.skipped.contains("QID7 (Q7): in the trash"))
        let rank = try #require(extraction.survey.questions.first { $0.id == "QID2_1" })
        #expect(rank.options.map(\.code) == ["1", "2", "3", "-1"])
        #expect(rank.options.map(\.label.en) == ["Enjoy", "Ambivalent", "Dislike", "Never Tried It"])

        let survey = withStatement(extraction.survey, "QID1")
        let (session, responses) = try importQualtrics("Better_Sample_Survey.csv", survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.count == 10)
        #expect(session.notes.contains { $0.hasPrefix("10 test responses (Status 2) imported") })
        // QID13 is in the CSV but not the .qsf, and side-by-side questions are not supported.
        #expect(
            session.notes.contains { $0.hasPrefix("ignored columns that match no question: 'q6_reservations#1_1'") && $0.contains(" more") }
        )
        #expect(session.plan?.unmatched.contains("Q13_3_-1") == true)
        let r = byRespondent(responses)
        #expect(statement(r["R_7U6eBR7waV8xr0N"], "QID1", in: survey) == 2)
        #expect(r["R_7U6eBR7waV8xr0N"]?.other["QID2_3"] == .choice("1"))
        guard case .text(let position)? = r["R_bQ6PNClOxWzN2El"]?.other["QID3_TEXT"] else {
            Issue.record("R_bQ6PNClOxWzN2El has no QID3_TEXT")
            return
        }
        #expect(position.hasPrefix("Arcu? Ultricies massa"))
        if case .choices(let volunteered)? = r["R_9RWrgh1F9m7488l"]?.other["QID5"] {
            #expect(!volunteered.contains("4"))
        }
    }

    @Test func textEntryComponentsAndSeenButUnanswered() throws {
        let extraction = try extracted("Questions_with_Text_Entry_Components.csv")
        let kinds = Dictionary(uniqueKeysWithValues: extraction.survey.questions.map { ($0.id, $0.kind) })
        #expect(kinds["QID3"] == .multipleChoice)
        #expect(kinds["QID2_TEXT"] == .open)
        #expect(kinds["QID3_2_TEXT"] == .open)
        #expect(extraction.survey.questions.first { $0.id == "QID3" }?.options.map(\.code) == ["1", "2", "3"])
        let survey = extraction.survey.statements.isEmpty ? withStatement(extraction.survey, "QID1") : extraction.survey
        let (session, responses) = try importQualtrics("Questions_with_Text_Entry_Components.csv", survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.count == 15)
        #expect(session.notes.contains("12 answers '-99' (seen but unanswered) read as no answer"))
        let r = byRespondent(responses)
        #expect(r["R_3WwoGVPzMHHaUKh"]?.other["QID3"] == .choices(["1", "3"]))
        #expect(r["R_3WwoGVPzMHHaUKh"]?.other["QID3_2_TEXT"] == nil)
        #expect(
            r["R_3WwoGVPzMHHaUKh"]?.other["QID2_TEXT"]
                == .text("Lectus dictumst tellus consequat convallis sapien, erat ridiculus facilisis velit, morbi primis bibendum aenean.")
        )
        #expect(statement(r["R_2ov78WrayfPSfSB"], "QID1", in: survey) == 3)
    }

    @Test func legacyExportWithNoBasisCodes() throws {
        let extraction = try extracted("No_Basis_for_Evaluation (Legacy).csv")
        let kinds = Dictionary(uniqueKeysWithValues: extraction.survey.questions.map { ($0.id, $0.kind) })
        #expect(kinds["Q1"] == .choice)
        #expect(kinds["Q2"] == .multipleChoice)
        #expect(kinds["Q5_1"] == .multipleChoice)
        let survey = withStatement(extraction.survey, "Q2_1")
        let (session, responses) = try importQualtrics("No_Basis_for_Evaluation (Legacy).csv", survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.count == 15)
        let r = byRespondent(responses)
        #expect(r["R_ebopwASnJ6p0KSp"]?.other["Q1"] == .choice("3"))
        #expect(r["R_ebopwASnJ6p0KSp"]?.other["Q3_1"] == .choice("-1"))
        #expect(r["R_cMkftXWgl0BWu0Z"]?.other["Q4_4"] == .choice("3"))
        #expect(statement(r["R_9mZ86nFH0t9KX6l"], "Q2_1", in: survey) == 1)
        #expect(r["R_ebopwASnJ6p0KSp"]?.submittedAt == "2016-06-24 12:27:08")
    }

    @Test func multipleAnswerMatrixInsights() throws {
        let extraction = try extracted("Multiple_Answer_Matrix_Questions (Insights).csv")
        let kinds = Dictionary(uniqueKeysWithValues: extraction.survey.questions.map { ($0.id, $0.kind) })
        #expect(kinds["QID5_1"] == .multipleChoice)
        #expect(kinds["QID2_3"] == .multipleChoice)
        let survey = withStatement(extraction.survey, "QID2_1_1")
        let (session, responses) = try importQualtrics("Multiple_Answer_Matrix_Questions (Insights).csv", survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.count == 5)
        let r = byRespondent(responses)
        guard case .choices(let row)? = r["R_8i9uJcWSX3p4lX7"]?.other["QID5_1"] else {
            Issue.record("R_8i9uJcWSX3p4lX7 ticked nothing in QID5_1")
            return
        }
        #expect(row.contains("1"))
        if case .choices(let other)? = r["R_8i9uJcWSX3p4lX7"]?.other["QID2_1"] { #expect(!other.contains("2")) }
    }
}
