import DraagvlakCore
import Foundation
import Testing

@testable import LimeSurveyImporter

@Suite struct LimeSurveySurveyFromTests {
    @Test func mapsTheQuestionTypesOfALimeSurvey4Structure() throws {
        let extraction = try extracted(try fixture("survey_123456.lss"))
        let survey = extraction.survey
        #expect(survey.id == "limesurvey-123456")
        #expect(survey.title == LocalizedText(nl: "Toekomstvisie De Wijk", en: "Future vision The Neighbourhood"))
        #expect(survey.themes == [SurveyExtraction.unsortedTheme])

        #expect(survey.statements.map(\.id) == ["S1_SQ001", "S1_SQ002", "S2", "S3_SQ001"])
        #expect(survey.statements.allSatisfy { $0.scale == .likert5 && $0.theme == SurveyExtraction.unsortedTheme.id })
        #expect(survey.statements[0].text == LocalizedText(nl: "Meer groen in de wijk", en: "More green in the neighbourhood"))
        #expect(survey.statements[2].text == LocalizedText(nl: "De wijk is veilig genoeg", en: "The neighbourhood is safe enough"))

        #expect(survey.demographics.map(\.id) == ["wijk"])
        #expect(survey.demographics[0].categories.map(\.code) == ["N", "Z", "C"])
        #expect(survey.demographics[0].categories[2].label == LocalizedText(nl: "Centrum", en: "Centre"))

        #expect(survey.questions.map(\.id) == ["prio", "prio_other", "rang", "budget", "idee", "eens"])
        #expect(survey.questions.map(\.kind) == [.multipleChoice, .open, .ranking, .points, .open, .choice])
        #expect(survey.questions[0].options.map(\.code) == ["SQ001", "SQ002", "SQ003"])
        #expect(survey.questions[2].options.map(\.code) == ["A1", "A2", "A3"])
        #expect(survey.questions[3].options.map(\.code) == ["groen", "verkeer"])
        #expect(survey.questions[3].total == 100)
        #expect(survey.questions[5].options.map(\.code) == ["Y", "N"])

        #expect(extraction.skipped.count == 4)
        #expect(extraction.skipped.contains { $0.hasPrefix("'wijk' (type L)") && $0.contains("demographic") })
        #expect(extraction.skipped.contains { $0.hasPrefix("'eens' (type Y)") && $0.contains("choice") })
        #expect(extraction.skipped.contains { $0 == "'geb' (type D): date: not supported" })
        #expect(extraction.skipped.contains { $0.hasPrefix("'info' (type X)") })
    }

    @Test func arrayWithSevenPointsIsLikert7AndOtherCountsAreChoices() throws {
        var structure = try LimeSurveyStructure.read(try fixture("survey_123456.lss"), displayName: "x.lss")
        let index = try #require(structure.questions.firstIndex { $0.code == "S3" })
        structure.questions[index].answers.insert(
            contentsOf: [
                LimeSurveyStructure.Answer(code: "A7", order: 7, scale: 0, text: ["nl": "Zeer eens", "en": "Very much agree"]),
                LimeSurveyStructure.Answer(code: "A8", order: 8, scale: 0, text: ["nl": "Volledig eens", "en": "Completely agree"]),
            ], at: 5)
        let seven = LimeSurveyMapping(structure)
        #expect(seven.survey.statements.last?.scale == .likert7)
        let column = try #require(seven.columns.first { $0.header == "S3_SQ001" })
        #expect(column.conversion.apply("A7") == "6")
        #expect(column.conversion.apply("A8") == "7")
        #expect(column.conversion.apply("A6") == "")

        structure.questions[index].answers.removeFirst(3)
        let three = LimeSurveyMapping(structure)
        #expect(!three.survey.statements.contains { $0.id == "S3_SQ001" })
        let choice = try #require(three.survey.questions.first { $0.id == "S3_SQ001" })
        #expect(choice.kind == .choice)
        #expect(three.skipped.contains { $0.hasPrefix("'S3' (type F): 4 answer options") })
    }

    @Test func mapsALimeSurvey3StructureAndReportsOtherLanguages() throws {
        let extraction = try extracted(try fixture("survey_654321.lss"))
        let survey = extraction.survey
        #expect(survey.id == "limesurvey-654321")
        #expect(survey.title == LocalizedText(nl: "Wijkonderzoek", en: "Neighbourhood survey"))
        #expect(survey.statements.map(\.id) == ["A1_SQ001", "A1_SQ002"])
        #expect(survey.statements[0].text == LocalizedText(nl: "Meer bomen", en: "More trees"))
        #expect(survey.demographics.map(\.id) == ["wijk"])
        #expect(survey.demographics[0].categories.map(\.code) == ["1", "2", "other"])
        #expect(survey.demographics[0].categories[0].label == LocalizedText(nl: "Noord", en: "North"))
        #expect(survey.questions.map(\.id) == ["wijk_other", "T1"])
        #expect(survey.questions[1].text == LocalizedText(nl: "Wat wilt u nog kwijt?", en: "Anything else?"))
        #expect(extraction.skipped.first == "texts in language 'fr' were left out: Draagvlak keeps Dutch and English")
        #expect(extraction.skipped.count == 2)
    }

    @Test func oneQuestionInEnglishAndEstonian() throws {
        // MIT fixture from TonisOrmisson/limesurvey-structure-imex.
        let extraction = try extracted(try fixture("survey-one-question-two-languages.lss"))
        let survey = extraction.survey
        #expect(survey.id == "limesurvey-435933")
        #expect(survey.title == LocalizedText("test-survey-1"))
        #expect(survey.statements.isEmpty)
        #expect(survey.questions.map(\.id) == ["Q1"])
        #expect(survey.questions[0].kind == .open)
        #expect(survey.questions[0].text == LocalizedText("Q1"))
        #expect(extraction.skipped == ["texts in language 'et' were left out: Draagvlak keeps Dutch and English"])
    }

    @Test func surveyFromTheArchiveEqualsSurveyFromItsStructure() throws {
        let fromArchive = try extracted(try fixture("survey_archive_123456.lsa")).survey
        let fromStructure = try extracted(try fixture("survey_123456.lss")).survey
        #expect(fromArchive.id == fromStructure.id)
        #expect(fromArchive.statements == fromStructure.statements)
        #expect(fromArchive.demographics == fromStructure.demographics)
        #expect(fromArchive.questions == fromStructure.questions)
    }

    @Test func responsesAndCSVExportsMakeNoSurvey() throws {
        #expect(throws: InputError.self) { try extracted(try fixture("survey_123456_responses.lsr")) }
        #expect(throws: InputError.self) { try extracted(try fixture("results-survey123456.csv")) }
    }

    @Test func identifyStructure() throws {
        let plugin = LimeSurveyImporter()
        func confidence(_ name: String) throws -> Double {
            plugin.identifyStructure(try FileSample.read(try fixture(name))).confidence
        }
        #expect(try confidence("survey_123456.lss") == 0.95)
        #expect(try confidence("survey_654321.lss") == 0.95)
        #expect(try confidence("survey_archive_123456.lsa") == 0.9)
        #expect(try confidence("survey_123456_responses.lsr") == 0)
        #expect(try confidence("results-survey123456.csv") == 0)
    }
}
