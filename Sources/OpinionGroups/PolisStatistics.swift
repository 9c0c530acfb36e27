/// Polis's statistics for given groups (repness.clj, stats.clj, conversation.clj): what sets
/// each group apart (representative statements with their significance tests), what everyone
/// agrees on (consensus), and group-aware consensus. Given the same votes and groups, the
/// figures equal Polis's.
package enum PolisStatistics {
    /// One-sided 90% significance, as Polis tests it (strictly greater).
    package static let z90 = 1.2816

    /// Polis's one-proportion test with pseudo-counts: 2·√(n+1)·((s+1)/(n+1) − ½).
    package static func proportionTest(_ successes: Double, _ n: Double) -> Double {
        2 * (n + 1).squareRoot() * ((successes + 1) / (n + 1) - 0.5)
    }

    /// Polis's two-proportion z-test with one pseudo-count added to each figure; 0 when the
    /// pooled share is 1.
    package static func twoProportionTest(_ s1: Double, _ s2: Double, _ n1: Double, _ n2: Double) -> Double {
        let (s1, s2, n1, n2) = (s1 + 1, s2 + 1, n1 + 1, n2 + 1)
        let pooled = (s1 + s2) / (n1 + n2)
        if pooled == 1 { return 0 }
        return (s1 / n1 - s2 / n2) / (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
    }

    /// Group-aware consensus per statement: Π over groups of (A_g + 1)/(S_g + 2), passes
    /// counted as seen, on the votes as cast (moderation ignored) — Polis's
    /// `group-informed-consensus` column.
    package static func groupAwareConsensus(_ votes: VoteMatrix, groups: [[Int]]) -> [Double] {
        (0..<votes.columnCount).map { j in
            groups.reduce(1.0) { product, rows in
                let c = votes.counts(column: j, rows: rows)
                return product * (c.agree + 1) / (c.seen + 2)
            }
        }
    }

    /// One group's figures for one statement.
    package struct GroupStatement: Sendable, Hashable {
        package var agree, disagree, seen: Double
        package var pa, pd, pat, pdt, ra, rd, rat, rdt: Double
    }

    /// A representative statement of a group (Polis's `repness` entry).
    package struct Representative: Sendable, Hashable {
        package var statement: Int
        package var agrees: Bool
        package var successes: Double
        package var trials: Double
        package var share: Double
        package var shareTest: Double
        package var ratio: Double
        package var ratioTest: Double
        /// Share of the other groups voting the same way, (s + 1)/(n + 2).
        package var shareRest: Double
        /// Whether Polis picked it as the group's best agreed statement.
        package var bestAgree: Bool
    }

    /// Per group, per statement: counts, shares and tests against the union of the other groups,
    /// on `rated` (Polis's rating-mat, moderated statements zeroed).
    package static func groupStatistics(_ rated: VoteMatrix, groups: [[Int]]) -> [[GroupStatement]] {
        let counts = groups.map { rows in (0..<rated.columnCount).map { rated.counts(column: $0, rows: rows) } }
        return groups.indices.map { g in
            (0..<rated.columnCount).map { j in
                let (na, nd, ns) = counts[g][j]
                var rna = 0.0
                var rnd = 0.0
                var rns = 0.0
                for other in groups.indices where other != g {
                    rna += counts[other][j].agree
                    rnd += counts[other][j].disagree
                    rns += counts[other][j].seen
                }
                let pa = (na + 1) / (ns + 2)
                let pd = (nd + 1) / (ns + 2)
                return GroupStatement(
                    agree: na, disagree: nd, seen: ns, pa: pa, pd: pd,
                    pat: proportionTest(na, ns), pdt: proportionTest(nd, ns),
                    ra: pa / ((1 + rna) / (2 + rns)), rd: pd / ((1 + rnd) / (2 + rns)),
                    rat: twoProportionTest(na, rna, ns, rns), rdt: twoProportionTest(nd, rnd, ns, rns))
            }
        }
    }

    /// Polis's `select-rep-comments` for every group: statements that pass both tests, the
    /// best agreed statement first, at most `pickMax`, agreements before disagreements.
    package static func representative(_ rated: VoteMatrix, groups: [[Int]], excluded: Set<Int> = [], pickMax: Int = 5)
        -> [[Representative]]
    {
        let stats = groupStatistics(rated, groups: groups)
        return groups.indices.map { g in
            select(stats[g], others: { j in stats.indices.filter { $0 != g }.map { stats[$0][j] } }, excluded: excluded, pickMax: pickMax)
        }
    }

    static func finalize(_ s: GroupStatement, _ j: Int, others: [GroupStatement], bestAgree: Bool = false) -> Representative {
        let agrees = s.rat > s.rdt
        let restSeen = others.reduce(0) { $0 + $1.seen }
        let restSuccess = others.reduce(0) { $0 + (agrees ? $1.agree : $1.disagree) }
        return Representative(
            statement: j, agrees: agrees, successes: agrees ? s.agree : s.disagree, trials: s.seen,
            share: agrees ? s.pa : s.pd, shareTest: agrees ? s.pat : s.pdt,
            // Polis stores the repness test as a 32-bit float, and sorts by that value.
            ratio: agrees ? s.ra : s.rd, ratioTest: Double(Float(agrees ? s.rat : s.rdt)),
            shareRest: (restSuccess + 1) / (restSeen + 2), bestAgree: bestAgree)
    }

    static func select(_ stats: [GroupStatement], others: (Int) -> [GroupStatement], excluded: Set<Int>, pickMax: Int) -> [Representative] {
        var sufficient: [Representative] = []
        var best: Representative?
        var bestAgree: (s: GroupStatement, j: Int)?
        for (j, g) in stats.enumerated() where !excluded.contains(j) {
            if (g.rat > z90 && g.pat > z90) || (g.rdt > z90 && g.pdt > z90) {
                sufficient.append(finalize(g, j, others: others(j)))
            }
            if sufficient.isEmpty, best == nil || max(g.rat, g.rdt) > best!.ratioTest {
                best = finalize(g, j, others: others(j))
            }
            let beats: Bool
            if g.agree == 0 && g.disagree == 0 {
                beats = false
            } else if let b = bestAgree?.s, b.ra > 1 {
                beats = g.ra * g.rat * g.pa * g.pat > b.ra * b.rat * b.pa * b.pat
            } else if let b = bestAgree?.s {
                beats = g.pa * g.pat > b.pa * b.pat
            } else {
                beats = g.pat > z90 || (g.ra > 1 && g.pa > 0.5)
            }
            if beats { bestAgree = (g, j) }
        }
        let head = bestAgree.map { finalize($0.s, $0.j, others: others($0.j), bestAgree: true) }
        guard !sufficient.isEmpty else { return head.map { [$0] } ?? best.map { [$0] } ?? [] }
        let rest = sufficient.filter { $0.statement != head?.statement }
        let sorted = rest.enumerated().sorted { a, b in
            let x = a.element.ratio * a.element.ratioTest * a.element.share * a.element.shareTest
            let y = b.element.ratio * b.element.ratioTest * b.element.share * b.element.shareTest
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
        let chosen = Array(((head.map { [$0] } ?? []) + sorted).prefix(pickMax))
        return chosen.filter(\.agrees) + chosen.filter { !$0.agrees }
    }

    /// A consensus statement (Polis's `consensus` entry).
    package struct ConsensusStatement: Sendable, Hashable {
        package var statement: Int
        package var successes: Double
        package var trials: Double
        package var share: Double
        package var shareTest: Double
    }

    /// Polis's consensus statements over all participants: share > ½ and significant, the
    /// strongest `pickMax` agreed and disagreed.
    package static func consensus(_ rated: VoteMatrix, excluded: Set<Int> = [], pickMax: Int = 5) -> (
        agree: [ConsensusStatement], disagree: [ConsensusStatement]
    ) {
        let everyone = Array(0..<rated.rows)
        let counts = (0..<rated.columnCount).map { rated.counts(column: $0, rows: everyone) }
        func pick(_ successes: (Int) -> Double) -> [ConsensusStatement] {
            let candidates = counts.indices.compactMap { j -> ConsensusStatement? in
                guard !excluded.contains(j) else { return nil }
                let s = successes(j)
                let n = counts[j].seen
                let p = (s + 1) / (n + 2)
                let t = proportionTest(s, n)
                return p > 0.5 && t > z90 ? ConsensusStatement(statement: j, successes: s, trials: n, share: p, shareTest: t) : nil
            }
            return Array(
                candidates.enumerated().sorted { a, b in
                    let x = a.element.share * a.element.shareTest
                    let y = b.element.share * b.element.shareTest
                    return x != y ? x > y : a.offset < b.offset
                }.map(\.element).prefix(pickMax))
        }
        return (pick { counts[$0].agree }, pick { counts[$0].disagree })
    }
}
