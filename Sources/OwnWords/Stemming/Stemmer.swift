/// Reduces one word to its stem, so that inflected and derived forms ("woningen" and "woning",
/// "houses" and "housing") count as one term when free-text answers are compared or tallied.
///
/// A stem is a matching key, not a dictionary word: "gemeente" stems to "gemeent". Stemmers are
/// pure functions of the word, so one value can be shared between tasks.
package protocol Stemmer: Sendable {
    /// The stem of `word`: one lower-cased word in precomposed form (NFC), without surrounding
    /// punctuation or spaces.
    func stem(_ word: String) -> String
}

// The Snowball stemmers work on Unicode scalars (code points), as the reference implementation
// does on UTF-8, so lengths and positions count scalars, not grapheme clusters.
extension Array where Element == Unicode.Scalar {
    var string: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: self)
        return String(view)
    }

    func hasSuffix(_ suffix: String) -> Bool {
        let tail = suffix.unicodeScalars
        var index = endIndex
        for scalar in tail.reversed() {
            guard index > startIndex else { return false }
            index -= 1
            guard self[index] == scalar else { return false }
        }
        return true
    }

    /// The first of `suffixes` that ends the word; Snowball's `among` takes the longest match,
    /// so callers list their suffixes longest first.
    func firstSuffix(among suffixes: [String]) -> String? {
        suffixes.first(where: hasSuffix)
    }

    mutating func replaceSuffix(length: Int, with replacement: String) {
        removeLast(length)
        append(contentsOf: replacement.unicodeScalars)
    }
}

extension String {
    var scalarCount: Int { unicodeScalars.count }
}
