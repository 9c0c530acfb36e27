import Testing

@testable import OwnWords

@Suite struct TextAnalysisTests {
    /// 12 answers about the library, 12 about wind turbines, 3 one-offs.
    var answers: [String] {
        (0..<12).map {
            [
                "De bibliotheek moet open blijven in Oost.", "Sluit de bibliotheek in Oost niet, het is het hart van de wijk.",
                "Houd de bibliotheek open, mijn kinderen lenen daar boeken.",
            ][$0 % 3] + " (\($0))"
        }
            + (0..<12).map {
                [
                    "Geen windmolens bij ons dorp.", "Windmolens horen langs de snelweg, niet bij het dorp.",
                    "Zet de windmolens verder van het dorp.",
                ][$0 % 3]
            }
            + ["Mijn naam is Karel Appel en ik bel u op 06-12345678.", "Meer bankjes.", "Prima zo."]
    }

    @Test func topicsFollowCoOccurrenceAndQuotesAreDistinct() {
        let result = TextAnalysis(minimumAnswers: 10).analyse(answers)
        #expect(result.answered == 27)
        #expect(result.topics.count == 2)
        let terms = result.topics.map { Set($0.terms) }
        #expect(terms.contains { $0.contains("bibliotheek") })
        #expect(terms.contains { $0.contains("windmolens") || $0.contains("dorp") })
        for topic in result.topics {
            #expect(topic.members.count >= 10)
            #expect(!topic.quotes.isEmpty && topic.quotes.count <= 3)
            #expect(Set(topic.quotes).count == topic.quotes.count)
        }
        let library = result.topics.first { $0.terms.contains("bibliotheek") }!
        #expect(Set(library.members) == Set(0..<12))
    }

    @Test func rareWordsNeverBecomeFindings() {
        let result = TextAnalysis(minimumAnswers: 10).analyse(answers)
        // "bankjes" occurs once; only phrases in at least k_min answers are reported.
        #expect(result.keyphrases.allSatisfy { $0.answers >= 10 })
        #expect(!result.keyphrases.contains { $0.phrase.contains("bankjes") })
        #expect(result.keyphrases.contains { $0.phrase.contains("bibliotheek") })
    }

    @Test func personalDataIsScrubbedBeforeAnythingElse() {
        // Twelve residents give their name and number (as stored by an old import, unscrubbed).
        let raw =
            (0..<12).map { "Mijn naam is Karel Appel, bel me op 06-1234567\($0 % 10) of mail karel\($0)@example.nl over de bibliotheek." }
            + (0..<12).map { "Geen windmolens bij het dorp \($0)." }
        let result = TextAnalysis(minimumAnswers: 10).analyse(raw)
        let everything = result.keyphrases.map(\.phrase) + result.topics.flatMap { $0.terms + $0.quotes }
        #expect(!everything.isEmpty)
        for text in everything {
            #expect(!text.contains("Karel") && !text.lowercased().contains("appel"))
            #expect(!text.contains("06-") && !text.contains("@") && !text.contains("example"))
        }
        // The quotes keep the scrubber's markers, so a reader sees something was removed.
        let quotes = result.topics.flatMap(\.quotes)
        #expect(quotes.contains { $0.contains("[naam]") && $0.contains("[telefoonnummer]") && $0.contains("[e-mail]") })
        // Scrubber markers are not residents' words: no term or phrase is made of them.
        let terms = result.keyphrases.map(\.phrase) + result.topics.flatMap(\.terms)
        #expect(!terms.contains { $0.contains("telefoonnummer") || $0.contains("nummer") })
    }

    @Test func englishAnswersUseTheEnglishStemmer() {
        let result = TextAnalysis(minimumAnswers: 3).analyse([
            "The libraries should stay open.", "Keep the library open for the children.", "Our library matters to the children.",
            "More trees, please.",
        ])
        #expect(result.keyphrases.contains { $0.phrase.hasPrefix("librar") && $0.answers == 3 })
    }

    @Test func phrasesDoNotSpanPunctuation() {
        let words = Vocabulary.words("houd het loket open, regelen online")
        #expect(words.contains(nil))
        #expect(Vocabulary.words("auto's rijden") == ["auto's", "rijden"])
    }
}
