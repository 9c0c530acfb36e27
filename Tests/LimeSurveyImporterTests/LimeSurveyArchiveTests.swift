import DraagvlakCore
import Foundation
import Testing
import ZIPFoundation

@testable import LimeSurveyImporter

/// Writes a zip archive with the given members into a temporary file.
func makeArchive(_ members: [(path: String, data: Data)], name: String = "test.lsa") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)")
    let archive = try Archive(url: url, accessMode: .create)
    for member in members {
        let data = member.data
        try archive.addEntry(
            with: member.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
            provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
    }
    return url
}

@Suite struct LimeSurveyArchiveTests {
    /// Found by the fuzzer: a damaged deflate stream made ZIPFoundation's extract loop forever.
    @Test func aDamagedMemberIsAnErrorNotAHang() throws {
        let error = try #require(throws: InputError.self) {
            try LimeSurveyArchive.extract(try fixture("fuzz-damaged-deflate.lsa"), displayName: "damaged.lsa")
        }
        // How the damage shows depends on where inflating stops: early end or wrong length.
        #expect(error.description.hasPrefix("damaged.lsa: the member 'survey_123456.lss' "))
        #expect(error.description.contains("damaged"))
    }

    /// Found by the fuzzer: zlib read past the end of the last chunk of a damaged member.
    @Test func aDamagedStreamIsNotReadPastItsEnd() throws {
        let error = try #require(throws: InputError.self) {
            try LimeSurveyArchive.extract(try fixture("fuzz-overread-deflate.lsa"), displayName: "damaged.lsa")
        }
        #expect(error.description.hasPrefix("damaged.lsa: "))
    }

    @Test func anIntactArchiveStillUnpacksEveryWantedMember() throws {
        let archive = try LimeSurveyArchive.extract(try fixture("survey_archive_123456.lsa"), displayName: "ok.lsa")
        defer { archive.remove() }
        let structure = try #require(archive.structure)
        let responses = try #require(archive.responses)
        #expect(try Data(contentsOf: structure.url) == Data(contentsOf: try fixture("survey_123456.lss")))
        #expect(try Data(contentsOf: responses.url) == Data(contentsOf: try fixture("survey_123456_responses.lsr")))
    }

    @Test func aMemberOutsideTheArchiveIsRefused() throws {
        let structure = try Data(contentsOf: try fixture("survey_123456.lss"))
        let url = try makeArchive([("../survey_123456.lss", structure)])
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: InputError.self) {
            try LimeSurveyArchive.extract(url, displayName: "evil.lsa")
        }
        #expect(error.description == "evil.lsa: the member '../survey_123456.lss' has a path outside the archive; refused")
    }

    @Test func anArchiveWithoutResponsesOnlyMakesASurvey() throws {
        let structure = try Data(contentsOf: try fixture("survey_123456.lss"))
        let url = try makeArchive([("export/survey_123456.lss", structure)], name: "structure-only.lsa")
        defer { try? FileManager.default.removeItem(at: url) }
        let survey = try extracted(url).survey
        #expect(survey.id == "limesurvey-123456")
        let error = try #require(throws: InputError.self) { try importFile(url, survey: survey, displayName: "structure-only.lsa") }
        #expect(error.description.hasPrefix("structure-only.lsa: the archive holds no responses (.lsr)"))
    }

    @Test func responsesOfAnotherSurveyAreRefused() throws {
        let url = try makeArchive(
            [
                ("survey_654321.lss", try Data(contentsOf: try fixture("survey_654321.lss"))),
                ("survey_123456_responses.lsr", try Data(contentsOf: try fixture("survey_123456_responses.lsr"))),
            ], name: "mixed.lsa")
        defer { try? FileManager.default.removeItem(at: url) }
        let survey = try extracted(try fixture("survey_123456.lss")).survey
        let error = try #require(throws: InputError.self) { try importFile(url, survey: survey, displayName: "mixed.lsa") }
        #expect(
            error.description
                == "mixed.lsa/survey_123456_responses.lsr: the responses belong to survey 123456, but the survey structure is of survey 654321"
        )
    }

    @Test func malformedXMLNamesTheFileAndLine() throws {
        let dir = try folder(with: [("survey_123456.lss", "survey_123456.lss")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("survey_123456_responses.lsr")
        try "<?xml version=\"1.0\"?>\n<document><LimeSurveyDocType>Responses</LimeSurveyDocType>\n<responses><fields></responses>\n"
            .write(to: url, atomically: true, encoding: .utf8)
        let survey = try extracted(dir.appendingPathComponent("survey_123456.lss")).survey
        let error = try #require(throws: InputError.self) { try importFile(url, survey: survey) }
        #expect(error.description.hasPrefix("survey_123456_responses.lsr:3"))
    }
}
