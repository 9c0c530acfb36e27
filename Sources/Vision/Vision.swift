public import DraagvlakCore

/// The future vision as data: what residents support, across which groups, how many took part,
/// and the settings it was computed with. Renderers turn it into documents.
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

    public func statements(in theme: String) -> [StatementSupport] {
        statements.filter { $0.statement.theme == theme }
    }
}

/// How many respondents each category of one demographic question has, with small cells
/// suppressed (METHOD.md §7).
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

/// How many respondents came from one imported file.
public struct SourceCount: Sendable {
    public var file: String
    public var format: String
    public var respondents: Int

    public init(file: String, format: String, respondents: Int) {
        self.file = file
        self.format = format
        self.respondents = respondents
    }
}
