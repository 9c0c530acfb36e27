import DraagvlakCore
import Foundation
import Readers
import Testing

@testable import CSVImporter

func miniSurvey() -> Survey {
    Survey(
        id: "mini", title: LocalizedText("Mini"), themes: [Theme(id: "w", title: LocalizedText("W"))],
        statements: [Statement(id: "S1", theme: "w", text: LocalizedText("Een"))],
        demographics: [
            DemographicQuestion(
                id: "district", text: LocalizedText("Wijk"),
                categories: [
                    Category(code: "noord", label: LocalizedText("Noord")), Category(code: "zuid", label: LocalizedText("Zuid")),
                ])
        ],
        questions: [Question(id: "open", kind: .open, text: LocalizedText("Open"))])
}

func importFixture(_ name: String) throws -> (ImportSession, [Response]) {
    var responses: [Response] = []
    let session = ImportSession(survey: miniSurvey(), file: name, pseudonymise: { $0 }, accept: { responses.append($0) })
    try CSVImporter().read(ImportFile(url: try fixture(name), displayName: name), into: session)
    return (session, responses)
}

@Suite struct CSVImporterTests {
    @Test func readsRecordsIntoTheSession() throws {
        let (session, responses) = try importFixture("rfc4180.csv")
        #expect(session.problems.isEmpty)
        #expect(responses.map(\.respondent) == ["r1", "r2", "r3"])
        #expect(responses.map(\.source.line) == [2, 3, 6])
        #expect(responses[1].other["open"] == .text("Twee\r\nregels"))
    }

    @Test func semicolonFileWithDemographics() throws {
        let (_, responses) = try importFixture("semicolon-bom.csv")
        #expect(responses.map(\.categories) == [[0], [1]])
    }

    @Test func windows1252FromDutchExcelIsReadWithANote() throws {
        // "café" with é as the single byte 0xE9, as Excel's plain "CSV" writes it.
        let (session, responses) = try importFixture("latin1.csv")
        #expect(session.problems.isEmpty)
        #expect(responses.first?.other["open"] == .text("café"))
        #expect(session.notes.contains { $0.hasPrefix("read as Windows-1252") && $0.contains("iconv -f WINDOWS-1252 -t UTF-8") })
    }

    @Test func textInNeitherEncodingIsRefusedWithHowToConvert() throws {
        // 0x81 is undefined in Windows-1252 and invalid as UTF-8.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-\(UUID().uuidString).csv")
        try Data("id,S1,open\nr1,4,caf".utf8 + [0x81] + Data("\n".utf8)).write(to: url)
        var responses: [Response] = []
        let session = ImportSession(survey: miniSurvey(), file: "mixed.csv", pseudonymise: { $0 }, accept: { responses.append($0) })
        try CSVImporter().read(ImportFile(url: url, displayName: "mixed.csv"), into: session)
        #expect(responses.isEmpty)
        #expect(
            session.problems.map(\.description) == [
                "mixed.csv:2: column 'open': not valid UTF-8 text; save the file as 'CSV UTF-8', or convert it: iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv"
            ])
    }

    @Test func encodingDetection() {
        #expect(TextEncoding.detect(Array("café".utf8)[...]) == .utf8)
        // A sample that ends inside a two-byte character is still UTF-8.
        #expect(TextEncoding.detect(Array("caf".utf8)[...] + [0xC3], truncated: true) == .utf8)
        #expect(TextEncoding.detect([0x63, 0x61, 0x66, 0xE9]) == .windows1252)
        #expect(TextEncoding.windows1252.decode([0x80, 0x20, 0x93, 0x61, 0x94]) == "€ “a”")
        #expect(TextEncoding.detect([0x63, 0x81, 0xE9]) == nil)
        #expect(
            CSVImporter().identify(FileSample(url: URL(fileURLWithPath: "/x.csv"), head: [0xFF, 0xFE, 0x69, 0x00])).reason.contains(
                "UTF-16"))
    }
}
