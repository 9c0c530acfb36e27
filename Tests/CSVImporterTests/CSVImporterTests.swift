import DraagvlakCore
import Foundation
import Testing
@testable import CSVImporter

func miniSurvey() -> Survey {
    Survey(
        id: "mini", title: LocalizedText("Mini"), themes: [Theme(id: "w", title: LocalizedText("W"))],
        statements: [Statement(id: "S1", theme: "w", text: LocalizedText("Een"))],
        demographics: [DemographicQuestion(id: "district", text: LocalizedText("Wijk"), categories: [
            Category(code: "noord", label: LocalizedText("Noord")), Category(code: "zuid", label: LocalizedText("Zuid")),
        ])],
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

    @Test func invalidUTF8IsReportedWithItsColumn() throws {
        let (session, responses) = try importFixture("latin1.csv")
        #expect(responses.isEmpty)
        #expect(session.problems.map(\.description) == ["latin1.csv:2: column 'open': invalid UTF-8; save the file as 'CSV UTF-8'"])
    }
}
