/// The Snowball stemmer for English, "Porter2"
/// (https://snowballstem.org/algorithms/english/stemmer.html, `english.sbl`), as in Snowball
/// 3.1 and PyStemmer/snowballstemmer 3.1.
///
/// Porter2 rather than Porter's 1980 stemmer because it is the maintained one. Snowball 3.0
/// changed it, so stems differ from NLTK's `SnowballStemmer("english")` for a few words:
/// "-ogist" becomes "-og" ("geologist" → "geolog"), "add"/"egg"/"off"-like words keep their
/// double consonant, and prefixes such as "emerg-", "organ-" and "inter-" fix R1.
package struct EnglishStemmer: Stemmer {
    package init() {}

    package func stem(_ word: String) -> String {
        if let exception = Self.exceptions[word] { return exception }
        guard word.unicodeScalars.count >= 3 else { return word }
        var english = EnglishWord(word)
        english.removeSuffixes()
        return english.result
    }

    /// Whole words whose stem is fixed, checked before anything else.
    private static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky",
        "idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli",
        "singly": "singl",
        "sky": "sky", "news": "news", "howe": "howe",
        "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
    ]
}

private func isVowel(_ c: Unicode.Scalar) -> Bool {
    switch c {
    case "a", "e", "i", "o", "u", "y": true
    default: false
    }
}

private func isVowelOrWXY(_ c: Unicode.Scalar) -> Bool {
    isVowel(c) || c == "w" || c == "x" || c == "Y"
}

/// The doubled consonants that lose one letter after "-ed" or "-ing" goes ("hopping" → "hop").
private func isUndoubled(_ c: Unicode.Scalar) -> Bool {
    switch c {
    case "b", "d", "f", "g", "m", "n", "p", "r", "t": true
    default: false
    }
}

/// The letters before which "-li" is removed in step 2.
private func isValidLIEnding(_ c: Unicode.Scalar) -> Bool {
    switch c {
    case "c", "d", "e", "g", "h", "k", "m", "n", "r", "t": true
    default: false
    }
}

private struct EnglishWord {
    /// The word without a leading apostrophe, with consonantal `y` written `Y`.
    var s: [Unicode.Scalar]
    var p1: Int
    var p2: Int
    var foundY = false

    /// Words starting with these have R1 right after them, so that for instance "general" and
    /// "generous" keep "gener" and "universe" and "university" share "univers".
    private static let r1Prefixes = [
        "univers", "commun", "arsen", "emerg", "gener", "inter", "later", "organ", "past",
    ]

    init(_ word: String) {
        s = Array(word.unicodeScalars)
        if s.first == "'" { s.removeFirst() }
        if s.first == "y" {
            s[0] = "Y"
            foundY = true
        }
        for i in s.indices.dropLast() where isVowel(s[i]) && s[i + 1] == "y" {
            s[i + 1] = "Y"
            foundY = true
        }
        p1 = s.count
        p2 = s.count
        markRegions()
    }

    var result: String {
        (foundY ? s.map { $0 == "Y" ? "y" : $0 } : s).string
    }

    /// The position after the first non-vowel that follows a vowel, searching from `start`.
    private func afterVowelAndConsonant(from start: Int) -> Int? {
        guard let vowel = s[start...].firstIndex(where: isVowel),
            let consonant = s[(vowel + 1)...].firstIndex(where: { !isVowel($0) })
        else { return nil }
        return consonant + 1
    }

    private mutating func markRegions() {
        let r1: Int
        if let prefix = Self.r1Prefixes.first(where: { s.starts(with: $0.unicodeScalars) }) {
            r1 = prefix.scalarCount
        } else if let found = afterVowelAndConsonant(from: 0) {
            r1 = found
        } else {
            return
        }
        p1 = r1
        if let r2 = afterVowelAndConsonant(from: r1) { p2 = r2 }
    }

    /// Whether the word up to `end` ends in a short syllable: non-vowel, vowel, non-vowel other
    /// than w, x or Y; or is just vowel, non-vowel; or ends in "past".
    private func endsInShortSyllable(at end: Int) -> Bool {
        if end >= 3, !isVowelOrWXY(s[end - 1]), isVowel(s[end - 2]), !isVowel(s[end - 3]) {
            return true
        }
        if end == 2, !isVowel(s[1]), isVowel(s[0]) { return true }
        return end >= 4 && s[(end - 4)..<end].elementsEqual("past".unicodeScalars)
    }

    mutating func removeSuffixes() {
        step1a()
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
    }

    private mutating func step1a() {
        if let apostrophe = s.firstSuffix(among: ["'s'", "'s", "'"]) {
            s.removeLast(apostrophe.scalarCount)
        }
        guard let suffix = s.firstSuffix(among: ["sses", "ied", "ies", "us", "ss", "s"]) else { return }
        let start = s.count - suffix.scalarCount
        switch suffix {
        case "sses":
            s.removeLast(2)
        case "ied", "ies":
            s.replaceSuffix(length: 3, with: start >= 2 ? "i" : "ie")
        case "s":
            if start >= 1, s[..<(start - 1)].contains(where: isVowel) { s.removeLast() }
        default:
            break
        }
    }

