import DraagvlakCore
import Foundation
import Testing

@testable import Definitions

/// What `ReplyWriter` writes, `ReplyLoader` reads back to the same reply.
@Suite struct ReplyWriterTests {
    func survey() throws -> Survey {
        try SurveyLoader.load(repositoryRoot.appendingPathComponent("Surveys/toekomstvisie.yaml"), displayName: "toekomstvisie.yaml")
    }

    @Test func theExamplesReplyReadsBackTheSame() throws {
        let survey = try survey()
        let reply = try ReplyLoader.load(
            repositoryRoot.appendingPathComponent("examples/dijkwaard/reply.yaml"), survey: survey, displayName: "reply.yaml")
        #expect(reply.wave == "2026" && reply.introduction != nil && reply.date != nil)
        let text = ReplyWriter.yaml(reply, survey: survey)
        #expect(try ReplyLoader.parse(text, file: "reply.yaml", survey: survey) == reply, "\(text)")
        #expect(text.hasPrefix("# "))
        #expect(text.contains("wave: \"2026\""))
        // Every text of the example is the same in both languages: written once.
        #expect(!text.split(separator: "\n").contains { !$0.hasPrefix("#") && $0.contains("{nl:") })
        // Themes and statements in the survey's order, each under its title or text as a comment.
        let keys = ["demografie", "economie", "sociaal", "ruimte", "technologie", "duurzaamheid", "veiligheid", "S14", "S22", "S32"]
        let offsets = keys.compactMap { text.range(of: "\n  \($0):\n")?.lowerBound }
        #expect(offsets.count == keys.count, "\(text)")
        #expect(offsets == offsets.sorted())
        #expect(text.contains("  # Bevolking en woonwensen\n  demografie:\n"))
        // The same reply written twice is the same text.
        #expect(ReplyWriter.yaml(reply, survey: survey) == text)
    }

    @Test func quotesColonsLineBreaksAndHashesSurvive() throws {
        let survey = try survey()
        var reply = Reply(
            introduction: LocalizedText(
                nl: "Wat u zei: \"meer groen\" # en minder steen\nTweede regel: {a} [b] & *c ! % @d `e`",
                en: "What you said: 'more green' # and less stone\n\nafter a blank line"),
            date: "11 maart 2027",
            themes: [
                "demografie": Reply.Answer(
                    verdict: .partly, text: LocalizedText("Ja: maar # niet \"alles\"\n- een lijst?\n? een sleutel\n| en > zo")),
                "economie": Reply.Answer(verdict: .notAdopted, text: LocalizedText(nl: "key: value", en: "null")),
                "bestuur": Reply.Answer(verdict: .pending, text: LocalizedText(nl: "#1", en: "- 1")),
            ],
            statements: [
                "S14": Reply.Answer(verdict: .pending, text: LocalizedText("--- ... \\ schuine streep \t tab — ë ’ 🙂 a\u{2028}b")),
                "S01": Reply.Answer(verdict: .adopted, text: LocalizedText(nl: "yes", en: "true")),
                "S32": Reply.Answer(verdict: .notAdopted, text: LocalizedText(nl: "'enkel' en \"dubbel\"", en: "2027-03-11")),
            ])
        reply.wave = "ronde 2"
        let text = ReplyWriter.yaml(reply, survey: survey)
        #expect(try ReplyLoader.parse(text, file: "reply.yaml", survey: survey) == reply, "\(text)")
        // One line per entry: line breaks inside texts are escaped, never raw.
        #expect(text.contains(#"\n"#))
        #expect(!text.contains("\nTweede regel"))
    }

    @Test func anEmptyReplyReadsBackEmpty() throws {
        let survey = try survey()
        let text = ReplyWriter.yaml(Reply(), survey: survey)
        #expect(try ReplyLoader.parse(text, file: "reply.yaml", survey: survey) == Reply(), "\(text)")
    }
}
