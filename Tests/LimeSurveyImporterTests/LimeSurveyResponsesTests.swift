import DraagvlakCore
import Foundation
import Testing

@testable import LimeSurveyImporter

/// What the synthetic survey 123456's complete responses (ids 1, 3 and 4) import as.
func expectSurvey123456(_ responses: [Response], text1: String = "Meer bankjes & bomen <graag>") {
    #expect(responses.map(\.respondent) == ["1", "3", "4"])
    #expect(responses.map(\.submittedAt) == ["2024-05-01 10:00:00", "2024-05-02 11:30:00", nil])
    #expect(responses.map(\.statements) == [[5, 2, 4, 4], [nil, nil, 1, nil], [3, 4, nil, 1]])
    #expect(responses.map(\.categories) == [[0], [1], [2]])
    guard responses.count == 3 else { return }
    #expect(
        responses[0].other == [
            "prio": .choices(["SQ001", "SQ003"]), "rang": .ranking(["A3", "A1", "A2"]),
            "budget": .points(["groen": 60, "verkeer": 40]), "idee": .text(text1), "eens": .choice("Y"),
        ])
    #expect(responses[1].other == ["prio_other": .text("Speeltuinen"), "eens": .choice("N")])
    #expect(
        responses[2].other == [
            "prio": .choices(["SQ002"]), "rang": .ranking(["A2", "A3"]), "budget": .points(["groen": 100, "verkeer": 0]),
        ])
}

@Suite struct LimeSurveyResponsesTests {
    let survey: Survey

    init() throws {
        survey = try extracted(try fixture("survey_123456.lss")).survey
    }

