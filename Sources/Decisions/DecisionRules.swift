/// Decision rules under deep uncertainty, for a table of payoffs (`payoffs[option][scenario]`,
/// here: an option's alignment with the vision in each scenario). Side by side they show
/// whether the choice depends on how cautious one is.
package enum DecisionRules {
    /// The option whose worst scenario is best (Wald's maximin). Ties go to the earlier option.
    package static func maximin(_ payoffs: [[Double]]) -> Int? {
        argmax(payoffs.map { $0.min() ?? -.infinity })
    }

    /// Regret of an option in a scenario: the best payoff in that scenario minus its own.
    package static func regrets(_ payoffs: [[Double]]) -> [[Double]] {
        guard let scenarios = payoffs.first?.count else { return [] }
        let best = (0..<scenarios).map { s in payoffs.map { $0[s] }.max() ?? 0 }
        return payoffs.map { row in row.enumerated().map { best[$0.offset] - $0.element } }
    }

    /// The option whose largest regret is smallest (Savage's minimax regret).
    package static func minimaxRegret(_ payoffs: [[Double]]) -> Int? {
        argmax(regrets(payoffs).map { -($0.max() ?? 0) })
    }

    /// Per option: the share of scenarios in which its payoff reaches `threshold` (satisficing).
    package static func satisficing(_ payoffs: [[Double]], threshold: Double) -> [Double] {
        payoffs.map { row in row.isEmpty ? 0 : Double(row.filter { $0 >= threshold }.count) / Double(row.count) }
    }

    static func argmax(_ values: [Double]) -> Int? {
        var best: Int?
        for (i, v) in values.enumerated() where best == nil || v > values[best!] { best = i }
        return best
    }
}

/// How an option holds up across the scenarios.
package enum Robustness: String, Sendable, Codable, CaseIterable {
    /// Fits the vision in every scenario (aligned, and no conflicts).
    case robust
    /// Fits in some scenarios, not in others.
    case scenarioDependent
    /// Conflicts with the vision in most scenarios.
    case fragile
    /// Fits in no scenario, but does not conflict in most either. docs/METHOD.md §8 names three
    /// labels; an option that is lukewarm everywhere is not "scenario-dependent", so it gets its own.
    case weak

    /// From the option's verdict in each scenario: robust when it fits in every one, fragile
    /// when it conflicts in most, scenario-dependent when it fits in some, else weak.
    package static func label(_ verdicts: [Verdict]) -> Robustness? {
        guard !verdicts.isEmpty else { return nil }
        if verdicts.allSatisfy({ $0 == .fits }) { return .robust }
        if Double(verdicts.filter { $0 == .conflicts }.count) > Double(verdicts.count) / 2 { return .fragile }
        if verdicts.contains(.fits) { return .scenarioDependent }
        return .weak
    }
}
