import DraagvlakCore
import Foundation
import Testing

@testable import QualtricsImporter

/// The Qualtrics exports of `../shared/datasets/formats/qualtrics/`, read in place: every response
/// row is read, and the fixtures are unchanged copies of them.
let qualtricsData = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/datasets/formats/qualtrics")

@Suite(
    .enabled(
        if: FileManager.default.fileExists(atPath: qualtricsData.path),
        "\(qualtricsData.path) is absent: the Qualtrics conformance tests are skipped"))
struct QualtricsConformanceTests {
    /// File, responses, test responses among them, and a column that can stand in for a statement
    /// (a Draagvlak survey needs one; these samples ask none on a 5-point scale).
    @Test(arguments: [
        ("sample.csv", 1, 0, "QID1"), ("sample_legacy.csv", 1, 0, "Q1"), ("Better_Sample_Survey.csv", 10, 10, "QID1"),
        ("Multiple_Answer_Matrix_Questions (Insights).csv", 5, 5, "QID2_1_1"), ("Questions_with_Text_Entry_Components.csv", 15, 15, "QID1"),
        ("No_Basis_for_Evaluation (Legacy).csv", 15, 15, "Q2_1"),
    ])
    func everyResponseRowIsRead(_ name: String, rows: Int, tests: Int, statement: String) throws {
        let url = qualtricsData.appendingPathComponent(name)
        #expect(try Data(contentsOf: url) == Data(contentsOf: try fixture(name)))
        #expect(QualtricsImporter().identify(try FileSample.read(url)).confidence >= 0.9)
        var survey = try QualtricsImporter().survey(from: url, displayName: name).survey
        if case .statement? = survey.reference(to: statement) {} else { survey = withStatement(survey, statement) }
        var responses = 0
        let session = ImportSession(survey: survey, file: name, pseudonymise: { $0 }, accept: { _ in responses += 1 })
        try QualtricsImporter().read(ImportFile(url: url, displayName: name), into: session)
        #expect(session.problems.isEmpty)
        #expect(session.records == rows)
        #expect(responses == rows)
        #expect(session.notes.contains { $0.hasPrefix("\(tests) test responses (Status 2)") } == (tests > 0))
    }

    @Test func qsfIsUnchanged() throws {
        let url = qualtricsData.appendingPathComponent("Better_Sample_Survey.qsf")
        #expect(try Data(contentsOf: url) == Data(contentsOf: try fixture("Better_Sample_Survey.qsf")))
    }
}
