package import DraagvlakCore

/// Weights respondents to the population margins by raking (iterative proportional fitting,
/// Deming & Stephan 1940), with trimming, as docs/METHOD.md §1 sets out.
///
/// Respondents who did not state a margin's category keep their weight for that margin: the
/// target shares apply among those who did. A margin with a category that has a positive
/// target but no respondents cannot be met; it is left out and the report says so.
package struct Raking: Sendable {
    /// One margin to rake to: a demographic question (its index in the survey) and the target
    /// share of each of its categories, in category order.
    package struct Margin: Sendable {
        package var dimension: Int
        package var targets: [Double]

        package init(dimension: Int, targets: [Double]) {
            self.dimension = dimension
            self.targets = targets
        }
    }

    package var tolerance = 1e-6
    package var maxRounds = 100
    /// Weights are kept within [lowerTrim, upperTrim] × the mean weight.
    package var lowerTrim = 0.2
    package var upperTrim = 5.0
    package var maxTrimRounds = 10

    package init() {}

    /// The margins of `settings` as the survey's dimension indices, targets normalised to sum 1.
    package static func margins(_ margins: [String: [String: Double]], survey: Survey) -> [Margin] {
        survey.demographics.enumerated().compactMap { d, question in
            guard let shares = margins[question.id] else { return nil }
            let targets = question.categories.map { shares[$0.code] ?? 0 }
            let total = targets.reduce(0, +)
            guard total > 0 else { return nil }
            return Margin(dimension: d, targets: targets.map { $0 / total })
        }
    }

    /// Rakes `categories` (per dimension, per respondent: category index or −1) to `margins`.
    package func weights(categories: [[Int16]], count: Int, margins requested: [Margin]) -> (weights: [Double], report: WeightingReport) {
        var weights = [Double](repeating: 1, count: count)
        var usable: [Margin] = []
        var omitted: [WeightingReport.Omission] = []
        for margin in requested {
            var counts = [Int](repeating: 0, count: margin.targets.count)
            for c in categories[margin.dimension] where c >= 0 && Int(c) < counts.count { counts[Int(c)] += 1 }
            let empty = margin.targets.indices.filter { margin.targets[$0] > 0 && counts[$0] == 0 }
            if empty.isEmpty {
                usable.append(margin)
            } else {
                omitted.append(.init(dimension: margin.dimension, emptyCategories: empty))
            }
        }

        var rounds = 0
        var converged = true
        var trimRounds = 0
        if count > 0, !usable.isEmpty {
            (rounds, converged) = rake(&weights, categories, usable)
            func outOfBounds() -> (low: Double, high: Double)? {
                let mean = weights.reduce(0, +) / Double(count)
                let low = lowerTrim * mean
                let high = upperTrim * mean
                // A small slack so weights that raking put exactly on a bound do not loop forever.
                return weights.contains(where: { $0 < low * (1 - 1e-9) || $0 > high * (1 + 1e-9) }) ? (low, high) : nil
            }
            while trimRounds < maxTrimRounds, let bounds = outOfBounds() {
                for r in weights.indices { weights[r] = min(max(weights[r], bounds.low), bounds.high) }
                trimRounds += 1
                let (more, ok) = rake(&weights, categories, usable)
                rounds += more
                converged = ok
            }
            // Trimming and raking could not both hold: keep the bounds, and say the margins are
            // not met exactly.
            if outOfBounds() != nil {
                // Clamping moves the mean, so clamp until the bounds hold around the new mean.
                for _ in 0..<100 {
                    guard let bounds = outOfBounds() else { break }
                    for r in weights.indices { weights[r] = min(max(weights[r], bounds.low), bounds.high) }
                }
                converged = false
            }
            // Scale to a mean of 1, so weighted counts read as respondents.
            let mean = weights.reduce(0, +) / Double(count)
            for r in weights.indices { weights[r] /= mean }
        }

        let report = WeightingReport(
            margins: requested.filter { m in usable.contains { $0.dimension == m.dimension } }.map { summary($0, weights, categories) },
            omitted: omitted, rounds: rounds, trimRounds: trimRounds, converged: converged,
            designEffect: Self.designEffect(weights), effectiveN: Self.effectiveN(weights), respondents: count,
            minimumWeight: weights.min() ?? 1, maximumWeight: weights.max() ?? 1)
        return (weights, report)
    }

    /// One raking run: returns the rounds taken and whether every margin came within tolerance.
    func rake(_ weights: inout [Double], _ categories: [[Int16]], _ margins: [Margin]) -> (Int, Bool) {
        for round in 1...maxRounds {
            for margin in margins {
                let shares = weightedShares(weights, categories[margin.dimension], margin.targets.count)
                let factors = margin.targets.indices.map { shares[$0] > 0 ? margin.targets[$0] / shares[$0] : 1 }
                for (r, c) in categories[margin.dimension].enumerated() where c >= 0 && Int(c) < factors.count {
                    weights[r] *= factors[Int(c)]
                }
            }
            let worst =
                margins.map { margin in
                    let shares = weightedShares(weights, categories[margin.dimension], margin.targets.count)
                    return zip(shares, margin.targets).map { abs($0 - $1) }.max() ?? 0
                }.max() ?? 0
            if worst <= tolerance { return (round, true) }
        }
        return (maxRounds, false)
    }

    func weightedShares(_ weights: [Double], _ column: [Int16], _ k: Int) -> [Double] {
        var totals = [Double](repeating: 0, count: k)
        for (r, c) in column.enumerated() where c >= 0 && Int(c) < k { totals[Int(c)] += weights[r] }
        let sum = totals.reduce(0, +)
        return sum > 0 ? totals.map { $0 / sum } : totals
    }

    func summary(_ margin: Margin, _ weights: [Double], _ categories: [[Int16]]) -> WeightingReport.MarginSummary {
        let k = margin.targets.count
        var counts = [Int](repeating: 0, count: k)
        for c in categories[margin.dimension] where c >= 0 && Int(c) < k { counts[Int(c)] += 1 }
        let stated = counts.reduce(0, +)
        let unweighted = counts.map { stated > 0 ? Double($0) / Double(stated) : 0 }
        let weighted = weightedShares(weights, categories[margin.dimension], k)
        let ratios = margin.targets.indices.compactMap { margin.targets[$0] > 0 ? unweighted[$0] / margin.targets[$0] : nil }
        return .init(
            dimension: margin.dimension, counts: counts, unweighted: unweighted, weighted: weighted,
            targets: margin.targets, participationRatio: (ratios.min() ?? 1, ratios.max() ?? 1),
            suppressed: counts.map { _ in false })
    }

    /// Kish's design effect n·Σw²/(Σw)².
    package static func designEffect(_ weights: [Double]) -> Double {
        let sum = weights.reduce(0, +)
        let squares = weights.reduce(0) { $0 + $1 * $1 }
        return sum > 0 ? Double(weights.count) * squares / (sum * sum) : 1
    }

    /// Kish's effective sample size (Σw)²/Σw².
    package static func effectiveN(_ weights: [Double]) -> Double {
        Proportion.effectiveN(sum: weights.reduce(0, +), sumOfSquares: weights.reduce(0) { $0 + $1 * $1 })
    }
}

/// How the respondents were weighted: per margin the shares before and after beside the
/// targets, convergence, trimming and Kish's figures — the participation section of the
/// document.
package struct WeightingReport: Sendable {
    /// One margin: counts and shares per category, in category order.
    package struct MarginSummary: Sendable {
        package var dimension: Int
        package var counts: [Int]
        package var unweighted: [Double]
        package var weighted: [Double]
        package var targets: [Double]
        /// The lowest and highest (sample share / population share) over the categories.
        package var participationRatio: (min: Double, max: Double)
        /// Categories whose count and unweighted share must not be shown (disclosure control);
        /// set by the vision builder.
        package var suppressed: [Bool]
    }

    /// A margin left out because some of its categories have no respondents.
    package struct Omission: Sendable {
        package var dimension: Int
        package var emptyCategories: [Int]
    }

    package var margins: [MarginSummary]
    package var omitted: [Omission]
    package var rounds: Int
    package var trimRounds: Int
    package var converged: Bool
    package var designEffect: Double
    package var effectiveN: Double
    package var respondents: Int
    package var minimumWeight: Double
    package var maximumWeight: Double

    /// Whether any margin was applied (otherwise every weight is 1).
    package var isWeighted: Bool { !margins.isEmpty }
}
