import DraagvlakCore
import Foundation
import Testing

@testable import Definitions

@Suite struct ReplyLoaderTests {
    func survey() throws -> Survey {
        try SurveyLoader.load(repositoryRoot.appendingPathComponent("Surveys/toekomstvisie.yaml"), displayName: "toekomstvisie.yaml")
    }

    @Test func theExamplesReplyLoads() throws {
        let reply = try ReplyLoader.load(
            repositoryRoot.appendingPathComponent("examples/dijkwaard/reply.yaml"), survey: try survey(), displayName: "reply.yaml")
        #expect(reply.date == "2027-03-11")
        #expect(reply.themes["duurzaamheid"]?.verdict == .notAdopted)
        #expect(reply.themes["bestuur"] == nil, "the example leaves one theme unanswered")
        #expect(reply.statements["S32"]?.verdict == .adopted)
        #expect(reply.introduction?[.nl].hasPrefix("Ruim 2.800 inwoners") == true)
    }

    @Test func everyMistakeIsNamedWithLineAndField() throws {
        let text = """
            themes:
              wonen: {verdict: adopted, text: "x"}
              economie: {verdict: maybe, text: "x"}
              sociaal: {verdict: adopted}
            statements:
              S99: {verdict: adopted, text: "x"}
              S01: {verdict: partly, text: {nl: "ja", en: "yes"}}
            extra: 1
            """
        let error = try #require(throws: InputError.self) { _ = try ReplyLoader.parse(text, file: "reply.yaml", survey: try survey()) }
        let problems = error.problems.map(\.description)
        #expect(
            problems.contains { $0.hasPrefix("reply.yaml:2:") && $0.hasSuffix("field 'themes.wonen': the survey has no theme 'wonen'") },
            "\(problems)")
        #expect(
            problems.contains {
                $0.hasPrefix("reply.yaml:3:")
                    && $0.contains("field 'themes.economie.verdict': expected one of: adopted, partly, not-adopted, pending")
            }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("reply.yaml:4:") && $0.contains("themes.sociaal") && $0.contains("text") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("reply.yaml:6:") && $0.contains("the survey has no statement 'S99'") }, "\(problems)")
        #expect(problems.contains { $0.contains("extra") }, "\(problems)")
        #expect(!problems.contains { $0.contains("S01") })
    }
}
