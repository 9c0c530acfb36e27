/// The Snowball stemmer for Dutch: Martin Porter's classic algorithm
/// (https://snowballstem.org/algorithms/dutch/stemmer.html), shipped as `dutch_porter.sbl`.
///
/// Snowball 3.0 made the Kraaij-Pohlmann algorithm its default "dutch" and renamed this one
/// `dutch_porter`; this is the one NLTK's `SnowballStemmer("dutch")` and PyStemmer before 3.0
/// produce, and PyStemmer/snowballstemmer 3.x produce as "dutch_porter". It follows Snowball
/// 3.x, where R1's "at least 3" counts characters, not UTF-8 bytes. The classic algorithm is
/// chosen so that stems agree with NLTK and with indexes built by earlier Snowball releases.
package struct DutchStemmer: Stemmer {
    package init() {}

    package func stem(_ word: String) -> String {
        var dutch = DutchWord(word)
        dutch.removeSuffixes()
        return dutch.result
    }
}

private func isVowel(_ c: Unicode.Scalar) -> Bool {
    switch c {
    case "a", "e", "i", "o", "u", "y", "è": true
    default: false
    }
}

private struct DutchWord {
    /// The word with accents removed and the consonantal `i` and `y` written `I` and `Y`.
    var s: [Unicode.Scalar]
    var p1: Int
    var p2: Int
    /// Whether step 2 removed an `e`: "-bar" is removed only then.
    var eFound = false

    init(_ word: String) {
        s = word.unicodeScalars.map(Self.withoutAccent)
        p1 = s.count
        p2 = s.count
        markConsonantalIY()
        markRegions()
    }

    var result: String {
        s.map { $0 == "I" ? "i" : $0 == "Y" ? "y" : $0 }.string
    }

    private static func withoutAccent(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c {
        case "ä", "á": "a"
        case "ë", "é": "e"
        case "ï", "í": "i"
        case "ö", "ó": "o"
        case "ü", "ú": "u"
        default: c
        }
    }

    /// Initial `y`, `y` after a vowel and `i` between vowels become `Y` and `I`, which count as
    /// consonants. Scans left to right as Snowball's prelude does, so in "ayi" the `y` is marked
    /// and in "aiy" the `i` is, leaving the `y` as the vowel after it.
    private mutating func markConsonantalIY() {
        if s.first == "y" { s[0] = "Y" }
        var cursor = 0
        while let vowel = s[cursor...].firstIndex(where: isVowel) {
            cursor = vowel + 1
            guard cursor < s.count else { return }
            if s[cursor] == "i" {
                if cursor + 1 < s.count, isVowel(s[cursor + 1]) { s[cursor] = "I" }
                cursor += 1
            } else if s[cursor] == "y" {
                s[cursor] = "Y"
                cursor += 1
            }
        }
    }

    /// The position after the first non-vowel that follows a vowel, searching from `start`.
    private func afterVowelAndConsonant(from start: Int) -> Int? {
        guard let vowel = s[start...].firstIndex(where: isVowel),
            let consonant = s[(vowel + 1)...].firstIndex(where: { !isVowel($0) })
        else { return nil }
        return consonant + 1
    }

    /// R1 starts at least 3 characters in; R2 is searched from where R1 would start without
    /// that adjustment, as the reference implementation does.
    private mutating func markRegions() {
        guard s.count >= 3, let r1 = afterVowelAndConsonant(from: 0) else { return }
        p1 = max(r1, 3)
        if let r2 = afterVowelAndConsonant(from: r1) { p2 = r2 }
    }

    mutating func removeSuffixes() {
        step1()
        removeEEnding()
        step3a()
        step3b()
        undoubleVowel()
    }

    private mutating func undouble() {
        if s.hasSuffix("kk") || s.hasSuffix("dd") || s.hasSuffix("tt") { s.removeLast() }
    }

    private func precededBy(_ start: Int, _ letter: Unicode.Scalar) -> Bool {
        start > 0 && s[start - 1] == letter
    }

    /// Removes "en" or "ene" starting at `start` when in R1 after a non-vowel other than in
    /// "gem-en", then undoubles.
    private mutating func removeEnEnding(at start: Int) {
        guard start >= p1, start > 0, !isVowel(s[start - 1]),
            !(start >= 3 && s[(start - 3)..<start].elementsEqual("gem".unicodeScalars))
        else { return }
        s.removeSubrange(start...)
        undouble()
    }

    private mutating func step1() {
        guard let suffix = s.firstSuffix(among: ["heden", "ene", "en", "se", "s"]) else { return }
        let start = s.count - suffix.scalarCount
        switch suffix {
        case "heden":
            if start >= p1 { s.replaceSuffix(length: 5, with: "heid") }
        case "en", "ene":
            removeEnEnding(at: start)
        default:
            if start >= p1, start > 0, !isVowel(s[start - 1]), s[start - 1] != "j" {
                s.removeSubrange(start...)
            }
        }
    }

    private mutating func removeEEnding() {
        eFound = false
        let start = s.count - 1
        guard s.last == "e", start >= p1, start > 0, !isVowel(s[start - 1]) else { return }
        s.removeLast()
        eFound = true
        undouble()
    }

    private mutating func step3a() {
        guard s.hasSuffix("heid") else { return }
        let start = s.count - 4
        guard start >= p2, !precededBy(start, "c") else { return }
        s.removeSubrange(start...)
        if s.hasSuffix("en") { removeEnEnding(at: s.count - 2) }
    }

    private mutating func step3b() {
        guard let suffix = s.firstSuffix(among: ["lijk", "baar", "end", "ing", "bar", "ig"])
        else { return }
        let start = s.count - suffix.scalarCount
        guard start >= p2 else { return }
        switch suffix {
        case "end", "ing":
            s.removeSubrange(start...)
            let igStart = s.count - 2
            if s.hasSuffix("ig"), igStart >= p2, !precededBy(igStart, "e") {
                s.removeSubrange(igStart...)
            } else {
                undouble()
            }
        case "ig":
            if !precededBy(start, "e") { s.removeSubrange(start...) }
        case "lijk":
            s.removeSubrange(start...)
            removeEEnding()
        case "baar":
            s.removeSubrange(start...)
        default:
            if eFound { s.removeSubrange(start...) }
        }
    }

    /// A word ending consonant, double vowel, consonant (not `I`) loses one of the vowels:
    /// "maan" → "man".
    private mutating func undoubleVowel() {
        let n = s.count
        guard n >= 4, !isVowel(s[n - 1]), s[n - 1] != "I",
            s[n - 2] == s[n - 3], ["a", "e", "o", "u"].contains(s[n - 2]),
            !isVowel(s[n - 4])
        else { return }
        s.remove(at: n - 2)
    }
}
