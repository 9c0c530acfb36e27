package import DraagvlakCore

/// How residents' views moved between two waves of a consultation: per statement (matched by
/// id) the change in weighted support with Newcombe's interval on the effective sample sizes,
/// flagged where the interval excludes 0, whether its class changed, and the same per group
/// wherever the group is shown in both waves. docs/METHOD.md §10.
package struct VisionComparison: Sendable {
    /// A change in support between the waves, later minus earlier.
    package struct Change: Sendable {
        package var earlier: Double
        package var later: Double
        package var change: Double { later - earlier }
        /// Newcombe's interval of `change`.
        package var interval: (low: Double, high: Double)
        /// The interval excludes 0: support moved beyond the uncertainty.
        package var shifted: Bool { interval.low > 0 || interval.high < 0 }
    }

    /// One statement in both waves.
    package struct StatementChange: Sendable {
        package var statement: Statement
        package var support: Change
        package var earlierClass: SupportClass
        package var laterClass: SupportClass
        /// Per demographic question id and category code, for groups shown in both waves.
        package var groups: [String: [String: Change]]
    }

    /// The earlier wave's name: the wave's, or its consultation's when the two waves are two
    /// consultations (or two unnamed waves).
    package var earlier: String
    package var later: String
    /// The later wave's survey, which names the groups.
    package var laterSurvey: Survey
    package var statements: [StatementChange]
    /// Statement ids asked in only one of the waves.
    package var onlyEarlier: [String]
    package var onlyLater: [String]
    /// Statement ids in both waves but on another scale or with another text: not compared.
    package var changedWording: [String] = []
    /// The confidence of the intervals (the later wave's setting).
    package var confidence: Double

    /// Compares `later` with `earlier`. Statements need n_min answers in both waves; groups are
    /// compared where shown (not suppressed) in both, on their n scaled by the statement's
    /// n_eff/n in that wave (the whole sample's design effect; groups carry no n_eff of their own).
    package init(earlier: Vision, later: Vision) {
        let oneConsultation = earlier.consultation == later.consultation
        self.earlier = oneConsultation && earlier.wave != Wave.single ? earlier.wave : earlier.consultation
        self.later = oneConsultation && later.wave != Wave.single ? later.wave : later.consultation
        laterSurvey = later.survey
        let before = Dictionary(earlier.statements.map { ($0.statement.id, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Set(later.statements.map(\.statement.id))
        onlyEarlier = earlier.statements.map(\.statement.id).filter { !after.contains($0) }
        onlyLater = later.statements.map(\.statement.id).filter { before[$0] == nil }
        let confidence = later.thresholds.confidence
        self.confidence = confidence
        let nMin = max(earlier.thresholds.nMin, later.thresholds.nMin)
        // The stricter of the two waves' disclosure minimums, for groups shown in both.
        let disclosure = max(earlier.thresholds.disclosureMinimum, later.thresholds.disclosureMinimum)
        var changedWording: [String] = []
        statements = later.statements.compactMap { now in
            guard let then = before[now.statement.id] else { return nil }
            guard then.statement.scale == now.statement.scale, then.statement.text == now.statement.text else {
                changedWording.append(now.statement.id)
                return nil
            }
            guard then.n >= nMin, now.n >= nMin else { return nil }
            let support = Change(
                earlier: then.support, later: now.support,
                interval: Proportion.newcombe(now.support, n1: now.effectiveN, then.support, n2: then.effectiveN, confidence: confidence))
            var groups: [String: [String: Change]] = [:]
            // Opinion groups are found anew in each wave, so "group A" then is not group A now.
            for (dimension, categories) in now.groups where dimension != VisionBuilder.opinionGroupDimension {
                for (category, g) in categories {
                    guard let h = then.groups[dimension]?[category], !g.suppressed, !h.suppressed,
                        let gn = g.n, let hn = h.n, gn >= disclosure, hn >= disclosure, let gp = g.support, let hp = h.support
                    else { continue }
                    let gEffective = Double(gn) * now.effectiveN / Double(max(1, now.n))
                    let hEffective = Double(hn) * then.effectiveN / Double(max(1, then.n))
                    groups[dimension, default: [:]][category] = Change(
                        earlier: hp, later: gp,
                        interval: Proportion.newcombe(gp, n1: gEffective, hp, n2: hEffective, confidence: confidence))
                }
            }
            return StatementChange(
                statement: now.statement, support: support, earlierClass: then.supportClass, laterClass: now.supportClass, groups: groups)
        }
        self.changedWording = changedWording
    }
}
