/// Where a response came from: the file and the line its record starts on.
public struct SourcePosition: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}

/// An answer to a non-statement question, as stored and exported.
public enum AnswerValue: Sendable, Hashable {
    case choice(String)
    case choices([String])
    /// Option codes, most important first.
    case ranking([String])
    /// Points per option code.
    case points([String: Int])
    case text(String)

    /// The value as JSON writes it: a choice or text as a string, checkboxes and rankings as a
    /// list of codes (a ranking in order), points as an object of code → points.
    public var jsonValue: Any {
        switch self {
        case .choice(let code): code
        case .choices(let codes), .ranking(let codes): codes
        case .points(let points): points
        case .text(let text): text
        }
    }
}

/// One respondent's normalised answers, ready to store.
///
/// Statement answers and demographic categories are kept in survey order, as small numbers,
/// because the vision reads millions of them; other answers are kept by question id.
public struct Response: Sendable, Hashable {
    /// The keyed pseudonym of the respondent id; the raw id is never kept.
    public var respondent: String
    public var source: SourcePosition
    /// ISO 8601 as the source gave it, when it did.
    public var submittedAt: String?
    /// Per survey statement: the scale value, or nil when not answered.
    public var statements: [Int8?]
    /// Per demographic question: the index of the category, or nil when not answered.
    public var categories: [Int?]
    public var other: [String: AnswerValue]

    public init(
        respondent: String, source: SourcePosition, submittedAt: String? = nil,
        statements: [Int8?], categories: [Int?], other: [String: AnswerValue] = [:]
    ) {
        self.respondent = respondent
        self.source = source
        self.submittedAt = submittedAt
        self.statements = statements
        self.categories = categories
        self.other = other
    }
}

/// All responses of a consultation in columns, the way the vision reads them: one array per
/// statement and per demographic question, each as long as there are respondents.
public struct ResponseTable: Sendable {
    /// Marks an unanswered statement in `statements`.
    public static let missing = Int8.min

    public private(set) var count: Int
    /// `statements[s][r]`: respondent r's value on statement s, or `missing`.
    public var statements: [[Int8]]
    /// `categories[d][r]`: the category index of respondent r on demographic d, or −1.
    public var categories: [[Int16]]
    /// The ids of the questions in `answers`.
    public let questionIDs: [String]
    /// `answers[q][r]`: respondent r's answer to question `questionIDs[q]` (ranking, points,
    /// open text, …), or nil.
    public var answers: [[AnswerValue?]]
    /// Respondent weights; all 1 until the consultation is weighted.
    public var weights: [Double]

    public init(statementCount: Int, demographicCount: Int, questionIDs: [String] = [], capacity: Int = 0) {
        count = 0
        self.questionIDs = questionIDs
        statements = Array(repeating: [], count: statementCount)
        categories = Array(repeating: [], count: demographicCount)
        answers = Array(repeating: [], count: questionIDs.count)
        weights = []
        if capacity > 0 {
            for i in statements.indices { statements[i].reserveCapacity(capacity) }
            for i in categories.indices { categories[i].reserveCapacity(capacity) }
            for i in answers.indices { answers[i].reserveCapacity(capacity) }
            weights.reserveCapacity(capacity)
        }
    }

    /// Appends one respondent; `statementValue(s)` and `category(d)` give its answers.
    public mutating func append(
        weight: Double = 1, statementValue: (Int) -> Int8, category: (Int) -> Int16,
        answer: (Int) -> AnswerValue? = { _ in nil }
    ) {
        for s in statements.indices { statements[s].append(statementValue(s)) }
        for d in categories.indices { categories[d].append(category(d)) }
        for q in answers.indices { answers[q].append(answer(q)) }
        weights.append(weight)
        count += 1
    }

    public mutating func append(_ response: Response) {
        let ids = questionIDs
        append(
            statementValue: { response.statements[$0] ?? Self.missing },
            category: { response.categories[$0].map(Int16.init) ?? -1 },
            answer: { response.other[ids[$0]] })
    }

    /// The column of answers to question `id`, when the table holds it.
    public func answers(to id: String) -> [AnswerValue?]? {
        questionIDs.firstIndex(of: id).map { answers[$0] }
    }
}
