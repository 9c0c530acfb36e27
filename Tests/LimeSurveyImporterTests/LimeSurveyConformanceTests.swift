import DraagvlakCore
import Foundation
import Testing

@testable import LimeSurveyImporter

/// Conformance with real LimeSurvey exports in `../shared/datasets/formats/limesurvey/` (no licence
/// to copy them into the repository: LimeSurvey/limesurvey-core-testing is UNLICENSED, limonaid is
/// GPL). The folder is not part of the repository: when it is absent these tests say so and are skipped.
let limeSurveyData = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/datasets/formats/limesurvey")
let limeSurveyDataPresent = FileManager.default.fileExists(atPath: limeSurveyData.path)
let limeSurveyDataMissing = "\(limeSurveyData.path) is absent: the LimeSurvey conformance tests are skipped"

@Suite(.enabled(if: limeSurveyDataPresent, Comment(rawValue: limeSurveyDataMissing))) struct LimeSurveyConformanceTests {
    func data(_ name: String) -> URL { limeSurveyData.appendingPathComponent(name) }

    static let colorHeaders =
        ["respondent", "submitted_at"] + (1...11).map { String(format: "Q00[SQ%03d]", $0) } + ["G01Q02", "G01Q03", "G02Q04"]

    /// The two responses of the colors survey, as the research verified them.
    func expectColorRows(_ c: Collector) {
        #expect(c.headers == Self.colorHeaders)
        #expect(c.rows.count == 2)
        guard c.rows.count == 2 else { return }
        #expect(c.rows.map { $0.fields[0] } == ["1", "2"])
        // Both submitted with dates not recorded (datestamp N): 1980-01-01 00:00:00 → no date.
        #expect(c.rows.map { $0.fields[1] } == ["", ""])
        let ticked = c.rows.map { row in (1...11).filter { row.fields[1 + $0] == "1" } }
        #expect(ticked == [[9, 11], [1, 2]])
        #expect(c.rows.allSatisfy { row in (1...11).allSatisfy { ["0", "1"].contains(row.fields[1 + $0]) } })
        #expect(c.value(0, "G01Q02") == "I am a fan of heavy metal music")
        #expect(c.value(0, "G01Q03") == "")
        #expect(c.value(1, "G01Q02") == "")
        #expect(c.value(1, "G01Q03") == "They brighten my day")
        #expect(c.value(0, "G02Q04") == "AO01")
        #expect(c.value(1, "G02Q04") == "AO01")
        #expect(!c.notes.contains { $0.contains("incomplete") })
    }

    @Test func colorsStructure() throws {
        let extraction = try extracted(data("survey_841748.lss"))
        let survey = extraction.survey
        #expect(survey.id == "limesurvey-841748")
        #expect(survey.title == LocalizedText("Colors"))
        #expect(survey.statements.isEmpty)
        #expect(survey.demographics.map(\.id) == ["G02Q04"])
        // The answer labels are only <img> HTML: the codes stand in.
        #expect(survey.demographics[0].categories.map(\.label) == [LocalizedText("AO01"), LocalizedText("AO02")])
        #expect(survey.questions.map(\.id) == ["Q00", "G01Q02", "G01Q03"])
        #expect(survey.questions.map(\.kind) == [.multipleChoice, .open, .open])
        #expect(survey.questions[0].options.count == 11)
        #expect(survey.questions[0].options[8] == Category(code: "SQ009", label: LocalizedText("black")))
        #expect(survey.questions[0].text == LocalizedText("What colors are your favorite? Pick at least two."))
        #expect(survey.questions[1].text == LocalizedText("Why do you like darker colors?"))
    }

    @Test func dateAndTimeHasNothingToImport() throws {
        let extraction = try extracted(data("date_and_time.lss"))
        #expect(extraction.survey.id == "limesurvey-727741")
        #expect(extraction.survey.statements.isEmpty)
        #expect(extraction.survey.demographics.isEmpty)
        #expect(extraction.survey.questions.isEmpty)
        #expect(
            extraction.skipped == [
                "'Q00' (type D): date: not supported", "'Q01' (type D): date: not supported", "'Q02' (type D): date: not supported",
            ])
    }

    @Test func questionGroupExport() throws {
        let extraction = try extracted(data("limesurvey_group_1370.lsg"))
        let survey = extraction.survey
        #expect(survey.id == "limesurvey-811344")
        #expect(survey.title == LocalizedText("Group Title"))
        #expect(survey.demographics.map(\.id) == ["questionCode1"])
        #expect(survey.demographics[0].categories.map(\.label.en) == ["Answer option 1", "Answer option 2", "Answer option 3"])
        // An F array with 3 answer options is no Likert scale: a choice per subquestion.
        #expect(survey.questions.map(\.id) == ["questionCode2_subQuestion1", "questionCode2_subQuestion2", "questionCode2_subQuestion3"])
        #expect(survey.questions.allSatisfy { $0.kind == .choice && $0.options.map(\.code) == ["1", "2", "3"] })
    }

    @Test func colorsResponsesThroughTheStructureNextToThem() throws {
        let c = try Collector.read(data("survey_841748_responses.lsr"))
        expectColorRows(c)
    }

    @Test func colorsArchiveGivesTheSameResponses() throws {
        let c = try Collector.read(data("colors.lsa"))
        expectColorRows(c)
        let survey = try extracted(data("colors.lsa")).survey
        #expect(survey.questions.map(\.id) == ["Q00", "G01Q02", "G01Q03"])
    }

    @Test func colorsThroughAnImportSession() throws {
        // The colors survey has no statement, and an import needs at least one statement column.
        let survey = try extracted(data("survey_841748.lss")).survey
        let (session, responses) = try importFile(data("colors.lsa"), survey: survey)
        #expect(responses.isEmpty)
        #expect(session.problems.count == 1)
        #expect(session.problems.first?.message.hasPrefix("no column matches a statement of survey 'limesurvey-841748'") == true)
    }

    @Test func detection() throws {
        let plugin = LimeSurveyImporter()
        func match(_ name: String) throws -> FormatMatch { plugin.identify(try FileSample.read(data(name))) }
        #expect(try match("colors.lsa").confidence == 0.95)
        #expect(try match("survey_841748_responses.lsr").confidence == 0.95)
        #expect(try match("survey_841748.lss").confidence == 0)
        #expect(try match("date_and_time.lss").confidence == 0)
        #expect(try match("limesurvey_group_1370.lsg").confidence == 0)
        #expect(try match("survey_998192_R_data_file.csv").confidence == 0.75)
        #expect(try match("colors.txt").confidence == 0)
    }

    @Test func rDataFilesKeepCompleteResponsesOnly() throws {
        let a = try Collector.read(data("survey_998192_R_data_file.csv"))
        #expect(Array(a.headers.prefix(2)) == ["respondent", "submitted_at"])
        #expect(a.headers.count == 71 - 5)
        #expect(a.rows.map { $0.fields[0] } == ["1", "9"])
        #expect(a.rows.map { $0.fields[1] } == ["2021-09-24 11:39:34", "2022-03-15 09:56:23"])
        #expect(a.notes.contains("left out 5 incomplete responses (no submission date: the respondent did not finish)"))

        let b = try Collector.read(data("survey_100001_R_data_file.csv"))
        #expect(b.rows.map { $0.fields[0] } == ["1", "3"])
        #expect(b.notes.contains("left out 1 incomplete response (no submission date: the respondent did not finish)"))
        // Column 7 of the file ('Where do you live?', code country) is the first question column.
        #expect(b.rows.map { $0.fields[2] } == ["af00", "nl00"])
    }
}
