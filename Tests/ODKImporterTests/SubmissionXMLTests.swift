import DraagvlakCore
import Foundation
import Testing

@testable import ODKImporter

@Suite struct SubmissionXMLTests {
    @Test func briefcaseInstanceWithNamespacedMeta() throws {
        let survey = try surveyFrom("briefcase/choice-lists.xml").survey
        let c = try collect("briefcase/choice-lists-submission.xml", survey: survey)
        #expect(c.headers == ["respondent", "submitted_at", "some_string", "another_string", "yet_another_string"])
        #expect(c.rows.count == 1)
        #expect(
            c.rows[0].fields == ["39f3dd36-161e-45cb-a1a4-395831d253a7", "2018-04-26T08:58:20.525Z", "CHOICE_1", "CHOICE_2", "CHOICE_1"])
        #expect(c.rows[0].line == 1)
        #expect(c.problems.isEmpty && c.notes.isEmpty)
    }

    @Test func fieldsOutsideTheSurveyAreHandedOnByPathToBeListedAsIgnored() throws {
        let survey = try surveyFrom("briefcase/all-data-types.xml").survey
        let c = try collect("briefcase/all-data-types-submission.xml", survey: survey)
        #expect(c.rows.count == 1)
        #expect(c.value(0, "some_string") == "Hola")
        #expect(c.value(0, "some_int") == "123")
        #expect(c.value(0, "some_geopoint") == "43.3149254 -1.9869671 71.80000305175781 15.478")
        #expect(c.headers.count == 2 + 10)
        #expect(!c.headers.contains("meta/instanceID"))
    }

    @Test func nestedRepeatsAreLeftOutAndCounted() throws {
        let survey = try surveyFrom("briefcase/nested-repeats.xml").survey
        let c = try collect("briefcase/nested-repeats-submission.xml", survey: survey)
        #expect(c.headers == ["respondent", "submitted_at"])
        #expect(c.rows.map(\.fields) == [["0a1b861f-a5fd-4f49-846a-78dcf06cfc1b", "2018-02-01T11:35:19.178Z"]])
        #expect(
            c.notes == [
                "left out repeat groups, as Draagvlak keeps one row per respondent: g1 (3×), g1/g2 (4×), g1/g2/g3 (5×), holding 12 answers"
            ])
    }

    @Test func kobocatInstanceMapsByPathTail() throws {
        let survey = try surveyFrom("kobocat/transportation.xml").survey
        let c = try collect("kobocat/transport_2011-07-25_19-06-14.xml", survey: survey)
        #expect(c.rows.count == 1)
        #expect(c.value(0, "respondent") == "9f0a1508-c3b7-4c99-be00-9b237c26bcbf")
        #expect(c.value(0, "submitted_at") == "")
        #expect(c.value(0, "available_transportation_types_to_referral_facility") == "taxi;other")
        #expect(c.value(0, "available_transportation_types_to_referral_facility_other") == "camel")
        #expect(c.value(0, "taxi.frequency_to_referral_facility") == "daily")
        // not in the form: handed on by its path, so the session lists it as ignored
        #expect(c.value(0, "transport/loop_over_transport_types_frequency/other/frequency_to_referral_facility") == "other")
        // empty group elements (<ambulance/>) carry no data and are no columns
        #expect(!c.headers.contains("transport/loop_over_transport_types_frequency/ambulance"))
        #expect(c.problems.isEmpty)
    }

    @Test func unknownMultipleChoiceCodeIsDroppedWithANote() throws {
        let survey = try surveyFrom("kobocat/transportation.xml").survey
        let c = try collect("kobocat/transport_2011-07-25_19-05-49_with_xmlns.xml", survey: survey)
        #expect(c.value(0, "respondent") == "5b2cc313-fc09-437e-8149-fcd32f695d41")
        #expect(c.value(0, "available_transportation_types_to_referral_facility") == "")
        #expect(
            c.notes == [
                "dropped option codes the survey does not list (e.g. from another version of the form): available_transportation_types_to_referral_facility: 'none' (1×)"
            ])
    }

    @Test func editInTheSameDumpReplacesTheOriginal() throws {
        let survey = try surveyFrom("synthetic/buurtvisie.xml").survey
        let (session, responses) = try importFile("synthetic/buurtvisie-dump.xml", survey: survey)
        #expect(session.problems.isEmpty)
        try #require(responses.count == 2)
        #expect(responses.map(\.respondent) == ["bbbb2222-0000-4000-8000-000000000002", "aaaa1111-0000-4000-8000-000000000001"])
        let edit = responses[1]
        #expect(edit.statements == [4, 3])
        #expect(edit.categories == [0])
        #expect(edit.submittedAt == nil)
        #expect(edit.other["prioriteiten"] == .choices(["groen"]))
        #expect(edit.other["volgorde"] == .ranking(["groen", "wonen", "verkeer"]))
        #expect(edit.other["opmerking"] == .text("Tweede versie"))
        #expect(responses[0].statements == [5, 1])
        #expect(responses[0].other["opmerking"] == nil)
        #expect(
            session.notes.contains(
                "kept the newest version of edited submissions: skipped 1 earlier version replaced in the same input (meta/deprecatedID)"))
        #expect(
            session.notes.contains("left out repeat groups, as Draagvlak keeps one row per respondent: kinderen (1×), holding 1 answer"))
        #expect(
            session.notes.contains(
                "dropped option codes the survey does not list (e.g. from another version of the form): prioriteiten: 'onbekend' (1×)"))
        #expect(session.notes.contains("ignored columns that match no question: 'start', 'leeftijd'"))
    }

    @Test func aFolderOfInstancesIsOneInputSoTheEditWinsWhateverTheOrder() throws {
        let survey = try surveyFrom("synthetic/buurtvisie.xml").survey
        let (session, responses) = try importFile("synthetic/buurtvisie-folder", survey: survey)
        #expect(session.problems.isEmpty)
        try #require(responses.count == 1)
        #expect(responses[0].respondent == "dddd4444-0000-4000-8000-000000000004")
        #expect(responses[0].statements == [5, 4])
        #expect(responses[0].other["opmerking"] == .text("Na bewerking"))
        #expect(responses[0].source.file == "synthetic/buurtvisie-folder")
        #expect(responses[0].source.line == 2)
    }

    @Test func anEditReadAsItsOwnFileGetsTheRespondentOfTheOriginal() throws {
        // Across separate imports the store keeps the first response of a respondent, so the
        // edit must at least land on the same respondent (and the user is told).
        let survey = try surveyFrom("synthetic/buurtvisie.xml").survey
        let (_, original) = try importFile("synthetic/buurtvisie-folder/2-original.xml", survey: survey)
        let (session, edit) = try importFile("synthetic/buurtvisie-folder/1-edit.xml", survey: survey)
        #expect(original.map(\.respondent) == edit.map(\.respondent))
        #expect(edit.map(\.statements) == [[5, 4]])
        #expect(session.notes.contains { $0.hasPrefix("1 submission is an edit of an earlier version not in this input") })
    }

    @Test func anXFormIsNoResponsesFile() throws {
        let survey = try surveyFrom("briefcase/simple-form.xml").survey
        #expect(throws: InputError.self) { try collect("briefcase/simple-form.xml", survey: survey) }
    }

    @Test func malformedXMLNamesFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("odk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("broken.xml")
        try Data("<data id=\"f\">\n<a>1</b>\n</data>".utf8).write(to: url)
        let survey = try surveyFrom("briefcase/simple-form.xml").survey
        do {
            try ODKImporter().read(ImportFile(url: url, displayName: "broken.xml"), into: Collector(survey))
            Issue.record("a malformed file was read")
        } catch let error as InputError {
            #expect(error.summary.hasPrefix("broken.xml:2"))
        }
    }
}
