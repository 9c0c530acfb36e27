/// The municipality's reply to what residents said — the core of the participation report
/// (participatieverslag) the Omgevingswet asks for: per theme, and where it wants to, per
/// statement, what it takes over, what not, and why. Written by officers in `reply.yaml`.
public struct Reply: Sendable, Hashable {
    /// What the municipality does with one theme or statement.
    public enum Verdict: String, Sendable, Hashable, CaseIterable {
        /// Taken over in the vision or the policy.
        case adopted
        /// Taken over in part.
        case partly
        /// Not taken over (the text says why).
        case notAdopted = "not-adopted"
        /// Not decided yet.
        case pending
    }

    /// The reply to one theme or statement.
    public struct Answer: Sendable, Hashable {
        public var verdict: Verdict
        /// What the municipality does and why.
        public var text: LocalizedText

        public init(verdict: Verdict, text: LocalizedText) {
            self.verdict = verdict
            self.text = text
        }
    }

    /// The opening words of the chapter.
    public var introduction: LocalizedText?
    /// The date the reply was adopted (as written, e.g. by the council).
    public var date: String?
    /// The wave it answers (`wave:`); nil for every wave, as in a consultation that asks once.
    public var wave: String?
    /// By theme id.
    public var themes: [String: Answer]
    /// By statement id.
    public var statements: [String: Answer]

    public init(
        introduction: LocalizedText? = nil, date: String? = nil, themes: [String: Answer] = [:], statements: [String: Answer] = [:]
    ) {
        self.introduction = introduction
        self.date = date
        self.themes = themes
        self.statements = statements
    }
}
