import Foundation

/// A wave of a consultation: one round of asking the same survey (a yearly Stadspeiling, a
/// panel's spring round), named by the officer who imports it (`draagvlak import --wave 2028`).
/// Statements are matched across waves by id; a respondent is one per wave, so the same person
/// answering in two waves is two respondents (their pseudonyms differ per wave, docs/METHOD.md
/// §10), and the vision is written for one wave, by default the latest.
public enum Wave {
    /// The wave of a consultation that asks once: files imported without `--wave`.
    public static let single = ""

    /// Waves in order: the unnamed wave first, then by name with numbers compared as numbers
    /// ("2026" before "2028", "ronde 2" before "ronde 10"), so waves named by year or date sort
    /// as they were held.
    public static func order(_ waves: some Sequence<String>) -> [String] {
        Set(waves).sorted { a, b in
            if a == single || b == single { return a == single && b != single }
            let order = a.compare(b, options: [.numeric, .caseInsensitive])
            return order == .orderedSame ? a < b : order == .orderedAscending
        }
    }

    /// Why `name` cannot name a wave, or nil when it can: 1 to 40 letters, digits, spaces,
    /// `-`, `_` or `.`, not starting or ending with a space.
    public static func problem(_ name: String) -> String? {
        guard !name.isEmpty, name.count <= 40 else { return "a wave's name has 1 to 40 characters" }
        guard name.trimmingCharacters(in: .whitespaces) == name else { return "a wave's name does not start or end with a space" }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " -_."))
        guard name.unicodeScalars.allSatisfy(allowed.contains) else {
            return "a wave's name has letters, digits, spaces, '-', '_' and '.' only"
        }
        return nil
    }
}
