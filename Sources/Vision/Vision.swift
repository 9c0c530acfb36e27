public import DraagvlakCore

/// The future vision as data: what residents support, across which groups, how many took part,
/// and the settings it was computed with. The Reports module turns it into documents.
public struct Vision: Sendable {
    public var consultation: String
    public var survey: Survey
    public var thresholds: Thresholds
    public var respondents: Int
    /// Whether respondents were weighted to population margins.
    public var weighted: Bool { weighting.isWeighted }
    /// How respondents were weighted (margins, convergence, design effect).
    public var weighting: WeightingReport
    public var participation: [DimensionParticipation]
    public var sources: [SourceCount]
    public var statements: [StatementSupport]
    /// Priorities from ranking questions, in survey order.
    public var rankings: [RankingPriorities]
    /// Priorities from point-allocation questions, in survey order.
    public var points: [PointPriorities]
    /// Opinion groups, when enough respondents answered enough statements.
    public var opinionGroups: OpinionGroupsSummary?
    /// Residents' own words per open question.
    public var ownWords: [OwnWordsSummary]
    /// Answers given online without an invitation code, and how many of them came from a
    /// network and browser that answered more than once (possibly one person answering twice);
    /// nil when there are none.
    public var openAnswers: OpenAnswerSignals?

    public func statements(in theme: String) -> [StatementSupport] {
        statements.filter { $0.statement.theme == theme }
    }
}

/// How many respondents each category of one demographic question has, with small cells
/// suppressed (docs/METHOD.md §7).
public struct DimensionParticipation: Sendable {
    /// One category's count; nil when suppressed.
    public struct Cell: Sendable {
        public var code: String
        public var label: LocalizedText
        public var count: Int?
        public var suppressed: Bool
    }

    public var question: DemographicQuestion
    public var cells: [Cell]
    /// Respondents who did not answer the question; nil when suppressed.
    public var notStated: Int?
}

/// How many respondents came from one imported file, and the file's SHA-256 (provenance).
/// Open online answers and the duplicate signal among them (see `Vision.openAnswers`).
public struct OpenAnswerSignals: Sendable, Equatable {
    public var answers: Int
    public var sharingASignal: Int

    public init(answers: Int, sharingASignal: Int) {
        self.answers = answers
        self.sharingASignal = sharingASignal
    }
}

public struct SourceCount: Sendable {
    public var file: String
    public var format: String
    public var respondents: Int
    public var digest: String

    public init(file: String, format: String, respondents: Int, digest: String = "") {
        self.file = file
        self.format = format
        self.respondents = respondents
        self.digest = digest
    }
}

/// The opinion groups of docs/METHOD.md §4 as the vision reports them: groups found from the
/// answers alone, each with its size, place on the map and representative statements, and
/// the statements every group agrees on.
public struct OpinionGroupsSummary: Sendable {
    /// A statement that sets a group apart (Polis repness), agree or disagree.
    public struct Representative: Sendable {
        public var statement: Int
        public var agrees: Bool
        /// Share of the group that agrees (or disagrees), and of everyone else.
        public var share: Double
        public var shareRest: Double
        /// Polis's representativeness ratio and the z-score of its significance test.
        public var ratio: Double
        public var z: Double
        /// Group members who answered the statement.
        public var n: Int
    }

    /// One opinion group.
    public struct Group: Sendable {
        /// "A", "B", …
        public var id: String
        public var size: Int
        /// Smaller than k_min: counted, but neither described nor drawn.
        public var suppressed: Bool
        /// Centre on the two principal components.
        public var centre: (x: Double, y: Double)
        public var representative: [Representative]
    }

    /// A statement all groups agree (or disagree) on: Polis's consensus list, kept when every
    /// shown group holds it by a majority.
    public struct Consensus: Sendable {
        public var statement: Int
        public var agrees: Bool
        /// Per group, its share agreeing (or disagreeing), (s + 1)/(n + 2).
        var shares: [Double]
        /// The lowest share in any shown group.
        public var lowestShare: Double

        init(statement: Int, agrees: Bool, shares: [Double]) {
            self.statement = statement
            self.agrees = agrees
            self.shares = shares
            self.lowestShare = shares.min() ?? 0
        }
    }

    public var groups: [Group]
    /// Respondents placed in a group, and those left out (fewer answers than the minimum).
    public var placed: Int
    public var leftOut: Int
    public var minimumAnswers: Int
    public var silhouette: Double
    /// Share of the variance the two components explain.
    public var explainedVariance: [Double]
    public var seed: UInt64
    public var consensus: [Consensus]
    /// Respondents binned on the map, cells below k_min left out.
    public var density: [(x: Double, y: Double, count: Int)]
    /// Per respondent (table order): the group index, or −1.
    public var assignment: [Int]
}

/// What residents wrote in one open question (docs/METHOD.md §6), personal data scrubbed.
public struct OwnWordsSummary: Sendable {
    /// A recurring phrase and in how many answers it occurs.
    public struct Keyphrase: Sendable {
        public var phrase: String
        public var answers: Int
        public var score: Double
    }

    /// Answers that share vocabulary, with where they come from and a few quotes.
    public struct Topic: Sendable {
        public var terms: [String]
        public var size: Int
        /// Groups over-represented among the topic's writers: (dimension, category, share of
        /// the topic's answers). Only reportable groups.
        public var groups: [(dimension: String, category: String, share: Double)]
        public var quotes: [String]
    }

    public var question: Question
    public var answered: Int
    public var keyphrases: [Keyphrase]
    public var topics: [Topic]
}
