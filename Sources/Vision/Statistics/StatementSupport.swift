package import DraagvlakCore

/// Support for one statement among one group of respondents (a demographic category).
package struct GroupSupport: Sendable, Hashable {
    /// Respondents in the group who answered; nil when suppressed.
    package var n: Int?
    /// Raw weighted support; nil when suppressed.
    package var support: Double?
    /// Smoothed agreement (A + 1)/(S + 2); nil when suppressed.
    package var smoothed: Double?
    package var suppressed: Bool
    /// The group's own net support (agree share − disagree share), for the divide check of
    /// decisions; nil when suppressed.
    package var netSupport: Double?
}

/// Everything the vision says about one statement: support, interval, groups, class.
package struct StatementSupport: Sendable {
    package var statement: Statement
    /// Respondents who answered.
    package var n: Int
    package var effectiveN: Double
    /// Weighted shares of agree, neutral/pass and disagree among those who answered.
    package var support: Double
    package var neutral: Double
    package var opposition: Double
    /// Agree share minus disagree share, in −1…1.
    package var netSupport: Double
    /// Wilson interval of `support` on the effective sample size.
    package var interval: (low: Double, high: Double)
    /// Wilson interval of `opposition` on the effective sample size: a statement is rejected
    /// only when this lies wholly above `interval`.
    package var oppositionInterval: (low: Double, high: Double) = (0, 1)
    /// Weighted share per scale value (1…k, or disagree/pass/agree for votes).
    package var distribution: [Double]
    package var median: Double?
    package var tastleWierman: Double?
    package var leik: Double?
    /// Van der Eijk's agreement A (Likert only).
    package var agreement: Double?
    package var supportClass: SupportClass
    /// The lowest smoothed agreement of any reportable group, over all dimensions.
    package var bridging: Double?
    package var bridgingByDimension: [String: Double]
    /// The largest |p_g − p_rest| over reportable groups, and where it was found (nil when that
    /// group is hidden).
    package var polarisation: Double?
    package var polarisedGroup: (dimension: String, category: String)?
    /// Per demographic question id, per category code.
    package var groups: [String: [String: GroupSupport]]
    /// Polis's group-informed consensus over the opinion groups: Π p_g, and Π p_g^(1/G) so
    /// that conversations with different numbers of groups compare. Nil without opinion groups.
    package var groupInformedConsensus: (product: Double, normalised: Double)?
    /// Whether a group hidden for disclosure (the complement of a smaller one) is below the
    /// floor, so the statement is divided by a group the document cannot name.
    package var hiddenGroupBelowFloor: Bool = false
    /// `bridging`, `bridgingByDimension` and `polarisation` over the groups shown only: what a
    /// document prints. A reportable group hidden as the complement of a smaller one counts for
    /// the class (§3.2) but its figure is never printed, also not as a minimum or a gap (§7.1).
    package var shownBridging: Double?
    package var shownBridgingByDimension: [String: Double] = [:]
    package var shownPolarisation: Double?
    /// The group shown whose gap is `shownPolarisation`.
    package var shownPolarisedGroup: (dimension: String, category: String)?

    /// Reportable groups whose smoothed agreement is below the floor, for "what divides".
    package func groupsBelow(_ floor: Double) -> [(dimension: String, category: String, support: Double)] {
        groups.sorted { $0.key < $1.key }.flatMap { dimension, categories in
            categories.sorted { $0.key < $1.key }.compactMap { category, group in
                guard let s = group.smoothed, !group.suppressed, s < floor else { return nil }
                return (dimension, category, s)
            }
        }
    }

    /// Net support for the ambition the statement measures (polarity applied).
    package var ambitionNetSupport: Double {
        netSupport * Double(statement.polarity.rawValue)
    }
}
