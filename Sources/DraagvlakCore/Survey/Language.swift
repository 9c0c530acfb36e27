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
