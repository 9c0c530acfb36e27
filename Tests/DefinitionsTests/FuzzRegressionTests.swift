import DraagvlakCore
import Foundation
import Testing

@testable import Definitions

/// Inputs the fuzzers (scripts/fuzz) found to crash a loader; each must now give an error.
@Suite struct FuzzRegressionTests {
    @Test func surveyFoundByTheYAMLFuzzer() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/fuzz-crash-survey", withExtension: "yaml"))
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(throws: InputError.self) { try SurveyLoader.parse(text, file: "fuzz.yaml") }
    }
}
