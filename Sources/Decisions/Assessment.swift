package import DraagvlakCore
package import Vision

/// How well a decision's options fit the vision (docs/METHOD.md §8): alignment, conflicts with
/// what residents broadly support or reject, the divide check per group, alignment per
/// scenario with three decision rules, how certain the verdict is, and the options ranked.
package struct Assessment: Sendable {
    package var decision: Decision
    /// The scenarios the options were tested in (empty without a scenario set).
    package var scenarios: [Scenario]
    /// Best first: highest alignment, then fewest conflicts.
    package var options: [OptionAssessment]
    /// Option ids chosen by maximin and by minimax regret over the scenarios.
    package var maximin: String?
    package var minimaxRegret: String?
    package var certainty: Certainty?
    /// The alignment at or above which an option fits (its negative: conflicts).
    package var fitThreshold: Double = 0.2

    package var preferred: OptionAssessment? {
        options.first { $0.option.id == decision.preferred }
    }

    package var best: OptionAssessment? {
        options.first { $0.alignment != nil }
    }
}

/// The verdict on one option; the raw values are the JSON contract's.
package enum Verdict: String, Sendable, Codable, CaseIterable {
    case fits
    case conflicts
    case mixed
    case insufficient
}

/// One option tested against the vision.
package struct OptionAssessment: Sendable {
    package var option: DecisionOption
    /// Σ v·e′ / Σ|e| over the statements with enough input, in −1…1 (docs/METHOD.md §8): an
    /// option with one effect reaches the statement's own net support; nil without any input.
    package var alignment: Double?
    package var conflicts: [Citation]
    /// Broadly supported ambitions the option works for.
    package var agreements: [Citation]
    /// Statements the option touches that had too little input to count.
    package var unassessed: [String]
    package var verdict: Verdict
    /// Alignment and verdict in each scenario, in the scenario set's order.
    package var scenarioAlignments: [Double?]
    package var scenarioVerdicts: [Verdict]
    /// The lowest alignment over the scenarios, the largest regret, and the share of scenarios
    /// where the option fits (alignment ≥ the threshold).
    package var worstCase: Double?
    package var maxRegret: Double?
    package var satisficing: Double?
    package var robustness: Robustness?
    /// The divide check: alignment computed with each reportable group's own net support.
    package var groups: [GroupAlignment]
    /// How often, over the posterior draws, the option's verdict stays the same.
    package var verdictHolds: Double?

    /// Groups the option turns against, most against first: their own alignment is below
    /// −0.05 while the option's is positive, or is at or below −threshold.
    package var turnsAgainst: [GroupAlignment]
    /// The option's signposts on residents' support, read in the vision it was tested against.
    package var signals: [SignpostReading] = []

    /// The signposts whose threshold the vision has crossed: time to revisit the option.
    package var revisit: [SignpostReading] { signals.filter(\.crossed) }
}

/// A support signpost read in the vision: the support now, and whether it crossed its threshold.
package struct SignpostReading: Sendable {
    /// The signpost's position in the option's `signposts`.
    package var index: Int
    package var signal: SupportSignal
    /// The weighted support now; nil when it cannot be read (fewer than n_min answers, or the
    /// group is hidden by disclosure control), and then it never says "revisit".
    package var value: Double?
    package var crossed: Bool {
        guard let value else { return false }
        return signal.direction == .below ? value < signal.threshold : value > signal.threshold
    }
}

extension OptionAssessment {
    func withGroupsAgainst(threshold: Double) -> OptionAssessment {
        var copy = self
        let overall = alignment ?? 0
        copy.turnsAgainst =
            groups
            .filter { $0.alignment < -0.05 && (overall > 0 || $0.alignment <= -threshold) }
            .sorted { $0.alignment < $1.alignment }
        return copy
    }
}

/// The option's alignment with one group's own support, and what it does to that group directly.
package struct GroupAlignment: Sendable {
    package var dimension: String
    package var category: String
    package var alignment: Double
    /// The option's stated effect on the group itself (−2…+2), if any.
    package var effect: Int?
}

/// A statement an option touches, cited with the figures behind it.
package struct Citation: Sendable {
    package var support: StatementSupport
    /// The option's effect on the statement's ambition (theme effects spread over statements).
    package var effect: Double
}

/// How certain the verdict is: support for every statement redrawn from its posterior
/// `draws` times with `seed`, and the decision re-assessed each time.
package struct Certainty: Sendable {
    package var draws: Int
    package var seed: UInt64
    /// Share of draws in which the preferred option keeps its verdict.
    package var preferredVerdictHolds: Double
    /// Share of draws in which the best option stays best.
    package var bestHolds: Double
}

