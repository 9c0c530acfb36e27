import DraagvlakCore
import Foundation
import Testing

@testable import ODKImporter

@Suite struct XFormSurveyTests {
    @Test func choiceListsGiveMultipleChoiceAndADemographic() throws {
        let extraction = try surveyFrom("briefcase/choice-lists.xml")
        let survey = extraction.survey
        #expect(survey.id == "choice-lists")
        #expect(survey.title.en == "Choice lists")
        #expect(survey.statements.isEmpty)
        #expect(survey.demographics.map(\.id) == ["another_string"])
        #expect(survey.demographics[0].categories.map(\.code) == ["CHOICE_1", "CHOICE_2"])
        #expect(survey.demographics[0].categories[1].label == LocalizedText("CHOICE 2"))
        #expect(survey.questions.map(\.id) == ["some_string", "yet_another_string"])
        #expect(survey.questions.map(\.kind) == [.multipleChoice, .multipleChoice])
        #expect(survey.questions[1].options.map(\.code) == ["CHOICE_1", "CHOICE_2"])
        #expect(extraction.skipped == ["metadata, not questions: meta/instanceID"])
    }

    @Test func allDataTypesKeepTheTextAndSkipTheRestWithReasons() throws {
        let extraction = try surveyFrom("briefcase/all-data-types.xml")
        #expect(extraction.survey.questions.map(\.id) == ["some_string"])
        #expect(extraction.survey.questions[0].kind == .open)
        #expect(extraction.survey.demographics.isEmpty && extraction.survey.statements.isEmpty)
        let skipped = extraction.skipped
        #expect(skipped.count == 10)
        #expect(
            skipped.contains("'some_int': a number (int); Draagvlak has no numeric answers (a 1–5 scale should be a select_one or a range)")
        )
        #expect(skipped.contains("'some_date_time': a date and time; not a survey answer Draagvlak analyses"))
        #expect(skipped.contains("'some_geoshape': a location (geoshape); not a survey answer Draagvlak analyses"))
        #expect(skipped.contains("'some_barcode': of type barcode; not a survey answer Draagvlak analyses"))
    }

    @Test func repeatGroupsAreSkippedAsOneEntry() throws {
        let extraction = try surveyFrom("briefcase/nested-repeats.xml")
        #expect(extraction.survey.questions.isEmpty)
        #expect(
            extraction.skipped.contains(
                "repeat group 'g1' (3 questions: t1, t2, t3): its answers repeat within one respondent, and Draagvlak keeps one row per respondent"
            ))
    }

    @Test func aControlWithoutLabelIsNamedByItsField() throws {
        let survey = try surveyFrom("briefcase/simple-form.xml").survey
        #expect(survey.questions.map(\.id) == ["some_text"])
        #expect(survey.questions[0].text == LocalizedText("some_text"))
    }

    @Test func kobocatTransportationUsesTheShortestUniquePathTail() throws {
        let extraction = try surveyFrom("kobocat/transportation.xml")
        let survey = extraction.survey
        #expect(survey.id == "transportation_2011_07_25")
        let multi = try #require(survey.questions.first)
        #expect(multi.id == "available_transportation_types_to_referral_facility")
        #expect(multi.kind == .multipleChoice)
        #expect(multi.options.count == 10)
        #expect(multi.options[2] == Category(code: "boat_canoe", label: LocalizedText("boat/canoe")))
        #expect(survey.questions[1].id == "available_transportation_types_to_referral_facility_other")
        #expect(survey.questions[1].text == LocalizedText("Specify other."))
        #expect(survey.demographics.count == 9)
        #expect(survey.demographics.first?.id == "ambulance.frequency_to_referral_facility")
        #expect(survey.demographics.last?.id == "taxi.frequency_to_referral_facility")
        #expect(survey.demographics[5].text == LocalizedText("Is keke napep available daily or weekly?"))
        #expect(survey.demographics[0].categories.map(\.code) == ["daily", "weekly", "other", "dont_know"])
        #expect(extraction.skipped == ["metadata, not questions: formhub/uuid, meta/instanceID"])
    }

    @Test func syntheticFormWithTranslationsScalesRankingAndRepeat() throws {
        let extraction = try surveyFrom("synthetic/buurtvisie.xml")
        let survey = extraction.survey
        #expect(survey.title.nl == "Buurtvisie")
        #expect(survey.statements.map(\.id) == ["groen", "verkeer"])
        #expect(survey.statements.map(\.scale) == [.likert5, .likert5])
        #expect(survey.statements.allSatisfy { $0.theme == SurveyExtraction.unsortedTheme.id })
        #expect(
            survey.statements[0].text
                == LocalizedText(nl: "Er moet meer groen komen in de buurt.", en: "The neighbourhood needs more green."))
        #expect(survey.statements[1].text.nl == "Auto's zijn te gast in onze straat.")
        #expect(survey.demographics.map(\.id) == ["wijk"])
        #expect(survey.demographics[0].text == LocalizedText(nl: "In welke wijk woont u?", en: "Which district do you live in?"))
        #expect(survey.demographics[0].categories.map(\.code) == ["noord", "zuid", "centrum"])
        #expect(survey.questions.map(\.id) == ["prioriteiten", "volgorde", "opmerking"])
        #expect(survey.questions.map(\.kind) == [.multipleChoice, .ranking, .open])
        #expect(extraction.skipped.count == 4)
        #expect(
            extraction.skipped.contains(
                "'leeftijd': a number (int); Draagvlak has no numeric answers (a 1–5 scale should be a select_one or a range)"))
        #expect(extraction.skipped.contains("'start': filled in by the device (timestamp), not asked"))
        #expect(extraction.skipped.contains { $0.hasPrefix("repeat group 'kinderen' (1 question: naam)") })
        #expect(extraction.skipped.contains("metadata, not questions: meta/instanceID, meta/deprecatedID"))
    }

    @Test func itemsetChoicesAreReadFromTheSecondaryInstanceWithTheirTranslations() throws {
        let form = try XForm.read(try fixture("synthetic/buurtvisie.xml"), displayName: "buurtvisie.xml")
        let groen = try #require(form.controls.first)
        #expect(groen.path == "/buurtvisie/visie/groen")
        let choices = form.choices(of: groen)
        #expect(choices.map(\.value) == ["1", "2", "3", "4", "5"])
        #expect(choices[0].label.itextID == "eens-1")
        #expect(form.controls[1].path == "/buurtvisie/visie/verkeer")
        #expect(form.repeats == ["/buurtvisie/kinderen"])
        // the image variant of a label is not its text
        #expect(form.translations[1].texts["/buurtvisie/visie/groen:label"] == "Er moet meer groen komen in de buurt.")
    }

    @Test func extractorAnswersForXFormsOnly() throws {
        let importer = ODKImporter()
        let form = try FileSample.read(try fixture("briefcase/choice-lists.xml"))
        #expect(importer.identifyStructure(form).confidence == 0.95)
        let instance = try FileSample.read(try fixture("briefcase/choice-lists-submission.xml"))
        #expect(importer.identifyStructure(instance).confidence == 0)
    }
}
