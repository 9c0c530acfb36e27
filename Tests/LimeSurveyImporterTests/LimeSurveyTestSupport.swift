import DraagvlakCore
import Foundation
import Readers
import Testing

@testable import LimeSurveyImporter

func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
}

/// Imports a file through an `ImportSession`, as `draagvlak import` does.
func importFile(_ url: URL, survey: Survey, displayName: String? = nil) throws -> (session: ImportSession, responses: [Response]) {
    var responses: [Response] = []
    let name = displayName ?? url.lastPathComponent
    let session = ImportSession(survey: survey, file: name, pseudonymise: { $0 }, accept: { responses.append($0) })
    try LimeSurveyImporter().read(ImportFile(url: url, displayName: name), into: session)
    return (session, responses)
}

/// The survey `draagvlak survey from` makes of a file.
func extracted(_ url: URL) throws -> SurveyExtraction {
    try LimeSurveyImporter().survey(from: url, displayName: url.lastPathComponent)
}

/// Collects what the importer hands on, before any validation against a survey.
final class Collector: RecordSink {
    let survey: Survey
    var headers: [String] = []
    var headerLine: Int?
    var rows: [(line: Int, fields: [String])] = []
    var notes: [String] = []
    var problems: [Problem] = []

    init(survey: Survey = Survey(id: "empty", title: LocalizedText("Empty"), themes: [], statements: [])) {
        self.survey = survey
    }

    func begin(headers: [String], line: Int) -> Bool {
        self.headers = headers
        headerLine = line
        return true
    }

    func record(_ fields: [String], line: Int) throws {
        rows.append((line, fields))
    }

    func note(_ text: String) { notes.append(text) }
    func report(_ problem: Problem) { problems.append(problem) }
    func progress(bytesRead: Int64) {}

    /// The value of column `header` in row `row`.
    func value(_ row: Int, _ header: String) -> String? {
        headers.firstIndex(of: header).map { rows[row].fields[$0] }
    }

    static func read(_ url: URL, survey: Survey? = nil) throws -> Collector {
        let collector = survey.map { Collector(survey: $0) } ?? Collector()
        try LimeSurveyImporter().read(ImportFile(url: url), into: collector)
        return collector
    }
}

/// A fresh temporary folder holding copies of the named fixtures (optionally renamed).
func folder(with files: [(fixture: String, as: String)]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limesurvey-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for file in files {
        try FileManager.default.copyItem(at: try fixture(file.fixture), to: folder.appendingPathComponent(file.as))
    }
    return folder
}
