import DraagvlakCore
import Vision

extension DecisionTester {
    /// Redraws every touched statement's shares from their posterior and re-assesses the
    /// decision `draws` times (docs/METHOD.md §8):
    ///
    /// - support p′ ~ Beta(n_eff·p + 1, n_eff·(1 − p) + 1), as docs/METHOD.md states;
    /// - of the rest, the disagreeing part r ~ Beta(n_eff·q + 1, n_eff·m + 1) (q disagree,
    ///   m neutral), so opposition q′ = (1 − p′)·r and net support v′ = p′ − q′;
    /// - classes re-evaluated on the drawn share with the vision's rules: broadly supported when
    ///   p′ ≥ broadSupport, p′ minus the interval's lower half-width > majority and no reportable
    ///   group below the floor; rejected when p′ plus the upper half-width < majority, q′ > p′ and
    ///   q′ minus opposition's lower half-width > p′ plus support's upper half-width (the
    ///   intervals keep their widths and move with the drawn shares).
    ///
    /// The generator is seeded with `seed` and the decision's id, so a decision's figures do not
    /// depend on which other decisions are tested with it.
    func estimateCertainty(_ assessment: inout Assessment) {
        let options = assessment.options
        let th = vision.thresholds
        // Statements touched by any option, each with its draw parameters.
        var index: [String: Int] = [:]
        var statements: [StatementSupport] = []
        var perOption: [[(statement: Int, towards: Double, weight: Double)]] = []
        for o in options {
            var terms: [(Int, Double, Double)] = []
            for (id, effect) in statementEffects(o.option).sorted(by: { $0.key < $1.key }) {
                guard let s = supports[id], s.supportClass != .insufficient else { continue }
                let k =
                    index[id]
                    ?? {
                        statements.append(s)
                        index[id] = statements.count - 1
                        return statements.count - 1
                    }()
                terms.append((k, effect * Double(s.statement.polarity.rawValue), abs(effect)))
            }
            perOption.append(terms)
        }
        var random = SeededGenerator(seed: seed ^ Self.fnv1a(assessment.decision.id))
        var net = [Double](repeating: 0, count: statements.count)
        var broad = [Bool](repeating: false, count: statements.count)
        var rejected = broad
        var holds = [Int](repeating: 0, count: options.count)
        var bestHolds = 0
        let bestIndex = options.firstIndex { $0.alignment != nil }
        for _ in 0..<draws {
            for (k, s) in statements.enumerated() {
                let n = s.effectiveN
                let p = random.beta(n * s.support + 1, n * (1 - s.support) + 1)
                let r = random.beta(n * s.opposition + 1, n * s.neutral + 1)
                let q = (1 - p) * r
                net[k] = p - q
                let groupsAgree = s.bridging.map { $0 >= th.groupFloor } ?? true
                broad[k] = p >= th.broadSupport && p - (s.support - s.interval.low) > th.majority && groupsAgree
                let supportHigh = p + (s.interval.high - s.support)
                rejected[k] =
                    supportHigh < th.majority
                    && VisionBuilder.clearlyOpposed(
                        support: p, opposition: q, supportHigh: supportHigh, oppositionLow: q - (s.opposition - s.oppositionInterval.low))
            }
            var best: (index: Int, alignment: Double, conflicts: Int)?
            var verdicts = [Verdict?](repeating: nil, count: options.count)
            for (i, terms) in perOption.enumerated() {
                guard !terms.isEmpty else {
                    // The status quo (or an option that touches nothing with enough input).
                    if options[i].alignment == 0, best == nil || 0 > best!.alignment { best = (i, 0, 0) }
                    continue
                }
                var numerator = 0.0
                var denominator = 0.0
                var conflicts = 0
                for t in terms {
                    numerator += net[t.statement] * t.towards
                    denominator += t.weight
                    if (broad[t.statement] && t.towards < 0) || (rejected[t.statement] && t.towards > 0) { conflicts += 1 }
                }
                let a = numerator / denominator
                verdicts[i] = verdict(alignment: a, conflicts: conflicts)
                if best == nil || a > best!.alignment || (a == best!.alignment && conflicts < best!.conflicts) { best = (i, a, conflicts) }
            }
            for i in options.indices where verdicts[i] == nil {
                verdicts[i] =
                    options[i].option.isStatusQuo && options[i].alignment == 0
                    ? Self.statusQuoVerdict(verdicts.enumerated().filter { $0.offset != i }.compactMap(\.element))
                    : .insufficient
            }
            for i in options.indices where verdicts[i] == options[i].verdict { holds[i] += 1 }
            if let best, best.index == bestIndex { bestHolds += 1 }
        }
        for i in assessment.options.indices { assessment.options[i].verdictHolds = Double(holds[i]) / Double(draws) }
        assessment.certainty = Certainty(
            draws: draws, seed: seed, preferredVerdictHolds: assessment.preferred?.verdictHolds ?? 0,
            bestHolds: Double(bestHolds) / Double(draws))
    }

    /// FNV-1a, a stable hash of the decision id (Swift's `hashValue` changes per run).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
