public import DraagvlakCore

/// Support for one statement among one group of respondents (a demographic category).
public struct GroupSupport: Sendable, Hashable {
    /// Respondents in the group who answered; nil when suppressed.
    public var n: Int?
    /// Raw weighted support; nil when suppressed.
    public var support: Double?
    /// Smoothed agreement (A + 1)/(S + 2); nil when suppressed.
    public var smoothed: Double?
    public var suppressed: Bool
    /// The group's own net support (agree share − disagree share), for the divide check of
    /// decisions; nil when suppressed.
    public var netSupport: Double?
}

/// Everything the vision says about one statement: support, interval, groups, class.
public struct StatementSupport: Sendable {
    public var statement: Statement
    /// Respondents who answered.
    public var n: Int
    public var effectiveN: Double
    /// Weighted shares of agree, neutral/pass and disagree among those who answered.
    public var support: Double
    public var neutral: Double
    public var opposition: Double
    /// Agree share minus disagree share, in −1…1.
    public var netSupport: Double
    /// Wilson interval of `support` on the effective sample size.
    public var interval: (low: Double, high: Double)
    /// Wilson interval of `opposition` on the effective sample size: a statement is rejected
    /// only when this lies wholly above `interval`.
    public var oppositionInterval: (low: Double, high: Double) = (0, 1)
    /// Weighted share per scale value (1…k, or disagree/pass/agree for votes).
    public var distribution: [Double]
    public var median: Double?
    public var tastleWierman: Double?
    public var leik: Double?
    /// Van der Eijk's agreement A (Likert only).
    public var agreement: Double?
    public var supportClass: SupportClass
    /// The lowest smoothed agreement of any reportable group, over all dimensions.
    public var bridging: Double?
    public var bridgingByDimension: [String: Double]
    /// The largest |p_g − p_rest| over reportable groups, and where it was found (nil when that
    /// group is hidden).
    public var polarisation: Double?
    public var polarisedGroup: (dimension: String, category: String)?
    /// Per demographic question id, per category code.
    public var groups: [String: [String: GroupSupport]]
    /// Polis's group-informed consensus over the opinion groups: Π p_g, and Π p_g^(1/G) so
    /// that conversations with different numbers of groups compare. Nil without opinion groups.
    public var groupInformedConsensus: (product: Double, normalised: Double)?
    /// Whether a group hidden for disclosure (the complement of a smaller one) is below the
    /// floor, so the statement is divided by a group the document cannot name.
    public var hiddenGroupBelowFloor: Bool = false

    /// Reportable groups whose smoothed agreement is below the floor, for "what divides".
    public func groupsBelow(_ floor: Double) -> [(dimension: String, category: String, support: Double)] {
        groups.sorted { $0.key < $1.key }.flatMap { dimension, categories in
            categories.sorted { $0.key < $1.key }.compactMap { category, group in
                guard let s = group.smoothed, !group.suppressed, s < floor else { return nil }
                return (dimension, category, s)
            }
        }
    }

    /// Net support for the ambition the statement measures (polarity applied).
    public var ambitionNetSupport: Double {
        netSupport * Double(statement.polarity.rawValue)
    }
}
