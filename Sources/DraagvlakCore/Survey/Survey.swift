/// A survey definition: the themes, statements and other questions a consultation asks.
///
/// Surveys are data (see `Surveys/*.yaml`); the engine never hard-codes a question.
/// Lookups by id are precomputed, because importers resolve every column through them.
public struct Survey: Sendable {
    public var id: String
    public var version: Int
    public var title: LocalizedText
    public var introduction: LocalizedText?
    public var themes: [Theme]
    public var statements: [Statement]
    public var demographics: [DemographicQuestion]
    public var questions: [Question]

    private var index: [String: QuestionReference]

    public init(
        id: String, version: Int = 1, title: LocalizedText, introduction: LocalizedText? = nil,
        themes: [Theme], statements: [Statement], demographics: [DemographicQuestion] = [],
        questions: [Question] = []
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.introduction = introduction
        self.themes = themes
        self.statements = statements
        self.demographics = demographics
        self.questions = questions
        var index: [String: QuestionReference] = [:]
        for (i, s) in statements.enumerated() { index[s.id] = .statement(i) }
        for (i, d) in demographics.enumerated() { index[d.id] = .demographic(i) }
        for (i, q) in questions.enumerated() { index[q.id] = .question(i) }
        self.index = index
    }

    /// Where a question id points: a statement, a demographic question or another question.
    public func reference(to id: String) -> QuestionReference? {
        index[id]
    }

    /// The category `code` of demographic question `dimension`, if both exist.
    public func category(_ dimension: String, _ code: String) -> Category? {
        demographics.first { $0.id == dimension }?.categories.first { $0.code == code }
    }

    public func theme(_ id: String) -> Theme? {
        themes.first { $0.id == id }
    }

    public func statements(inTheme theme: String) -> [Statement] {
        statements.filter { $0.theme == theme }
    }
}

/// A pointer into a survey's three lists of questions.
public enum QuestionReference: Sendable, Hashable {
    case statement(Int)
    case demographic(Int)
    case question(Int)
}

/// One of the broad subjects a vision covers, such as the eight Platform31 trends.
public struct Theme: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText

    public init(id: String, title: LocalizedText) {
        self.id = id
        self.title = title
    }
}

/// Whether agreeing with a statement means supporting the ambition it measures (+1), or
/// opposing it (−1, for statements worded against the ambition).
public enum Polarity: Int, Sendable, Hashable {
    case forAmbition = 1
    case againstAmbition = -1
}

/// A statement residents agree or disagree with; each measures one ambition of the vision.
public struct Statement: Sendable, Hashable {
    public var id: String
    public var theme: String
    public var text: LocalizedText
    public var ambition: LocalizedText?
    public var polarity: Polarity
    public var scale: Scale

    public init(
        id: String, theme: String, text: LocalizedText, ambition: LocalizedText? = nil,
        polarity: Polarity = .forAmbition, scale: Scale = .likert5
    ) {
        self.id = id
        self.theme = theme
        self.text = text
        self.ambition = ambition
        self.polarity = polarity
        self.scale = scale
    }
}

/// How a statement is answered: a five- or seven-point Likert scale, or a Polis-style vote.
public enum Scale: String, Sendable, Hashable, CaseIterable {
    case likert5
    case likert7
    case vote

    /// The stored values: 1…5, 1…7, or −1 (disagree), 0 (pass), 1 (agree).
    public var values: ClosedRange<Int> {
        switch self {
        case .likert5: 1...5
        case .likert7: 1...7
        case .vote: -1...1
        }
    }

    /// What an answer says about the statement (docs/METHOD.md §2).
    public func stance(of value: Int) -> Stance {
        switch self {
        case .likert5: value >= 4 ? .agree : value == 3 ? .neutral : .disagree
        case .likert7: value >= 5 ? .agree : value == 4 ? .neutral : .disagree
        case .vote: value > 0 ? .agree : value == 0 ? .neutral : .disagree
        }
    }

    public var isLikert: Bool { self != .vote }

    /// The points of the scale with their words, in the order a form shows them (a vote:
    /// agree, disagree, pass).
    public func labels(_ language: Language) -> [(value: Int, label: String)] {
        let nl = language == .nl
        let words: [String]
        switch self {
        case .likert5:
            words =
                nl
                ? ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"]
                : ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
        case .likert7:
            words =
                nl
                ? ["Helemaal oneens", "Oneens", "Enigszins oneens", "Neutraal", "Enigszins eens", "Eens", "Helemaal eens"]
                : ["Strongly disagree", "Disagree", "Somewhat disagree", "Neutral", "Somewhat agree", "Agree", "Strongly agree"]
        case .vote:
            return [(1, nl ? "Eens" : "Agree"), (-1, nl ? "Oneens" : "Disagree"), (0, nl ? "Pas" : "Pass")]
        }
        return zip(values, words).map { ($0, $1) }
    }
}

/// Agree, neutral (or pass), or disagree: every answer to a statement reduces to one of these.
public enum Stance: Int, Sendable, Hashable, CaseIterable {
    case agree
    case neutral
    case disagree
}

/// A demographic question (district, age band, tenure, …) whose categories form the groups
/// that broad support is checked across.
public struct DemographicQuestion: Sendable, Hashable {
    public var id: String
    public var text: LocalizedText
    public var categories: [Category]

    public init(id: String, text: LocalizedText, categories: [Category]) {
        self.id = id
        self.text = text
        self.categories = categories
    }

    public func categoryIndex(code: String) -> Int? {
        categories.firstIndex { $0.code == code }
    }
}

/// A coded answer option of a demographic or choice question.
public struct Category: Sendable, Hashable {
    public var code: String
    public var label: LocalizedText

    public init(code: String, label: LocalizedText) {
        self.code = code
        self.label = label
    }
}

/// A question that is neither a statement nor demographic: a choice, a ranking, a point
/// allocation or an open question.
public struct Question: Sendable, Hashable {
    /// The kinds of non-statement question a survey can ask.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case choice
        case multipleChoice
        case ranking
        case points
        case open
    }

    public var id: String
    public var kind: Kind
    public var text: LocalizedText
    public var options: [Category]
    /// For point allocation: the points every respondent divides (e.g. 100).
    public var total: Int?

    /// The columns the question takes in a table of responses: one per option for point
    /// allocations and checkboxes (`budget[groen]`), else one named by the id.
    public var tabularColumns: [String] {
        switch kind {
        case .points, .multipleChoice: options.map { "\(id)[\($0.code)]" }
        case .choice, .ranking, .open: [id]
        }
    }

    public init(id: String, kind: Kind, text: LocalizedText, options: [Category] = [], total: Int? = nil) {
        self.id = id
        self.kind = kind
        self.text = text
        self.options = options
        self.total = total
    }
}
