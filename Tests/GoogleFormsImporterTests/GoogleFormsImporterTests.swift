import DraagvlakCore
import Foundation
import Readers
import Testing

@testable import GoogleFormsImporter

func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
}

func importForms(_ url: URL, survey: Survey, mapping: ColumnMapping? = nil) throws -> (ImportSession, [Response]) {
    var responses: [Response] = []
    let session = ImportSession(
        survey: survey, file: url.lastPathComponent, mapping: mapping, pseudonymise: { $0 }, accept: { responses.append($0) })
    try GoogleFormsImporter().read(ImportFile(url: url), into: session)
    return (session, responses)
}

@Suite struct GoogleFormsImporterTests {
    @Test func detectsTheLocalisedTimestampColumn() throws {
        let plugin = GoogleFormsImporter()
        let match = plugin.identify(try FileSample.read(try fixture("responses-nl.csv")))
        #expect(match.confidence == 0.75)
        #expect(match.reason == "first column 'Tijdstempel' followed by 6 question columns, as Google Forms writes them")
        let other = plugin.identify(FileSample(url: URL(fileURLWithPath: "/x.csv"), head: Array("id,S1\r\nr1,4\r\n".utf8)))
        #expect(other.confidence == 0)
        #expect(other.reason.contains("not Google Forms' 'Timestamp'"))
        let withID = plugin.identify(FileSample(url: URL(fileURLWithPath: "/x.csv"), head: Array("Timestamp,respondent,S1\n".utf8)))
        #expect(withID.confidence == 0.4)
    }

    @Test func surveyNamesQuestionsByColumn() throws {
        let extraction = try GoogleFormsImporter().survey(from: try fixture("responses-nl.csv"), displayName: "responses-nl.csv")
        let survey = extraction.survey
        #expect(survey.statements.map(\.id) == ["q1", "q2"])
        #expect(survey.statements.map(\.scale) == [.likert5, .likert5])
        #expect(survey.statements[0].text == LocalizedText("Ik wil meer groen in de wijk."))
        #expect(survey.questions.map(\.id) == ["q3", "q6"])
        #expect(survey.demographics.map(\.id) == ["q4"])  // "In welke wijk woont u?": a district
        #expect(survey.questions.map(\.kind) == [.multipleChoice, .open])
        #expect(survey.questions[0].options.map(\.code) == ["Fiets", "Bus__tram_of_metro", "Auto"])
        #expect(survey.questions[0].options[1].label == LocalizedText("Bus, tram of metro"))
        #expect(survey.demographics[0].categories.map(\.code) == ["Noord", "Zuid"])
        #expect(
            extraction.skipped == [
                "q5 'Wat is uw naam?': looks like personal data (a name, e-mail address, phone number or address); left out"
            ])
    }

    @Test func importsByColumnPosition() throws {
        let survey = try GoogleFormsImporter().survey(from: try fixture("responses-nl.csv"), displayName: "responses-nl.csv").survey
        let (session, responses) = try importForms(try fixture("responses-nl.csv"), survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.count == 4)
        #expect(responses.map(\.respondent) == ["#record 1", "#record 2", "#record 3", "#record 4"])
        #expect(responses.map(\.source.line) == [2, 3, 4, 5])
        #expect(responses.map(\.statements) == [[5, 2], [4, nil], [3, 4], [1, 5]])
        #expect(responses[0].submittedAt == "2023-11-13T16:20:37")
        #expect(responses[0].other["q3"] == .choices(["Fiets", "Bus__tram_of_metro"]))
        #expect(responses[3].other["q3"] == .choices(["Bus__tram_of_metro", "Auto", "Fiets"]))
        #expect(responses.map { $0.categories[0] } == [0, 1, 0, 0])
        #expect(responses[2].other["q6"] == .text("Meer licht, ook 's nachts"))
        #expect(responses[1].other["q6"] == nil)
        #expect(session.notes.contains("ignored columns that match no question: 'Wat is uw naam?'"))
    }

    @Test func checkboxAnswersSplitOnSemicolonOrCommaKeepingLabels() {
        let splitter = ChoiceSplitter([
            Category(code: "fiets", label: LocalizedText("Fiets")), Category(code: "ov", label: LocalizedText("Bus, tram of metro")),
            Category(code: "a_b", label: LocalizedText("A;B")),
        ])
        #expect(splitter.split("Fiets;Bus, tram of metro") == ["fiets", "ov"])
        #expect(splitter.split("Bus, tram of metro, Fiets") == ["ov", "fiets"])
        #expect(splitter.split("A;B;Fiets") == ["a_b", "fiets"])
        #expect(splitter.split("Fiets;Anders: step") == ["fiets", "Anders: step"])
        #expect(splitter.split("  ") == [])
    }

    @Test func timestampsBecomeISO8601WhenUnambiguous() {
        #expect(GoogleFormsImporter.isoTimestamp("2023/11/13 4:20:37 pm CET") == "2023-11-13T16:20:37+01:00")
        #expect(GoogleFormsImporter.isoTimestamp("2023/11/13 12:05:00 am GMT") == "2023-11-13T00:05:00Z")
        #expect(GoogleFormsImporter.isoTimestamp("13-11-2023 9:02:11") == "2023-11-13T09:02:11")
        #expect(GoogleFormsImporter.isoTimestamp("11/13/2023 16:20:37") == nil)
        #expect(GoogleFormsImporter.isoTimestamp("2023/11/13 4:20:37 pm XYZ") == nil)
    }
}