    private mutating func step1b() {
        guard let suffix = s.firstSuffix(among: ["eedly", "ingly", "edly", "eed", "ing", "ed"])
        else { return }
        let start = s.count - suffix.scalarCount
        func isBefore(_ words: [String]) -> Bool {
            words.contains { s[..<start].elementsEqual($0.unicodeScalars) }
        }
        switch suffix {
        case "eed", "eedly":
            if start >= p1, !isBefore(["proc", "exc", "succ"]) {
                s.replaceSuffix(length: suffix.scalarCount, with: "ee")
            }
            return
        case "ing":
            if start == 2, s[1] == "y", !isVowel(s[0]) {
                s.replaceSuffix(length: 4, with: "ie")
                return
            }
            if isBefore(["inn", "out", "cann", "herr", "earr", "even"]) { return }
        default:
            break
        }
        guard s[..<start].contains(where: isVowel) else { return }
        s.removeSubrange(start...)
        if s.firstSuffix(among: ["at", "bl", "iz"]) != nil {
            s.append("e")
        } else if let last = s.last, s.count >= 2, s[s.count - 2] == last, isUndoubled(last) {
            if !(s.count == 3 && (s[0] == "a" || s[0] == "e" || s[0] == "o")) { s.removeLast() }
        } else if s.count == p1, endsInShortSyllable(at: s.count) {
            s.append("e")
        }
    }

    private mutating func step1c() {
        let n = s.count
        if n >= 3, s[n - 1] == "y" || s[n - 1] == "Y", !isVowel(s[n - 2]) { s[n - 1] = "i" }
    }

    private static let step2Suffixes = [
        "ational", "fulness", "iveness", "ization", "ousness",
        "biliti", "lessli", "tional",
        "alism", "aliti", "ation", "entli", "fulli", "iviti", "ogist", "ousli",
        "abli", "alli", "anci", "ator", "enci", "izer",
        "bli", "ogi",
        "li",
    ]

    private mutating func step2() {
        guard let suffix = s.firstSuffix(among: Self.step2Suffixes) else { return }
        let length = suffix.scalarCount
        let start = s.count - length
        guard start >= p1 else { return }
        switch suffix {
        case "tional": s.replaceSuffix(length: length, with: "tion")
        case "enci": s.replaceSuffix(length: length, with: "ence")
        case "anci": s.replaceSuffix(length: length, with: "ance")
        case "abli": s.replaceSuffix(length: length, with: "able")
        case "entli": s.replaceSuffix(length: length, with: "ent")
        case "izer", "ization": s.replaceSuffix(length: length, with: "ize")
        case "ational", "ation", "ator": s.replaceSuffix(length: length, with: "ate")
        case "alism", "aliti", "alli": s.replaceSuffix(length: length, with: "al")
        case "fulness", "fulli": s.replaceSuffix(length: length, with: "ful")
        case "ousli", "ousness": s.replaceSuffix(length: length, with: "ous")
        case "iveness", "iviti": s.replaceSuffix(length: length, with: "ive")
        case "biliti", "bli": s.replaceSuffix(length: length, with: "ble")
        case "ogist": s.replaceSuffix(length: length, with: "og")
        case "ogi":
            if start > 0, s[start - 1] == "l" { s.replaceSuffix(length: length, with: "og") }
        case "lessli": s.replaceSuffix(length: length, with: "less")
        default:
            if start > 0, isValidLIEnding(s[start - 1]) { s.removeLast(length) }
        }
    }

    private mutating func step3() {
        let suffixes = ["ational", "tional", "alize", "ative", "icate", "iciti", "ical", "ness", "ful"]
        guard let suffix = s.firstSuffix(among: suffixes) else { return }
        let length = suffix.scalarCount
        let start = s.count - length
        guard start >= p1 else { return }
        switch suffix {
        case "tional": s.replaceSuffix(length: length, with: "tion")
        case "ational": s.replaceSuffix(length: length, with: "ate")
        case "alize": s.replaceSuffix(length: length, with: "al")
        case "icate", "iciti", "ical": s.replaceSuffix(length: length, with: "ic")
        case "ative": if start >= p2 { s.removeLast(length) }
        default: s.removeLast(length)
        }
    }

    private static let step4Suffixes = [
        "ement",
        "ance", "ence", "able", "ible", "ment",
        "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion",
        "al", "er", "ic",
    ]

    private mutating func step4() {
        guard let suffix = s.firstSuffix(among: Self.step4Suffixes) else { return }
        let start = s.count - suffix.scalarCount
        guard start >= p2 else { return }
        if suffix == "ion" {
            guard start > 0, s[start - 1] == "s" || s[start - 1] == "t" else { return }
        }
        s.removeSubrange(start...)
    }

    private mutating func step5() {
        let start = s.count - 1
        if s.last == "e", start >= p2 || (start >= p1 && !endsInShortSyllable(at: start)) {
            s.removeLast()
        } else if s.last == "l", start >= p2, start > 0, s[start - 1] == "l" {
            s.removeLast()
        }
    }
}
