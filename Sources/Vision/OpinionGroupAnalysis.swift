import DraagvlakCore
import OpinionGroups

extension VisionBuilder {
    /// The seed of the power iteration's start vectors, stated in the document: the same answers
    /// always give the same groups.
    static let opinionGroupSeed: UInt64 = 2040

    /// Opinion groups from the statement answers (agree +1, neutral/pass 0, disagree −1,
    /// unanswered missing), unweighted as in Polis. Groups are named A, B, … by size.
    func findOpinionGroups(_ table: ResponseTable) -> OpinionGroupsSummary? {
        let votes = VoteMatrix(
            columns: survey.statements.enumerated().map { s, statement in
                let scale = statement.scale
                let lowest = scale.values.lowerBound
                let stance = scale.values.map { scale.stance(of: $0) }
                return table.statements[s].map { v -> Int8 in
                    let index = Int(v) - lowest
                    guard v != ResponseTable.missing, stance.indices.contains(index) else { return VoteMatrix.missing }
                    switch stance[index] {
                    case .agree: return 1
                    case .neutral: return 0
                    case .disagree: return -1
                    }
                }
            })
        var finder = OpinionGroupFinder(seed: Self.opinionGroupSeed)
        // A vision places nobody with fewer answers than it states (docs/METHOD.md §4.10): Polis's
        // top-up to 15 serves a conversation's first minutes.
        finder.greedyMinimum = 0
        guard table.count >= 2 * thresholds.disclosureMinimum, let result = finder.run(votes) else { return nil }
        let kMin = thresholds.disclosureMinimum
        let order = result.groups.indices.sorted {
            result.groups[$0].count != result.groups[$1].count ? result.groups[$0].count > result.groups[$1].count : $0 < $1
        }
        let groups = order.map { result.groups[$0] }
        var newIndex = [Int](repeating: -1, count: result.groups.count)
        for (n, old) in order.enumerated() { newIndex[old] = n }
        let assignment = result.assignment.map { $0 < 0 ? -1 : newIndex[$0] }
        let names = groups.indices.map { String(UnicodeScalar(UInt8(65 + $0))) }

        let representative = PolisStatistics.representative(votes, groups: groups)
        let statistics = PolisStatistics.groupStatistics(votes, groups: groups)
        let summaries = groups.enumerated().map { g, rows -> OpinionGroupsSummary.Group in
            let x = rows.reduce(0.0) { $0 + result.projections[$1].x } / Double(rows.count)
            let y = rows.reduce(0.0) { $0 + result.projections[$1].y } / Double(rows.count)
            return .init(
                id: names[g], size: rows.count, suppressed: rows.count < kMin, centre: (x, y),
                representative: representative[g].filter { Int($0.trials) >= kMin }.map {
                    .init(
                        statement: $0.statement, agrees: $0.agrees, share: $0.share, shareRest: $0.shareRest,
                        ratio: $0.ratio, z: $0.ratioTest, n: Int($0.trials))
                })
        }
        // Polis's consensus list, with the lowest share in any group beside it (refined to the
        // shown groups by `applyDisclosure`).
        let consensus = PolisStatistics.consensus(votes)
        let agreed = consensus.agree.map { c in
            OpinionGroupsSummary.Consensus(statement: c.statement, agrees: true, shares: statistics.map { $0[c.statement].pa })
        }
        let rejected = consensus.disagree.map { c in
            OpinionGroupsSummary.Consensus(statement: c.statement, agrees: false, shares: statistics.map { $0[c.statement].pd })
        }
        return OpinionGroupsSummary(
            groups: summaries, placed: result.clustered.count, leftOut: table.count - result.clustered.count,
            minimumAnswers: min(finder.minimumVotes, result.statementCount), silhouette: result.silhouettes[result.k] ?? 0,
            explainedVariance: result.explainedVariance, seed: Self.opinionGroupSeed, consensus: agreed + rejected,
            density: density(result, kMin: kMin), assignment: assignment)
    }

    /// Hides what disclosure control hides in the opinion-group dimension (small groups and
    /// their complement), and keeps as consensus only statements every shown group holds by a
    /// majority, with the lowest shown share.
    func applyDisclosure(to og: inout OpinionGroupsSummary, cells: [DimensionParticipation.Cell]) {
        for g in og.groups.indices where cells.indices.contains(g) && cells[g].suppressed { og.groups[g].suppressed = true }
        let shown = og.groups.indices.filter { !og.groups[$0].suppressed }
        og.consensus = og.consensus.compactMap { c in
            let shares = shown.map { c.shares[$0] }
            guard let lowest = shares.min(), lowest > 0.5 else { return nil }
            var kept = c
            kept.lowestShare = lowest
            return kept
        }
    }

    /// Per statement, what its own disclosure control hides (an opinion group too few of whom
    /// answered it, and its complement): such a group's representative entry for the statement
    /// is dropped, and a statement with any hidden group is no consensus ("every group" could
    /// not be said, and its lowest share might be a hidden group's).
    static func applyDisclosure(to og: inout OpinionGroupsSummary, statements: [StatementSupport]) {
        func hidden(_ statement: Int, _ group: String) -> Bool {
            statements[statement].groups[opinionGroupDimension]?[group]?.suppressed ?? false
        }
        for g in og.groups.indices {
            let id = og.groups[g].id
            og.groups[g].representative.removeAll { hidden($0.statement, id) }
        }
        og.consensus.removeAll { c in og.groups.contains { hidden(c.statement, $0.id) } }
    }

    /// Clustered respondents binned on a 30 × 20 grid over the map; cells below k_min dropped,
    /// so no dot stands for fewer than k_min people.
    func density(_ result: OpinionGroupFinder.Result, kMin: Int) -> [(x: Double, y: Double, count: Int)] {
        let points = result.clustered.map { result.projections[$0] }
        guard let x0 = points.map(\.x).min(), let x1 = points.map(\.x).max(),
            let y0 = points.map(\.y).min(), let y1 = points.map(\.y).max(), x1 > x0, y1 > y0
        else { return [] }
        let columns = 30
        let rows = 20
        var counts = [Int](repeating: 0, count: columns * rows)
        for p in points {
            let c = min(columns - 1, Int((p.x - x0) / (x1 - x0) * Double(columns)))
            let r = min(rows - 1, Int((p.y - y0) / (y1 - y0) * Double(rows)))
            counts[r * columns + c] += 1
        }
        return counts.indices.compactMap { i in
            guard counts[i] >= kMin else { return nil }
            let c = i % columns
            let r = i / columns
            return (x0 + (Double(c) + 0.5) * (x1 - x0) / Double(columns), y0 + (Double(r) + 0.5) * (y1 - y0) / Double(rows), counts[i])
        }
    }
}
