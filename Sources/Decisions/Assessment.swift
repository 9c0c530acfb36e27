public import DraagvlakCore
public import Vision

/// How well a decision's options fit the vision (METHOD.md §8): alignment, conflicts with
/// what residents broadly support or reject, a verdict per option, and the options ranked.
public struct Assessment: Sendable {
    public var decision: Decision
    /// Best first: highest alignment, then fewest conflicts.
    public var options: [OptionAssessment]

    public var preferred: OptionAssessment? {
        options.first { $0.option.id == decision.preferred }
    }

    public var best: OptionAssessment? {
        options.first { $0.alignment != nil }
    }
}

/// The verdict on one option; the raw values are the JSON contract's.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    case fits
    case conflicts
    case mixed
    case insufficient
}

/// One option tested against the vision.
public struct OptionAssessment: Sendable {
    public var option: DecisionOption
    /// Σ v·e / (2·Σ|e|) over the statements with enough input; nil without any. METHOD.md §8
    /// states the range as −1…1, but with net support v in −1…1 the formula reaches ±0.5 at most;
    /// we keep the formula as written and set the verdict thresholds on that scale.
    public var alignment: Double?
    public var conflicts: [Citation]
    /// Broadly supported ambitions the option works for.
    public var agreements: [Citation]
    /// Statements the option touches that had too little input to count.
    public var unassessed: [String]
    public var verdict: Verdict
}

/// A statement an option touches, cited with the figures behind it.
public struct Citation: Sendable {
    public var support: StatementSupport
    /// The option's effect on the statement's ambition (theme effects spread over statements).
    public var effect: Double
}

/// Tests decisions against a vision.
public struct DecisionTester: Sendable {
    public var vision: Vision
    /// Alignment at or above this (with no conflicts) fits; at or below its negative conflicts.
    public var fitThreshold: Double

    public init(vision: Vision, fitThreshold: Double = 0.2) {
        self.vision = vision
        self.fitThreshold = fitThreshold
    }

    /// Per statement id: the option's effect, theme effects spread evenly over the theme.
    func statementEffects(_ option: DecisionOption) -> [String: Double] {
        var effects: [String: Double] = [:]
        for effect in option.effects {
            switch effect.target {
            case .statement(let id):
                effects[id, default: 0] += Double(effect.strength)
            case .theme(let theme):
                let members = vision.survey.statements(inTheme: theme)
                for s in members { effects[s.id, default: 0] += Double(effect.strength) / Double(members.count) }
            }
        }
        return effects.filter { $0.value != 0 }
    }

    public func assess(_ option: DecisionOption) -> OptionAssessment {
        let supports = Dictionary(uniqueKeysWithValues: vision.statements.map { ($0.statement.id, $0) })
        var numerator = 0.0
        var denominator = 0.0
        var conflicts: [Citation] = []
        var agreements: [Citation] = []
        var unassessed: [String] = []
        for (id, effect) in statementEffects(option).sorted(by: { $0.key < $1.key }) {
            guard let s = supports[id] else { continue }
            if s.supportClass == .insufficient {
                unassessed.append(id)
                continue
            }
            // The effect is on the ambition; a statement worded against it flips the sign.
            let towardsStatement = effect * Double(s.statement.polarity.rawValue)
            numerator += s.netSupport * towardsStatement
            denominator += 2 * abs(effect)
            if s.supportClass == .broadlySupported, towardsStatement < 0 {
                conflicts.append(Citation(support: s, effect: effect))
            } else if s.supportClass == .rejected, towardsStatement > 0 {
                conflicts.append(Citation(support: s, effect: effect))
            } else if s.supportClass == .broadlySupported, towardsStatement > 0 {
                agreements.append(Citation(support: s, effect: effect))
            }
        }
        // The status quo changes nothing: alignment 0 is the baseline the other options are ranked against.
        let alignment = denominator > 0 ? numerator / denominator : (option.effects.isEmpty && option.isStatusQuo ? 0 : nil)
        let verdict: Verdict
        switch alignment {
        case nil: verdict = .insufficient
        case _ where denominator == 0: verdict = .insufficient
        case let a? where a <= -fitThreshold || (a < 0 && !conflicts.isEmpty): verdict = .conflicts
        case let a? where a >= fitThreshold && conflicts.isEmpty: verdict = .fits
        default: verdict = .mixed
        }
        let byWeight = { (a: Citation, b: Citation) in abs(a.effect) > abs(b.effect) || (abs(a.effect) == abs(b.effect) && a.support.statement.id < b.support.statement.id) }
        return OptionAssessment(option: option, alignment: alignment, conflicts: conflicts.sorted(by: byWeight),
                                agreements: agreements.sorted(by: byWeight), unassessed: unassessed, verdict: verdict)
    }

    public func assess(_ decision: Decision) -> Assessment {
        let ranked = decision.options.map(assess).sorted { a, b in
            switch (a.alignment, b.alignment) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.conflicts.count < b.conflicts.count
            }
        }
        return Assessment(decision: decision, options: ranked)
    }
}
