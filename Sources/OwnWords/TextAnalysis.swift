import DraagvlakCore
import Foundation

/// Reads residents' open answers (docs/METHOD.md §6): scrubs personal data first, then splits into
/// words, drops Dutch and English stop words, stems (Snowball, per answer in the language its
/// stop words suggest), ranks keyphrases by TF-IDF and groups answers into topics by which
/// terms occur together, each with a few representative quotes.
///
/// Privacy: a keyphrase or topic needs at least `minimumAnswers` answers (k_min), so a rare
/// word — a street, a name the scrubber missed — never becomes a finding of its own. Quotes are
/// returned without any link to the respondent.
package struct TextAnalysis: Sendable {
    /// A phrase (one or two words) that recurs, with the number of answers it occurs in.
    package struct Keyphrase: Sendable, Hashable {
        package var phrase: String
        package var answers: Int
        package var score: Double
    }

    /// Answers that share vocabulary.
    package struct Topic: Sendable {
        /// The topic's terms as residents wrote them, most telling first.
        package var terms: [String]
        /// Indices of the answers (in the order given) that belong to the topic.
        package var members: [Int]
        package var quotes: [String]
    }

    /// What the analysis found.
    package struct Result: Sendable {
        package var answered: Int
        package var keyphrases: [Keyphrase]
        package var topics: [Topic]
    }

    package var minimumAnswers: Int
    package var maxKeyphrases = 15
    package var maxTopics = 6
    package var quotesPerTopic = 3

    package init(minimumAnswers: Int) {
        self.minimumAnswers = max(2, minimumAnswers)
    }

    /// One answer after scrubbing and tokenising.
    struct Document {
        var text: String
        /// Term ids in order of occurrence, stop words removed; −1 marks a removed word, so
        /// bigrams never span one.
        var tokens: [Int]
        var counts: [Int: Int]
    }

    package func analyse(_ answers: [String]) -> Result {
        var vocabulary = Vocabulary()
        var documents: [Document] = []
        var indexOfDocument: [Int] = []
        for (i, raw) in answers.enumerated() {
            let text = PersonalDataScrubber.scrub(raw.trimmingCharacters(in: .whitespacesAndNewlines))
            guard !text.isEmpty else { continue }
            let tokens = vocabulary.tokens(of: text)
            var counts: [Int: Int] = [:]
            for t in tokens where t >= 0 { counts[t, default: 0] += 1 }
            documents.append(Document(text: text, tokens: tokens, counts: counts))
            indexOfDocument.append(i)
        }
        let n = documents.count
        guard n > 0 else { return Result(answered: 0, keyphrases: [], topics: []) }

        // Document frequencies of terms and of bigrams (pairs of adjacent kept words).
        var df = [Int](repeating: 0, count: vocabulary.count)
        var bigramDF: [Pair: Int] = [:]
        var bigramTF: [Pair: Int] = [:]
        for d in documents {
            for t in d.counts.keys { df[t] += 1 }
            var seen = Set<Pair>()
            for (a, b) in zip(d.tokens, d.tokens.dropFirst()) where a >= 0 && b >= 0 && a != b {
                let pair = Pair(a, b)
                bigramTF[pair, default: 0] += 1
                if seen.insert(pair).inserted { bigramDF[pair, default: 0] += 1 }
            }
        }
        func idf(_ f: Int) -> Double { log(Double(n) / Double(f)) }
        var tf = [Int](repeating: 0, count: vocabulary.count)
        for d in documents { for (t, c) in d.counts { tf[t] += c } }

        // Keyphrases: terms and bigrams in at least k_min answers, by summed TF-IDF.
        var phrases: [Keyphrase] = []
        for t in 0..<vocabulary.count where df[t] >= minimumAnswers && df[t] < n {
            phrases.append(Keyphrase(phrase: vocabulary.display(t), answers: df[t], score: Double(tf[t]) * idf(df[t])))
        }
        for (pair, f) in bigramDF where f >= minimumAnswers && f < n {
            phrases.append(
                Keyphrase(
                    phrase: vocabulary.display(pair.a) + " " + vocabulary.display(pair.b), answers: f,
                    score: Double(bigramTF[pair] ?? f) * idf(f) * 1.5))
        }
        phrases.sort { $0.score != $1.score ? $0.score > $1.score : $0.phrase < $1.phrase }
        var keyphrases: [Keyphrase] = []
        for phrase in phrases where keyphrases.count < maxKeyphrases {
            // A word that mostly occurs inside an already chosen phrase adds nothing.
            let covered = keyphrases.contains { chosen in
                chosen.phrase.split(separator: " ").count > 1 && chosen.phrase.split(separator: " ").contains { $0 == phrase.phrase }
                    && Double(chosen.answers) >= 0.6 * Double(phrase.answers)
            }
            if !covered { keyphrases.append(phrase) }
        }

        let topics = findTopics(documents, df: df, tf: tf, vocabulary: vocabulary, idf: idf)
            .map { Topic(terms: $0.terms, members: $0.members.map { indexOfDocument[$0] }, quotes: $0.quotes) }
        return Result(answered: n, keyphrases: keyphrases, topics: topics)
    }

    /// Topics by co-occurrence: the most telling unassigned term seeds a topic, and the terms
    /// that share most of their answers with it (Jaccard ≥ 0.2) join it; each answer then goes
    /// to the topic whose terms carry most of its TF-IDF weight.
    func findTopics(_ documents: [Document], df: [Int], tf: [Int], vocabulary: Vocabulary, idf: (Int) -> Double)
        -> [(terms: [String], members: [Int], quotes: [String])]
    {
        let n = documents.count
        let candidates = (0..<df.count)
            .filter { df[$0] >= minimumAnswers && Double(df[$0]) <= 0.5 * Double(n) }
            .sorted { a, b in
                let sa = Double(tf[a]) * idf(df[a])
                let sb = Double(tf[b]) * idf(df[b])
                return sa != sb ? sa > sb : a < b
            }
            .prefix(60)
        var postings: [Int: Set<Int>] = [:]
        for (i, d) in documents.enumerated() { for t in d.counts.keys where df[t] >= minimumAnswers { postings[t, default: []].insert(i) } }
        var assigned = Set<Int>()
        var termSets: [[Int]] = []
        for seed in candidates where !assigned.contains(seed) && termSets.count < maxTopics * 2 {
            let seedDocs = postings[seed] ?? []
            var terms = [seed]
            for other in candidates where other != seed && !assigned.contains(other) && terms.count < 6 {
                let docs = postings[other] ?? []
                let jaccard = Double(seedDocs.intersection(docs).count) / Double(seedDocs.union(docs).count)
                if jaccard >= 0.2 { terms.append(other) }
            }
            assigned.formUnion(terms)
            termSets.append(terms)
        }
        // Assign each answer to its strongest topic.
        var members = [[Int]](repeating: [], count: termSets.count)
        for (i, d) in documents.enumerated() {
            var best = -1
            var bestScore = 0.0
            for (k, terms) in termSets.enumerated() {
                let score = terms.reduce(0.0) { $0 + Double(d.counts[$1] ?? 0) * idf(df[$1]) }
                if score > bestScore {
                    best = k
                    bestScore = score
                }
            }
            if best >= 0 { members[best].append(i) }
        }
        var topics: [(terms: [String], members: [Int], quotes: [String])] = []
        for (k, terms) in termSets.enumerated() where members[k].count >= minimumAnswers {
            topics.append((terms.map(vocabulary.display), members[k], quotes(members[k], documents, df: df, idf: idf)))
        }
        return Array(topics.sorted { $0.members.count > $1.members.count }.prefix(maxTopics))
    }

    /// The members closest to the topic's centre (cosine of TF-IDF vectors), distinct texts of
    /// a readable length.
    func quotes(_ members: [Int], _ documents: [Document], df: [Int], idf: (Int) -> Double) -> [String] {
        func vector(_ d: Document) -> [Int: Double] { d.counts.reduce(into: [:]) { $0[$1.key] = Double($1.value) * idf(df[$1.key]) } }
        // Sums run in term order, not in a dictionary's (which differs per process), so the same
        // answers always give the same similarities and the same quotes.
        func norm(_ v: [Int: Double]) -> Double { v.keys.sorted().reduce(0) { $0 + v[$1]! * v[$1]! }.squareRoot() }
        var centre: [Int: Double] = [:]
        for m in members { for (t, w) in vector(documents[m]) { centre[t, default: 0] += w } }
        let centreNorm = norm(centre)
        let ranked = members.map { m -> (Int, Double) in
            let v = vector(documents[m])
            let dot = v.keys.sorted().reduce(0.0) { $0 + v[$1]! * (centre[$1] ?? 0) }
            let denominator = norm(v) * centreNorm
            return (m, denominator > 0 ? dot / denominator : 0)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        // Distinct quotes: one that shares most of its terms with a quote already chosen
        // (Jaccard above 0.5) says nothing new.
        var chosen: [String] = []
        var chosenTerms: [Set<Int>] = []
        for (m, _) in ranked where chosen.count < quotesPerTopic {
            let text = documents[m].text
            let terms = Set(documents[m].counts.keys)
            guard text.count >= 20,
                !chosenTerms.contains(where: { Double($0.intersection(terms).count) / Double(max(1, $0.union(terms).count)) > 0.5 })
            else { continue }
            chosenTerms.append(terms)
            chosen.append(text.count > 300 ? String(text.prefix(299)) + "…" : text)
        }
        return chosen
    }
}

struct Pair: Hashable {
    var a: Int
    var b: Int
    init(_ a: Int, _ b: Int) {
        self.a = a
        self.b = b
    }
}

/// Turns text into term ids: words lower-cased and precomposed, stop words dropped, the rest
/// stemmed with the Dutch or the English stemmer, whichever language's stop words the answer
/// uses more. Remembers the most frequent written form of each stem for display.
struct Vocabulary {
    private var ids: [String: Int] = [:]
    private var forms: [[String: Int]] = []
    private let dutch = DutchStemmer()
    private let english = EnglishStemmer()

    var count: Int { forms.count }

    mutating func tokens(of text: String) -> [Int] {
        // Scrubber markers such as "[telefoonnummer]" are not residents' words.
        let cleaned = text.replacingOccurrences(of: #"\[[^\]]*\]"#, with: " ", options: .regularExpression)
        let words = Self.words(cleaned.precomposedStringWithCanonicalMapping.lowercased())
        let nl = words.filter { $0.map(StopWords.dutch.contains) ?? false }.count
        let en = words.filter { $0.map(StopWords.english.contains) ?? false }.count
        let stemmer: any Stemmer = en > nl ? english : dutch
        return words.map { word in
            guard let word, word.count >= 3, !StopWords.dutch.contains(word), !StopWords.english.contains(word),
                !word.allSatisfy(\.isNumber)
            else { return -1 }
            let stem = stemmer.stem(word)
            let id: Int
            if let known = ids[stem] {
                id = known
            } else {
                id = forms.count
                ids[stem] = id
                forms.append([:])
            }
            forms[id][word, default: 0] += 1
            return id
        }
    }

    func display(_ id: Int) -> String {
        forms[id].max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? ""
    }

    /// Runs of letters and digits; an apostrophe inside a word ("don't", "auto's") stays.
    /// Punctuation between words yields nil, so a phrase never spans a comma or a sentence end.
    static func words(_ text: String) -> [String?] {
        var words: [String?] = []
        var current = ""
        var punctuated = false
        let characters = Array(text)
        for (i, c) in characters.enumerated() {
            if c.isLetter || c.isNumber {
                if punctuated, !words.isEmpty { words.append(nil) }
                punctuated = false
                current.append(c)
            } else if c == "'" || c == "’", !current.isEmpty, i + 1 < characters.count, characters[i + 1].isLetter {
                current.append("'")
            } else {
                if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                if !c.isWhitespace { punctuated = true }
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
