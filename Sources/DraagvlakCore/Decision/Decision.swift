/// A proposed decision and its alternatives, to be tested against the vision (METHOD.md §8).
public struct Decision: Sendable {
    public var id: String
    public var title: LocalizedText
    /// The question the decision answers.
    public var question: LocalizedText
    public var options: [DecisionOption]
    /// The option the proposer prefers; its verdict decides the exit code of `draagvlak test`.
    public var preferred: String

    public init(id: String, title: LocalizedText, question: LocalizedText, options: [DecisionOption], preferred: String) {
        self.id = id
        self.title = title
        self.question = question
        self.options = options
        self.preferred = preferred
    }

    /// The id given to the status quo when a decision does not name one.
    public static let statusQuoID = "nuloptie"

    /// Adds the status quo (no change, no effects) when no option is marked as one.
    public mutating func addStatusQuoIfMissing() {
        guard !options.contains(where: \.isStatusQuo) else { return }
        options.append(DecisionOption(
            id: Self.statusQuoID,
            title: LocalizedText(nl: "Nuloptie: niets veranderen", en: "Status quo: change nothing"),
            effects: [], isStatusQuo: true))
    }
}

/// One option of a decision, with what it does to the vision's ambitions.
public struct DecisionOption: Sendable {
    public var id: String
    public var title: LocalizedText
    public var description: LocalizedText?
    public var effects: [Effect]
    public var isStatusQuo: Bool

    public init(id: String, title: LocalizedText, description: LocalizedText? = nil, effects: [Effect], isStatusQuo: Bool = false) {
        self.id = id
        self.title = title
        self.description = description
        self.effects = effects
        self.isStatusQuo = isStatusQuo
    }
}

/// What an option does to one ambition: −2 (strongly against) … +2 (strongly for).
public struct Effect: Sendable, Hashable {
    /// A statement (one ambition) or a theme (spread evenly over its statements).
    public enum Target: Sendable, Hashable {
        case statement(String)
        case theme(String)
    }

    public var target: Target
    public var strength: Int

    public init(_ target: Target, _ strength: Int) {
        self.target = target
        self.strength = strength
    }

    public static let range = -2...2
}
