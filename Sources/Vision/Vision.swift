package import DraagvlakCore

/// The future vision as data: what residents support, across which groups, how many took part,
/// and the settings it was computed with. The Reports module turns it into documents.
package struct Vision: Sendable {
    package var consultation: String
    package var survey: Survey
    package var thresholds: Thresholds
    package var respondents: Int
    /// Whether respondents were weighted to population margins.
    package var weighted: Bool { weighting.isWeighted }
    /// How respondents were weighted (margins, convergence, design effect).
    package var weighting: WeightingReport
    package var participation: [DimensionParticipation]
    package var sources: [SourceCount]
    package var statements: [StatementSupport]
    /// Priorities from ranking questions, in survey order.
    package var rankings: [RankingPriorities]
    /// Priorities from point-allocation questions, in survey order.
    package var points: [PointPriorities]
    /// Opinion groups, when enough respondents answered enough statements.
    package var opinionGroups: OpinionGroupsSummary?
    /// Residents' own words per open question.
    package var ownWords: [OwnWordsSummary]
    /// Answers given online without an invitation code, and how many of them came from a
    /// network and browser that answered more than once (possibly one person answering twice);
    /// nil when there are none.
    package var openAnswers: OpenAnswerSignals?
    /// The wave the vision is of (`Wave.single` when the consultation asked once).
    package var wave: String = Wave.single

    package func statements(in theme: String) -> [StatementSupport] {
        statements.filter { $0.statement.theme == theme }
    }
}

/// How many respondents each category of one demographic question has, with small cells
/// suppressed (docs/METHOD.md §7).
package struct DimensionParticipation: Sendable {
    /// One category's count; nil when suppressed.
    package struct Cell: Sendable {
        package var code: String
        package var label: LocalizedText
        package var count: Int?
        package var suppressed: Bool
    }

    package var question: DemographicQuestion
    package var cells: [Cell]
    /// Respondents who did not answer the question; nil when suppressed.
    package var notStated: Int?
}

/// How many respondents came from one imported file, and the file's SHA-256 (provenance).
/// Open online answers and the duplicate signal among them (see `Vision.openAnswers`).
package struct OpenAnswerSignals: Sendable, Equatable {
    package var answers: Int
    package var sharingASignal: Int

    package init(answers: Int, sharingASignal: Int) {
        self.answers = answers
        self.sharingASignal = sharingASignal
    }
}

/// One imported file (or online channel) and how many respondents it brought, for the
/// document's provenance.
package struct SourceCount: Sendable {
    package var file: String
    package var format: String
    package var respondents: Int
    package var digest: String

    package init(file: String, format: String, respondents: Int, digest: String = "") {
        self.file = file
        self.format = format
        self.respondents = respondents
        self.digest = digest
    }
}

/// The opinion groups of docs/METHOD.md §4 as the vision reports them: groups found from the
/// answers alone, each with its size, place on the map and representative statements, and
/// the statements every group agrees on.
package struct OpinionGroupsSummary: Sendable {
    /// A statement that sets a group apart (Polis repness), agree or disagree.
    package struct Representative: Sendable {
        package var statement: Int
        package var agrees: Bool
        /// Share of the group that agrees (or disagrees), and of everyone else.
        package var share: Double
        package var shareRest: Double
        /// Polis's representativeness ratio and the z-score of its significance test.
        package var ratio: Double
        package var z: Double
        /// Group members who answered the statement.
        package var n: Int
    }

    /// One opinion group.
    package struct Group: Sendable {
        /// "A", "B", …
        package var id: String
        package var size: Int
        /// Smaller than k_min: counted, but neither described nor drawn.
        package var suppressed: Bool
        /// Centre on the two principal components.
        package var centre: (x: Double, y: Double)
        package var representative: [Representative]
    }

    /// A statement all groups agree (or disagree) on: Polis's consensus list, kept when every
    /// shown group holds it by a majority.
    package struct Consensus: Sendable {
        package var statement: Int
        package var agrees: Bool
        /// Per group, its share agreeing (or disagreeing), (s + 1)/(n + 2).
        var shares: [Double]
        /// The lowest share in any shown group.
        package var lowestShare: Double

        init(statement: Int, agrees: Bool, shares: [Double]) {
            self.statement = statement
            self.agrees = agrees
            self.shares = shares
            self.lowestShare = shares.min() ?? 0
        }
    }

    package var groups: [Group]
    /// Respondents placed in a group, and those left out (fewer answers than the minimum).
    package var placed: Int
    package var leftOut: Int
    package var minimumAnswers: Int
    package var silhouette: Double
    /// Share of the variance the two components explain.
    package var explainedVariance: [Double]
    package var seed: UInt64
    package var consensus: [Consensus]
    /// Respondents binned on the map, cells below k_min left out.
    package var density: [(x: Double, y: Double, count: Int)]
    /// Per respondent (table order): the group index, or −1.
    package var assignment: [Int]
}

/// What residents wrote in one open question (docs/METHOD.md §6), personal data scrubbed.
package struct OwnWordsSummary: Sendable {
    /// A recurring phrase and in how many answers it occurs.
    package struct Keyphrase: Sendable {
        package var phrase: String
        package var answers: Int
        package var score: Double
    }

    /// Answers that share vocabulary, with where they come from and a few quotes.
    package struct Topic: Sendable {
        package var terms: [String]
        package var size: Int
        /// Groups over-represented among the topic's writers: (dimension, category, share of
        /// the topic's answers). Only reportable groups.
        package var groups: [(dimension: String, category: String, share: Double)]
        package var quotes: [String]
    }

    package var question: Question
    package var answered: Int
    package var keyphrases: [Keyphrase]
    package var topics: [Topic]
}