/// Tests decisions against a vision.
package struct DecisionTester: Sendable {
    package let vision: Vision
    /// The vision's statements by id.
    let supports: [String: StatementSupport]
    package var scenarios: [Scenario]
    /// Alignment at or above this (with no conflicts) fits; at or below its negative conflicts.
    package var fitThreshold: Double
    /// Posterior draws for the certainty estimate (0 skips it), and their seed.
    package var draws: Int
    package var seed: UInt64

    /// `fitThreshold` defaults to the consultation's setting (`thresholds.fit`, 0.2).
    package init(vision: Vision, scenarios: [Scenario] = [], fitThreshold: Double? = nil, draws: Int = 10_000, seed: UInt64 = 2040) {
        self.vision = vision
        supports = Dictionary(vision.statements.map { ($0.statement.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.scenarios = scenarios
        self.fitThreshold = fitThreshold ?? vision.thresholds.fit
        self.draws = draws
        self.seed = seed
    }

    /// Per statement id: the option's effect in `scenario`, theme effects spread evenly; a
    /// statement named directly and through its theme is capped at ±2.
    func statementEffects(_ option: DecisionOption, scenario: String? = nil) -> [String: Double] {
        var effects: [String: Double] = [:]
        for effect in option.effects(in: scenario) {
            switch effect.target {
            case .statement(let id):
                effects[id, default: 0] += Double(effect.strength)
            case .theme(let theme):
                let members = vision.survey.statements(inTheme: theme)
                for s in members { effects[s.id, default: 0] += Double(effect.strength) / Double(members.count) }
            }
        }
        return effects.filter { $0.value != 0 }.mapValues { min(2, max(-2, $0)) }
    }

    /// Σ v·e′ / Σ|e|, e′ the effect towards the statement as worded, in −1…1; nil when no
    /// touched statement has a net support.
    static func alignment(_ effects: [(support: StatementSupport, effect: Double)], net: (StatementSupport) -> Double?) -> Double? {
        var numerator = 0.0
        var denominator = 0.0
        for (s, effect) in effects {
            guard let v = net(s) else { continue }
            numerator += v * effect * Double(s.statement.polarity.rawValue)
            denominator += abs(effect)
        }
        return denominator > 0 ? numerator / denominator : nil
    }

    func verdict(alignment: Double?, conflicts: Int) -> Verdict {
        guard let a = alignment else { return .insufficient }
        if a <= -fitThreshold || (a < 0 && conflicts > 0) { return .conflicts }
        if a >= fitThreshold && conflicts == 0 { return .fits }
        return .mixed
    }

    /// An option's effects weighed against the vision: the statements with enough input it
    /// touches, conflicts, agreements, those without enough input, and the alignment.
    struct Evaluation {
        var touched: [(support: StatementSupport, effect: Double)] = []
        var conflicts: [Citation] = []
        var agreements: [Citation] = []
        var unassessed: [String] = []
        /// Whether the option changes nothing here (no effects at all).
        var changesNothing = true

        var alignment: Double? { DecisionTester.alignment(touched) { $0.netSupport } ?? (changesNothing ? 0 : nil) }
    }

    func evaluate(_ effects: [String: Double]) -> Evaluation {
        var e = Evaluation()
        e.changesNothing = effects.isEmpty
        for (id, effect) in effects.sorted(by: { $0.key < $1.key }) {
            guard let s = supports[id] else { continue }
            if s.supportClass == .insufficient {
                e.unassessed.append(id)
                continue
            }
            e.touched.append((s, effect))
            // The effect is on the ambition; a statement worded against it flips the sign.
            let towardsStatement = effect * Double(s.statement.polarity.rawValue)
            if s.supportClass == .broadlySupported, towardsStatement < 0 {
                e.conflicts.append(Citation(support: s, effect: effect))
            } else if s.supportClass == .rejected, towardsStatement > 0 {
                e.conflicts.append(Citation(support: s, effect: effect))
            } else if s.supportClass == .broadlySupported, towardsStatement > 0 {
                e.agreements.append(Citation(support: s, effect: effect))
            }
        }
        return e
    }

    /// The verdict of an evaluation; the status quo is judged at the decision level.
    func verdict(_ e: Evaluation) -> Verdict {
        e.touched.isEmpty ? .insufficient : verdict(alignment: e.alignment, conflicts: e.conflicts.count)
    }

    package func assess(_ option: DecisionOption) -> OptionAssessment {
        let base = evaluate(statementEffects(option))
        var scenarioAlignments: [Double?] = []
        var scenarioVerdicts: [Verdict] = []
        for scenario in scenarios {
            // In a scenario where the option's effects all fall away, it changes nothing there: 0.
            let e = evaluate(statementEffects(option, scenario: scenario.id))
            scenarioAlignments.append(e.alignment)
            scenarioVerdicts.append(verdict(e))
        }
        let byWeight = { (a: Citation, b: Citation) in
            abs(a.effect) > abs(b.effect) || (abs(a.effect) == abs(b.effect) && a.support.statement.id < b.support.statement.id)
        }
        return OptionAssessment(
            option: option, alignment: base.alignment, conflicts: base.conflicts.sorted(by: byWeight),
            agreements: base.agreements.sorted(by: byWeight), unassessed: base.unassessed, verdict: verdict(base),
            scenarioAlignments: scenarioAlignments, scenarioVerdicts: scenarioVerdicts,
            worstCase: nil, maxRegret: nil, satisficing: nil, robustness: nil,
            groups: divideCheck(option, base), verdictHolds: nil, turnsAgainst: [], signals: read(option.signposts)
        )
        .withGroupsAgainst(threshold: fitThreshold)
    }

    /// Reads the support signposts in the vision (docs/METHOD.md §8.10).
    func read(_ signposts: [Signpost]) -> [SignpostReading] {
        return signposts.enumerated().compactMap { index, signpost in
            guard let signal = signpost.support else { return nil }
            var value: Double?
            if let s = supports[signal.statement], s.supportClass != .insufficient {
                if let dimension = signal.dimension, let category = signal.category {
                    if let g = s.groups[dimension]?[category], !g.suppressed, (g.n ?? 0) >= vision.thresholds.nMin { value = g.support }
                } else {
                    value = s.support
                }
            }
            return SignpostReading(index: index, signal: signal, value: value)
        }
    }

    /// Alignment with each reportable group's own net support (docs/METHOD.md §8's divide check).
    func divideCheck(_ option: DecisionOption, _ evaluation: Evaluation) -> [GroupAlignment] {
        let touched = evaluation.touched
        var result: [GroupAlignment] = []
        for dimension in vision.participation {
            for cell in dimension.cells where !cell.suppressed && (cell.count ?? 0) > 0 {
                let net = { (s: StatementSupport) in s.groups[dimension.question.id]?[cell.code]?.netSupport }
                guard let a = Self.alignment(touched, net: net) else { continue }
                let effect = option.groupEffects.first { $0.dimension == dimension.question.id && $0.category == cell.code }?.strength
                result.append(GroupAlignment(dimension: dimension.question.id, category: cell.code, alignment: a, effect: effect))
            }
        }
        return result
    }

    package func assess(_ decision: Decision) -> Assessment {
        var options = decision.options.map(assess)
        judgeStatusQuo(&options)
        // Scenario rules over the options that can be assessed in every scenario.
        var maximin: String?
        var minimaxRegret: String?
        let complete = options.indices.filter { i in !scenarios.isEmpty && options[i].scenarioAlignments.allSatisfy { $0 != nil } }
        if !complete.isEmpty {
            let payoffs = complete.map { options[$0].scenarioAlignments.map { $0! } }
            let regrets = DecisionRules.regrets(payoffs)
            let satisficing = DecisionRules.satisficing(payoffs, threshold: fitThreshold)
            for (row, i) in complete.enumerated() {
                options[i].worstCase = payoffs[row].min()
                options[i].maxRegret = regrets[row].max()
                options[i].satisficing = satisficing[row]
                options[i].robustness = Robustness.label(options[i].scenarioVerdicts)
            }
            maximin = DecisionRules.maximin(payoffs).map { options[complete[$0]].option.id }
            minimaxRegret = DecisionRules.minimaxRegret(payoffs).map { options[complete[$0]].option.id }
        }
        options = Self.ranked(options)
        var assessment = Assessment(
            decision: decision, scenarios: scenarios, options: options, maximin: maximin, minimaxRegret: minimaxRegret,
            fitThreshold: fitThreshold)
        if draws > 0 { estimateCertainty(&assessment) }
        return assessment
    }

    /// The status quo is judged against the alternatives: it fits when none of them fits the
    /// vision (changing nothing is then the better course), and is mixed when one does — in
    /// general and in each scenario.
    func judgeStatusQuo(_ options: inout [OptionAssessment]) {
        guard let q = options.firstIndex(where: { $0.option.isStatusQuo && $0.verdict == .insufficient && $0.alignment == 0 }) else {
            return
        }
        let others = options.indices.filter { $0 != q }
        options[q].verdict = Self.statusQuoVerdict(others.map { options[$0].verdict })
        options[q].scenarioVerdicts = scenarios.indices.map { s in
            Self.statusQuoVerdict(others.map { options[$0].scenarioVerdicts[s] })
        }
    }

    static func statusQuoVerdict(_ alternatives: [Verdict]) -> Verdict {
        alternatives.contains(.fits) ? .mixed : .fits
    }

    static func ranked(_ options: [OptionAssessment]) -> [OptionAssessment] {
        options.sorted { a, b in
            switch (a.alignment, b.alignment) {
            case (let x?, let y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.conflicts.count < b.conflicts.count
            }
        }
    }
}
