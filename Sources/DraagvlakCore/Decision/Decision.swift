/// A proposed decision and its alternatives, to be tested against the vision (docs/METHOD.md §8).
public struct Decision: Sendable {
    public var id: String
    public var title: LocalizedText
    /// The question the decision answers.
    public var question: LocalizedText
    public var options: [DecisionOption]
    /// The option the proposer prefers; its verdict decides the exit code of `draagvlak test`.
    public var preferred: String
    /// The file and line the decision was read from, for reports.
    public var source: SourceLocation?

    public init(
        id: String, title: LocalizedText, question: LocalizedText, options: [DecisionOption], preferred: String,
        source: SourceLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.question = question
        self.options = options
        self.preferred = preferred
        self.source = source
    }

    /// The id given to the status quo when a decision does not name one.
    public static let statusQuoID = "nuloptie"

    /// Adds the status quo (no change, no effects) when no option is marked as one.
    public mutating func addStatusQuoIfMissing() {
        guard !options.contains(where: \.isStatusQuo) else { return }
        options.append(
            DecisionOption(
                id: Self.statusQuoID,
                title: LocalizedText(nl: "Nuloptie: niets veranderen", en: "Status quo: change nothing"),
                effects: [], isStatusQuo: true))
    }
}

/// One option of a decision, with what it does to the vision's ambitions — in general and,
/// where it differs, per scenario — whom it burdens or benefits, and when to revisit it.
public struct DecisionOption: Sendable {
    public var id: String
    public var title: LocalizedText
    public var description: LocalizedText?
    public var effects: [Effect]
    /// Per scenario id: effects that differ there, merged over `effects` (strength 0 removes one).
    public var scenarioEffects: [String: [Effect]]
    /// Direct effects on groups of residents (a district, an age band, …).
    public var groupEffects: [GroupEffect]
    public var signposts: [Signpost]
    public var isStatusQuo: Bool

    public init(
        id: String, title: LocalizedText, description: LocalizedText? = nil, effects: [Effect],
        scenarioEffects: [String: [Effect]] = [:], groupEffects: [GroupEffect] = [], signposts: [Signpost] = [],
        isStatusQuo: Bool = false
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.effects = effects
        self.scenarioEffects = scenarioEffects
        self.groupEffects = groupEffects
        self.signposts = signposts
        self.isStatusQuo = isStatusQuo
    }

    /// The effects in `scenario`: the general ones with the scenario's own merged over them.
    public func effects(in scenario: String?) -> [Effect] {
        guard let scenario, let specific = scenarioEffects[scenario] else { return effects }
        var merged = effects.filter { e in !specific.contains { $0.target == e.target } }
        merged += specific.filter { $0.strength != 0 }
        return merged
    }
}

/// What an option does to one group of residents directly: −2 (heavy burden) … +2 (clear gain).
public struct GroupEffect: Sendable, Hashable {
    /// A demographic question id and one of its category codes.
    public var dimension: String
    public var category: String
    public var strength: Int

    public init(dimension: String, category: String, strength: Int) {
        self.dimension = dimension
        self.category = category
        self.strength = strength
    }
}

/// When to revisit a decision: an indicator to watch and the value or condition at which to
/// look again (adaptive policy's signposts).
public struct Signpost: Sendable, Hashable {
    public var indicator: LocalizedText
    public var revisit: LocalizedText
    /// When the indicator is residents' support for a statement: the threshold the vision is
    /// read against, so a later wave's figures can say "revisit".
    public var support: SupportSignal?

    public init(indicator: LocalizedText, revisit: LocalizedText, support: SupportSignal? = nil) {
        self.indicator = indicator
        self.revisit = revisit
        self.support = support
    }
}

/// A signpost on residents' support: revisit when the weighted support for `statement` (in all
/// residents, or in one group) falls below or rises above `threshold`.
public struct SupportSignal: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        case below, above
    }

    public var statement: String
    /// A demographic question id and category code; nil for all residents.
    public var dimension: String?
    public var category: String?
    public var direction: Direction
    /// A share in 0…1.
    public var threshold: Double

    public init(statement: String, dimension: String? = nil, category: String? = nil, direction: Direction, threshold: Double) {
        self.statement = statement
        self.dimension = dimension
        self.category = category
        self.direction = direction
        self.threshold = threshold
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
