import DraagvlakCore
import Foundation
import Testing

@testable import LimeSurveyImporter

@Suite struct LimeSurveyStructureTests {
    @Test func readsTheLimeSurvey4LayoutWithL10nTables() throws {
        let url = try fixture("survey_123456.lss")
        let s = try LimeSurveyStructure.read(url, displayName: "survey_123456.lss")
        #expect(s.docType == "Survey")
        #expect(s.dbVersion == 640)
        #expect(s.hasL10nTables)
        #expect(s.sid == "123456")
        #expect(s.baseLanguage == "nl")
        #expect(s.languages == ["nl", "en"])
        #expect(s.datestamp)
        #expect(s.titles == ["nl": "Toekomstvisie De Wijk", "en": "Future vision The Neighbourhood"])
        #expect(s.groups.map(\.gid) == ["10", "20"])
        #expect(s.groups[1].name == ["nl": "Overig", "en": "Other"])
        #expect(s.questions.map(\.code) == ["S1", "S2", "S3", "wijk", "prio", "rang", "budget", "idee", "eens", "geb", "info"])
        let s1 = s.questions[0]
        #expect(s1.type == "A")
        #expect(s1.columnPrefix == "123456X10X100")
        #expect(s1.subquestions.map(\.code) == ["SQ001", "SQ002"])
        #expect(s1.subquestions[1].text == ["nl": "Minder auto's in de straat", "en": "Fewer cars in the street"])
        let s3 = s.questions[2]
        #expect(s3.answers.map(\.code) == ["A1", "A2", "A3", "A4", "A5", "A6"])
        #expect(s3.answers[5].text["en"] == "Don't know")
        #expect(s.questions[4].other)
        #expect(s.questions[6].attributes["equals_num_value"] == "100")
        #expect(s.questions[4].attributes["other_replace_text[nl]"] == "Iets anders")
    }

    @Test func readsTheLimeSurvey3LayoutWithTextsInTheRows() throws {
        let s = try LimeSurveyStructure.read(try fixture("survey_654321.lss"), displayName: "survey_654321.lss")
        #expect(s.dbVersion == 366)
        #expect(!s.hasL10nTables)
        #expect(s.sid == "654321")
        #expect(s.languages == ["nl", "en", "fr"])
        #expect(!s.datestamp)
        #expect(s.groups.count == 1)
        #expect(s.groups[0].name == ["nl": "Algemeen", "en": "General", "fr": "Général"])
        #expect(s.questions.map(\.code) == ["A1", "wijk", "T1"])
        #expect(s.questions[0].text["en"] == "How much do you agree with:")
        #expect(s.questions[0].subquestions.map(\.code) == ["SQ001", "SQ002"])
        #expect(s.questions[0].subquestions[0].text == ["nl": "Meer bomen", "en": "More trees", "fr": "Plus d'arbres"])
        #expect(s.questions[1].answers.map(\.code) == ["1", "2"])
        #expect(s.questions[1].answers[1].text == ["nl": "Zuid", "en": "South", "fr": "Sud"])
        #expect(s.questions[1].other)
    }

    @Test func emptyElementsAndMissingElementsInTheMITFixture() throws {
        // survey-one-question-two-languages.lss: base en, additional et; <question/> is empty, the et row has no <script>.
        let s = try LimeSurveyStructure.read(try fixture("survey-one-question-two-languages.lss"), displayName: "x.lss")
        #expect(s.sid == "435933")
        #expect(s.dbVersion == 630)
        #expect(s.baseLanguage == "en")
        #expect(s.languages == ["en", "et"])
        #expect(s.titles == ["en": "test-survey-1", "et": ""])
        #expect(s.questions.map(\.code) == ["Q1"])
        #expect(s.questions[0].text == ["en": "", "et": ""])
        #expect(s.questions[0].columnPrefix == "435933X641X1933")
    }

    @Test func aResponsesDocumentIsNoStructure() throws {
        #expect(throws: InputError.self) {
            try LimeSurveyStructure.read(try fixture("survey_123456_responses.lsr"), displayName: "r.lsr")
        }
    }

    @Test func plainTextStripsHTMLAndDecodesEntities() {
        #expect(LimeSurveyMapping.plainText("<p>De wijk is <b>veilig</b>&nbsp;genoeg</p>") == "De wijk is veilig genoeg")
        #expect(LimeSurveyMapping.plainText("<img alt=\"\" src=\"fire.png\" />") == "")
        #expect(LimeSurveyMapping.plainText("3 &lt; 4 &amp; 5 &#62; 2, caf&#xE9;\r\n ok") == "3 < 4 & 5 > 2, café ok")
        #expect(LimeSurveyMapping.plainText("a < b") == "a < b")
    }

    @Test func conversions() {
        typealias C = LimeSurveyMapping.Conversion
        #expect(C.flag.apply("Y") == "1")
        #expect(C.flag.apply("") == "0")
        #expect(C.flag.apply(nil) == "")
        #expect(C.number.apply("60.0000000000") == "60")
        #expect(C.number.apply("2.5000000000") == "2.5000000000")
        #expect(C.scalePoint.apply("A4") == "4")
        #expect(C.scalePoint.apply("AO05") == "5")
        #expect(C.scalePoint.apply("AN") == "AN")
        #expect(C.values(["A6": "", "A1": "1"]).apply("A6") == "")
        #expect(C.values(["-oth-": "other"]).apply("N") == "N")
        #expect(C.otherCode.apply("-oth-") == "other")
    }
}
