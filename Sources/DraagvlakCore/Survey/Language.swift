/// A language a document or survey text can be shown in. Dutch is the default for residents
/// and councils; English serves international residents and readers abroad.
public enum Language: String, Sendable, CaseIterable, Codable {
    case nl
    case en
}

/// A text given in every supported language, as surveys and documents need.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var nl: String
    public var en: String

    public init(nl: String, en: String) {
        self.nl = nl
        self.en = en
    }

    /// The same text in both languages, for names that are not translated.
    public init(_ both: String) {
        self.init(nl: both, en: both)
    }

    public subscript(language: Language) -> String {
        switch language {
        case .nl: nl
        case .en: en
        }
    }
}

/// A count with its noun in agreement ("1 stelling", "2 stellingen"; "1 statement",
/// "2 statements"): running text in either language must never read "1 statements".
public enum Plural {
    public static func count(_ n: Int, _ one: String, _ many: String) -> String {
        "\(n) \(n == 1 ? one : many)"
    }

    /// One of two forms (a verb, a pronoun) chosen by `n`.
    public static func form(_ n: Int, _ one: String, _ many: String) -> String {
        n == 1 ? one : many
    }
}
