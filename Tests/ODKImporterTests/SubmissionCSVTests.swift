import DraagvlakCore
import Foundation
import Testing

@testable import ODKImporter

@Suite struct SubmissionCSVTests {
    @Test(arguments: [
        ("briefcase/simple-form-commas.csv.expected", "some , text"),
        ("briefcase/simple-form-double-quotes.csv.expected", "some \" text"),
        ("briefcase/simple-form-newlines.csv.expected", "some \n text"),
    ])
    func briefcaseSimpleForm(file: String, text: String) throws {
        let survey = try surveyFrom("briefcase/simple-form.xml").survey
        let c = try collect(file, survey: survey)
        #expect(c.headers == ["respondent", "submitted_at", "some_text"])
        // KEY without a colon; meta-instanceID is empty
        #expect(c.rows.map(\.fields) == [["uuid00000000-0000-0000-0000-000000000000", "2018-01-01T00:00:00", text]])
        #expect(c.problems.isEmpty)
    }

    @Test func briefcaseChoiceListsReadTheSummaryColumnNotTheSplitOnes() throws {
        let survey = try surveyFrom("briefcase/choice-lists.xml").survey
        let c = try collect("briefcase/choice-lists.csv.expected", survey: survey)
        #expect(c.headers == ["respondent", "submitted_at", "some_string", "another_string", "yet_another_string"])
        #expect(
            c.rows.map(\.fields) == [["39f3dd36-161e-45cb-a1a4-395831d253a7", "2018-04-26T08:58:20", "CHOICE_1", "CHOICE_2", "CHOICE_1"]])
    }

    @Test func briefcaseMainFileWithRepeatsSaysTheyAreLeftOut() throws {
        let survey = try surveyFrom("briefcase/nested-repeats.xml").survey
        let c = try collect("briefcase/nested-repeats.csv.expected", survey: survey)
        #expect(c.rows.map(\.fields) == [["0a1b861f-a5fd-4f49-846a-78dcf06cfc1b", "2018-02-01T11:35:19"]])
        #expect(
            c.notes == ["repeat group g1 is exported to separate files, which are not imported: Draagvlak keeps one row per respondent"])
    }

    @Test func repeatGroupFileIsRefused() throws {
        let survey = try surveyFrom("briefcase/nested-repeats.xml").survey
        #expect(throws: InputError.self) { try collect("briefcase/nested-repeats-g1.csv.expected", survey: survey) }
    }

    @Test func kobocatTransportationWithSplitTrueFalseColumnsAndTrailingCommas() throws {
        let survey = try surveyFrom("kobocat/transportation.xml").survey
        let c = try collect("kobocat/transportation.csv", survey: survey)
        #expect(c.problems.isEmpty)
        #expect(c.rows.count == 4)
        #expect(c.headers[0...2] == ["respondent", "submitted_at", "available_transportation_types_to_referral_facility[ambulance]"])
        #expect(
            c.rows.map { $0.fields[0] } == [
                "5b2cc313-fc09-437e-8149-fcd32f695d41", "f3d8dc65-91a6-4d0f-9e97-802128083390",
                "9c6f3468-cfda-46e8-84c1-75458e72805d", "9f0a1508-c3b7-4c99-be00-9b237c26bcbf",
            ])
        #expect(c.value(3, "submitted_at") == "2013-02-14T15:37:24")
        #expect(c.value(3, "available_transportation_types_to_referral_facility[taxi]") == "True")
        #expect(c.value(3, "available_transportation_types_to_referral_facility[other]") == "True")
        #expect(c.value(3, "available_transportation_types_to_referral_facility[bus]") == "False")
        #expect(c.value(3, "available_transportation_types_to_referral_facility_other") == "camel")
        #expect(c.value(3, "taxi.frequency_to_referral_facility") == "daily")
        #expect(c.value(1, "ambulance.frequency_to_referral_facility") == "daily")
        #expect(c.value(1, "bicycle.frequency_to_referral_facility") == "weekly")
        // n/a (not relevant) is no answer
        #expect(c.value(0, "ambulance.frequency_to_referral_facility") == "")
    }

    @Test func kobocatTutorialsTakeTheIdFromUUIDOrInstanceIDAndLeaveRepeatsOut() throws {
        let survey = Survey(
            id: "tutorial", title: LocalizedText("Tutorial"), themes: [], statements: [],
            demographics: [
                DemographicQuestion(
                    id: "has_children", text: LocalizedText("Children?"),
                    categories: [
                        Category(code: "0", label: LocalizedText("No")), Category(code: "1", label: LocalizedText("Yes")),
                    ])
            ],
            questions: [Question(id: "name", kind: .open, text: LocalizedText("Name"))])
        let tutorial = try collect("kobocat/tutorial.csv", survey: survey)
        #expect(
            tutorial.headers == [
                "respondent", "name", "age", "picture", "has_children", "gps", "web_browsers/firefox", "web_browsers/chrome",
                "web_browsers/ie", "web_browsers/safari",
            ])
        #expect(tutorial.rows.count == 1)
        #expect(tutorial.value(0, "respondent") == "8dbb9e05-2116-4846-95fd-1c0261748677")
        #expect(tutorial.value(0, "name") == "")

        let repeats = try collect("kobocat/tutorial_w_repeats.csv", survey: survey)
        #expect(repeats.rows.count == 1)
        #expect(repeats.value(0, "respondent") == "b31c6ac2-b8ca-4180-914f-c844fa10ed3b")
        #expect(repeats.value(0, "submitted_at") == "2013-02-18T15:54:01")
        #expect(repeats.value(0, "name") == "Bob")
        #expect(repeats.value(0, "has_children") == "1")
        #expect(!repeats.headers.contains { $0.contains("children[") })
        #expect(
            repeats.notes == [
                "left out 4 columns of repeat groups (children[1]/childs_name, children[1]/childs_age, children[2]/childs_name, …), as Draagvlak keeps one row per respondent"
            ])
    }

    @Test func kpiSemicolonCSVThroughTheSession() throws {
        let survey = try surveyFrom("synthetic/buurtvisie.xml").survey
        let (session, responses) = try importFile("synthetic/buurtvisie-kpi.csv", survey: survey)
        #expect(session.problems.isEmpty)
        try #require(responses.count == 2)
        #expect(responses.map(\.respondent) == ["eeee5555-0000-4000-8000-000000000006", "ffff6666-0000-4000-8000-000000000007"])
        #expect(responses.map(\.submittedAt) == ["2024-05-02T08:00:00", "2024-05-02T08:15:00"])
        #expect(responses[0].statements == [4, 5])
        #expect(responses[1].statements == [nil, 2])
        #expect(responses.map(\.categories) == [[2], [0]])
        #expect(responses[0].other["prioriteiten"] == .choices(["groen", "verkeer"]))
        #expect(responses[0].other["volgorde"] == .ranking(["verkeer", "wonen", "groen"]))
        #expect(responses[0].other["opmerking"] == .text("Meer bankjes; graag!"))
        #expect(responses[1].other.isEmpty)
        #expect(session.notes == ["ignored columns that match no question: 'start', 'leeftijd'"])
    }

    @Test func briefcaseStyleCSVWithAnEditKeepsTheNewestRow() throws {
        let survey = try surveyFrom("synthetic/buurtvisie.xml").survey
        let (session, responses) = try importFile("synthetic/buurtvisie-briefcase.csv", survey: survey)
        #expect(session.problems.isEmpty)
        try #require(responses.count == 2)
        #expect(responses.map(\.respondent) == ["abab7777-0000-4000-8000-000000000008", "abab7777-0000-4000-8000-000000000010"])
        #expect(responses.map(\.submittedAt) == ["2024-05-04T15:45:00", "2024-05-05T00:01:00"])
        #expect(responses[0].statements == [4, 3])
        #expect(responses[0].other["opmerking"] == .text("Tweede"))
        #expect(responses[0].other["prioriteiten"] == .choices(["wonen", "groen"]))
        #expect(responses[0].source.line == 3)
        #expect(
            session.notes.contains(
                "kept the newest version of edited submissions: skipped 1 earlier version replaced in the same file (deprecatedID)"))
    }

    @Test func briefcaseDates() {
        #expect(SubmissionCSV.briefcaseDate("Apr 26, 2018 8:58:20 AM") == "2018-04-26T08:58:20")
        #expect(SubmissionCSV.briefcaseDate("Feb 1, 2018 11:35:19 AM") == "2018-02-01T11:35:19")
        #expect(SubmissionCSV.briefcaseDate("Jan 1, 2018 12:00:00 AM") == "2018-01-01T00:00:00")
        #expect(SubmissionCSV.briefcaseDate("May 4, 2024 12:30:00 PM") == "2024-05-04T12:30:00")
        #expect(SubmissionCSV.briefcaseDate("2018-04-26T08:58:20.525Z") == nil)
    }
}