/// Google Forms' own export (`google-forms/Kobo Test.csv`, GPL-3.0, kobotoolbox/kobo-transfer), read in place.
let formsData = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/datasets/formats/google-forms")

@Suite(
    .enabled(
        if: FileManager.default.fileExists(atPath: formsData.path),
        "\(formsData.path) is absent: the Google Forms conformance test is skipped"))
struct GoogleFormsConformanceTests {
    let file = formsData.appendingPathComponent("Kobo Test.csv")

    @Test func koboTestExport() throws {
        #expect(GoogleFormsImporter().identify(try FileSample.read(file)).confidence == 0.75)
        let extraction = try GoogleFormsImporter().survey(from: file, displayName: "Kobo Test.csv")
        #expect(extraction.survey.questions.map(\.id) == ["q1", "q3"])
        #expect(extraction.survey.questions.map(\.kind) == [.choice, .multipleChoice])
        #expect(extraction.survey.questions[0].options.map(\.code) == ["apple", "orange", "banana"])
        #expect(Set(extraction.survey.questions[1].options.map(\.code)) == ["Sunday", "Monday", "Tuesday", "Wednesday"])
        #expect(extraction.skipped.count == 1)

        // The form asks no statement, which a Draagvlak survey needs: the fruit question stands in
        // for one, its answers mapped to scale points.
        var survey = extraction.survey
        survey = Survey(
            id: survey.id, title: survey.title, themes: survey.themes,
            statements: [Statement(id: "q1", theme: SurveyExtraction.unsortedTheme.id, text: survey.questions[0].text, scale: .likert5)],
            questions: [survey.questions[1]])
        let mapping = ColumnMapping(values: ["q1": ["apple": "1", "orange": "2", "banana": "3"]])
        let (session, responses) = try importForms(file, survey: survey, mapping: mapping)
        #expect(session.problems.isEmpty)
        #expect(responses.count == 5)
        #expect(responses.map(\.statements) == [[1], [2], [3], [3], [2]])
        #expect(responses[0].submittedAt == "2023-11-13T16:20:37+01:00")
        var ticks: [String: Int] = [:]
        for response in responses {
            guard case .choices(let codes)? = response.other["q3"] else { continue }
            for code in codes { ticks[code, default: 0] += 1 }
        }
        #expect(ticks == ["Sunday": 3, "Monday": 3, "Wednesday": 3, "Tuesday": 2])
        #expect(responses[3].other["q3"] == .choices(["Sunday", "Monday", "Tuesday", "Wednesday"]))
        #expect(responses[2].other["q3"] == .choices(["Wednesday"]))
        #expect(session.notes.contains("ignored columns that match no question: 'Tell me your name!'"))
    }
}