    @Test func readsAnLSRThroughTheStructureNextToIt() throws {
        let (session, responses) = try importFile(try fixture("survey_123456_responses.lsr"), survey: survey)
        #expect(session.problems.isEmpty)
        expectSurvey123456(responses)
        #expect(responses.allSatisfy { $0.source == SourcePosition(file: "survey_123456_responses.lsr", line: 2) })
        #expect(session.notes.contains("left out 1 incomplete response (no submitdate: the respondent did not finish)"))
        #expect(
            session.notes.contains {
                $0.hasPrefix("left out 1 response column of questions the survey does not import") && $0.hasSuffix("123456X20X250")
            })
        #expect(session.records == 3)
    }

    @Test func headersAreTheSurveyIdsAndNullDiffersFromEmpty() throws {
        let c = try Collector.read(try fixture("survey_123456_responses.lsr"))
        #expect(
            c.headers == [
                "respondent", "submitted_at", "S1_SQ001", "S1_SQ002", "S2", "S3_SQ001", "wijk", "prio[SQ001]", "prio[SQ002]", "prio[SQ003]",
                "prio_other", "rang[1]", "rang[2]", "rang[3]", "budget[groen]", "budget[verkeer]", "idee", "eens",
            ])
        #expect(c.rows.count == 3)
        // id 3: an unticked box is "0" (shown, not ticked); the NULL of a question not shown is "".
        #expect(c.value(1, "prio[SQ001]") == "0")
        #expect(c.value(1, "S1_SQ002") == "")
        #expect(c.value(1, "S3_SQ001") == "")
        #expect(c.value(0, "S3_SQ001") == "4")
        #expect(c.value(0, "budget[groen]") == "60")
        #expect(c.value(2, "submitted_at") == "")
    }

    @Test func findsAStructureWithAnotherNameBySurveyID() throws {
        let dir = try folder(with: [
            ("survey_123456_responses.lsr", "export.lsr"), ("survey_654321.lss", "other.lss"), ("survey_123456.lss", "structure.lss"),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (session, responses) = try importFile(dir.appendingPathComponent("export.lsr"), survey: survey)
        #expect(session.problems.isEmpty)
        expectSurvey123456(responses)
    }

    @Test func withoutItsStructureAnLSRIsRefused() throws {
        let dir = try folder(with: [
            ("survey_123456_responses.lsr", "survey_123456_responses.lsr"), ("survey_654321.lss", "survey_654321.lss"),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = try #require(throws: InputError.self) {
            try importFile(dir.appendingPathComponent("survey_123456_responses.lsr"), survey: survey)
        }
        #expect(
            error.description.hasPrefix(
                "survey_123456_responses.lsr: the responses of survey 123456 are read through the survey's structure"))
        #expect(error.description.contains("survey_123456.lss"))
    }

    @Test func readsAnArchiveLikeItsMembers() throws {
        let (session, responses) = try importFile(try fixture("survey_archive_123456.lsa"), survey: survey)
        #expect(session.problems.isEmpty)
        expectSurvey123456(responses)
        #expect(session.notes.contains("left out 1 incomplete response (no submitdate: the respondent did not finish)"))
    }

    @Test func archiveExtractsOnlyStructureAndResponses() throws {
        let archive = try LimeSurveyArchive.extract(try fixture("survey_archive_123456.lsa"), displayName: "a.lsa")
        defer { archive.remove() }
        #expect(archive.structure?.name == "survey_123456.lss")
        #expect(archive.responses?.name == "survey_123456_responses.lsr")
        let files = try FileManager.default.contentsOfDirectory(atPath: archive.directory.path).sorted()
        #expect(files == ["responses.lsr", "structure.lss"])
        archive.remove()
        #expect(!FileManager.default.fileExists(atPath: archive.directory.path))
    }

    @Test func readsTheCSVExportThroughTheStructureNextToIt() throws {
        let (session, responses) = try importFile(try fixture("results-survey123456.csv"), survey: survey)
        #expect(session.problems.isEmpty)
        expectSurvey123456(responses, text1: "Meer bankjes,\nen \"bomen\"")
        #expect(responses.map(\.source.line) == [2, 5, 6])
        #expect(session.notes.contains("answers decoded through the survey structure survey_123456.lss"))
        #expect(session.notes.contains("left out 1 incomplete response (no submission date: the respondent did not finish)"))
        #expect(session.notes.contains("ignored columns that match no question: 'geb'"))
    }

    @Test func withoutAStructureTheCSVIsMatchedToTheSurveyByCode() throws {
        let dir = try folder(with: [("results-survey123456.csv", "results-survey123456.csv")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("results-survey123456.csv")
        let c = try Collector.read(url, survey: survey)
        #expect(
            c.headers == [
                "respondent", "submitted_at", "S1_SQ001", "S1_SQ002", "S2", "S3_SQ001", "wijk", "prio[SQ001]", "prio[SQ002]", "prio[SQ003]",
                "prio_other", "rang[1]", "rang[2]", "rang[3]", "budget[groen]", "budget[verkeer]", "idee", "eens", "geb",
            ])
        #expect(c.rows.map(\.line) == [2, 5, 6])
        #expect(c.value(0, "S3_SQ001") == "4")
        #expect(c.value(0, "prio[SQ001]") == "Y")
        // Without the structure "A6" (don't know) cannot be told from a sixth scale point.
        let (session, responses) = try importFile(url, survey: survey)
        #expect(
            session.problems.map(\.description) == ["results-survey123456.csv:5: column 'S3_SQ001': value '6' is outside the scale 1–5"])
        #expect(responses.count == 1)
    }

    @Test func identify() throws {
        let plugin = LimeSurveyImporter()
        func match(_ name: String) throws -> FormatMatch {
            plugin.identify(try FileSample.read(try fixture(name)))
        }
        #expect(try match("survey_123456_responses.lsr").confidence == 0.95)
        #expect(try match("survey_archive_123456.lsa").confidence == 0.95)
        #expect(try match("results-survey123456.csv").confidence == 0.9)
        let structure = try match("survey_123456.lss")
        #expect(structure.confidence == 0)
        #expect(structure.reason == "a survey structure without responses; use `draagvlak survey from`")
        let plain = plugin.identify(FileSample(url: URL(fileURLWithPath: "/tmp/x.csv"), head: Array("id,S1,S2\nr1,4,5\n".utf8)))
        #expect(plain.confidence == 0)
        #expect(!plain.reason.isEmpty)
        let codeAndText = plugin.identify(
            FileSample(
                url: URL(fileURLWithPath: "/tmp/x.csv"),
                head: Array(
                    "\u{FEFF}\"id. Response ID\";\"submitdate. Date submitted\";\"lastpage. Last page\";\"startlanguage. Start language\";\"Q1. Wat?\"\r\n"
                        .utf8)))
        #expect(codeAndText.confidence == 0.9)
    }

    @Test func aStructureIsNotImportedAsResponses() throws {
        let error = try #require(throws: InputError.self) {
            try importFile(try fixture("survey_123456.lss"), survey: survey)
        }
        #expect(error.description.contains("draagvlak survey from"))
    }
}
