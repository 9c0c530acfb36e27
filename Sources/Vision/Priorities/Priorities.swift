package import DraagvlakCore

/// The residents' order of priorities for one ranking question (docs/METHOD.md §5): the weighted
/// Borda count beside the Schulze (Condorcet) order, so a reader sees both the average
/// position and who wins head to head.
package struct RankingPriorities: Sendable {
    /// One option's figures.
    package struct Option: Sendable {
        package var code: String
        package var label: LocalizedText
        /// Weighted mean Borda points (m − 1 for first place … 0 for last or unranked).
        package var borda: Double
        /// Weighted share of respondents who put it first.
        package var firstPlace: Double
        /// Position in the Schulze order, 1 = most preferred (options tied share a position).
        package var schulzeRank: Int
    }

    package var question: Question
    /// Respondents who ranked at least one option.
    package var respondents: Int
    package var effectiveN: Double
    /// Options by Borda score, highest first.
    package var options: [Option]
    /// Option codes in the Schulze order, most preferred first.
    package var schulzeOrder: [String]
    /// `pairwise[i][j]`: weighted number of respondents ranking option i above option j
    /// (question's option order).
    package var pairwise: [[Double]]

    /// Computes the priorities from each respondent's ranking (option codes, most important
    /// first; unranked options count as below every ranked one) and weight.
    package init(question: Question, rankings: [(codes: [String], weight: Double)]) {
        self.question = question
        let m = question.options.count
        let index = Dictionary(uniqueKeysWithValues: question.options.enumerated().map { ($1.code, $0) })
        var borda = [Double](repeating: 0, count: m)
        var first = [Double](repeating: 0, count: m)
        var pairwise = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        var sumW = 0.0
        var sumW2 = 0.0
        var n = 0
        for (codes, w) in rankings {
            let positions = codes.compactMap { index[$0] }
            guard !positions.isEmpty else { continue }
            n += 1
            sumW += w
            sumW2 += w * w
            first[positions[0]] += w
            var rank = [Int](repeating: m, count: m)
            for (place, option) in positions.enumerated() where rank[option] == m {
                rank[option] = place
                borda[option] += w * Double(m - 1 - place)
            }
            for i in 0..<m {
                for j in 0..<m where i != j && rank[i] < rank[j] { pairwise[i][j] += w }
            }
        }
        respondents = n
        effectiveN = Proportion.effectiveN(sum: sumW, sumOfSquares: sumW2)
        self.pairwise = pairwise
        let order = Self.schulze(pairwise)
        schulzeOrder = order.flatMap { $0 }.map { question.options[$0].code }
        var schulzeRank = [Int](repeating: 0, count: m)
        var position = 1
        for tier in order {
            for option in tier { schulzeRank[option] = position }
            position += tier.count
        }
        let total = max(sumW, .leastNonzeroMagnitude)
        options = question.options.enumerated().map { i, option in
            Option(
                code: option.code, label: option.label, borda: borda[i] / total, firstPlace: first[i] / total, schulzeRank: schulzeRank[i])
        }.sorted { $0.borda != $1.borda ? $0.borda > $1.borda : $0.code < $1.code }
    }

    /// The Schulze method: strongest paths by the widest-path variant of Floyd–Warshall, then
    /// option i beats j when p[i][j] > p[j][i]. Returns tiers of options (indices), best first;
    /// options in one tier are tied.
    package static func schulze(_ d: [[Double]]) -> [[Int]] {
        let m = d.count
        var p = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for i in 0..<m {
            for j in 0..<m where i != j && d[i][j] > d[j][i] { p[i][j] = d[i][j] }
        }
        for k in 0..<m {
            for i in 0..<m where i != k {
                for j in 0..<m where j != i && j != k {
                    p[i][j] = max(p[i][j], min(p[i][k], p[k][j]))
                }
            }
        }
        // The Schulze relation is transitive, so ordering by the number of options beaten gives
        // the ranking; equal counts are ties.
        let wins = (0..<m).map { i in (0..<m).filter { $0 != i && p[i][$0] > p[$0][i] }.count }
        let levels = Set(wins).sorted(by: >)
        return levels.map { level in (0..<m).filter { wins[$0] == level } }
    }
}

/// How residents divide a budget of points over options ("verdeel 100 punten"): the weighted
/// mean share per option with its interval (docs/METHOD.md §5).
package struct PointPriorities: Sendable {
    /// One option's mean share of each respondent's points.
    package struct Option: Sendable {
        package var code: String
        package var label: LocalizedText
        package var meanShare: Double
        package var interval: (low: Double, high: Double)
    }

    package var question: Question
    package var respondents: Int
    package var effectiveN: Double
    /// Options by mean share, highest first.
    package var options: [Option]

    /// Each respondent's points per option code, and weight. Allocations of zero points in all
    /// are left out; shares are of the respondent's own total, so a budget that does not add up
    /// exactly still counts in proportion.
    package init(question: Question, allocations: [(points: [String: Int], weight: Double)], confidence: Double = 0.95) {
        self.question = question
        let m = question.options.count
        var rows: [([Double], Double)] = []
        for (points, w) in allocations {
            let values = question.options.map { Double(max(0, points[$0.code] ?? 0)) }
            let total = values.reduce(0, +)
            guard total > 0 else { continue }
            rows.append((values.map { $0 / total }, w))
        }
        let sumW = rows.reduce(0) { $0 + $1.1 }
        let sumW2 = rows.reduce(0) { $0 + $1.1 * $1.1 }
        respondents = rows.count
        effectiveN = Proportion.effectiveN(sum: sumW, sumOfSquares: sumW2)
        let z = Proportion.normalQuantile(0.5 + confidence / 2)
        let nEff = effectiveN
        options = (0..<m).map { i in
            let mean = sumW > 0 ? rows.reduce(0) { $0 + $1.0[i] * $1.1 } / sumW : 0
            let variance = sumW > 0 ? rows.reduce(0) { $0 + $1.1 * ($1.0[i] - mean) * ($1.0[i] - mean) } / sumW : 0
            // Standard error of a weighted mean with Kish's effective n.
            let half = nEff > 1 ? z * (variance / (nEff - 1)).squareRoot() : 1
            return Option(
                code: question.options[i].code, label: question.options[i].label, meanShare: mean,
                interval: (max(0, mean - half), min(1, mean + half)))
        }.sorted { $0.meanShare != $1.meanShare ? $0.meanShare > $1.meanShare : $0.code < $1.code }
    }
}
