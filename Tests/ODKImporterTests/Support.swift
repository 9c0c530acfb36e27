import DraagvlakCore
import Foundation
import Readers
import Testing

@testable import ODKImporter

func fixture(_ name: String) throws -> URL {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return folder.appendingPathComponent(name)
}

func surveyFrom(_ name: String) throws -> SurveyExtraction {
    try ODKImporter().survey(from: try fixture(name), displayName: name)
}

/// Collects what a reader hands on, so that files whose survey has no statements (all the
/// ODK and Kobo samples) can be checked: an `ImportSession` stops at their header.
final class Collector: RecordSink {
    let survey: Survey
    var headers: [String] = []
    var rows: [(line: Int, fields: [String])] = []
    var notes: [String] = []
    var problems: [Problem] = []

    init(_ survey: Survey) {
        self.survey = survey
    }

    func begin(headers: [String], line: Int) -> Bool {
        self.headers = headers
        return true
    }

    func record(_ fields: [String], line: Int) throws {
        rows.append((line, fields))
    }

    func note(_ text: String) { notes.append(text) }
    func report(_ problem: Problem) { problems.append(problem) }
    func progress(bytesRead: Int64) {}

    /// The value in `header`'s column of row `row`; nil when there is no such column.
    func value(_ row: Int, _ header: String) -> String? {
        headers.firstIndex(of: header).map { rows[row].fields[$0] }
    }
}

func collect(_ name: String, survey: Survey) throws -> Collector {
    let collector = Collector(survey)
    try ODKImporter().read(ImportFile(url: try fixture(name), displayName: name), into: collector)
    return collector
}

/// Imports through a real `ImportSession`, with the raw respondent id as its pseudonym.
func importFile(_ name: String, survey: Survey) throws -> (ImportSession, [Response]) {
    var responses: [Response] = []
    let session = ImportSession(survey: survey, file: name, pseudonymise: { $0 }, accept: { responses.append($0) })
    try ODKImporter().read(ImportFile(url: try fixture(name), displayName: name), into: session)
    return (session, responses)
}
