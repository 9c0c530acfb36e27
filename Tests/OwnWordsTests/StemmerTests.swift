import Foundation
import Testing

@testable import OwnWords

/// The Snowball project's own vocabularies (samples; see Fixtures/SOURCES.md).
func stemVectors(_ name: String) throws -> [(String, String)] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "tsv"))
    return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        return (String(parts[0]), String(parts[1]))
    }
}

@Suite struct StemmerTests {
    @Test func dutchMatchesSnowballVocabulary() throws {
        let vectors = try stemVectors("stems-nl")
        #expect(vectors.count == 300)
        let stemmer = DutchStemmer()
        for (word, stem) in vectors { #expect(stemmer.stem(word) == stem, "\(word)") }
    }

    @Test func englishMatchesSnowballVocabulary() throws {
        let vectors = try stemVectors("stems-en")
        #expect(vectors.count == 300)
        let stemmer = EnglishStemmer()
        for (word, stem) in vectors { #expect(stemmer.stem(word) == stem, "\(word)") }
    }

    @Test func inflectedFormsShareAStem() {
        let nl = DutchStemmer()
        #expect(nl.stem("woningen") == nl.stem("woning"))
        #expect(nl.stem("bibliotheken") == nl.stem("bibliotheek"))
        let en = EnglishStemmer()
        #expect(en.stem("houses") == en.stem("house"))
        #expect(en.stem("connected") == en.stem("connection"))
    }
}
