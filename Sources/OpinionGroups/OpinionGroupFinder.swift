import Foundation

/// Finds opinion groups from votes alone, following Polis's math step by step
/// (compdemocracy/polis `math/src/polismath/math/`: conversation.clj, pca.clj, clusters.clj;
/// docs/METHOD.md §4 has the formulas, the references and the measured agreement):
///
/// 1. the conversation's statements are those with at least one vote (Polis's matrix has a
///    column only once someone voted); moderated-out and meta statements among them are set
///    to 0 for everyone (`rating-mat`);
/// 2. participants with at least min(7, statements) votes take part (`in-conv`), topped up to
///    15 with the most active others when fewer qualify;
/// 3. PCA to two components by power iteration (deflating the first) on the
///    column-mean-imputed, centred matrix of every participant;
/// 4. each participant projected from their own votes only, scaled by √(statements / votes);
/// 5. k-means into 100 base clusters of the participants who take part (first distinct
///    positions as centres, ≤ 100 + 1 rounds);
/// 6. weighted k-means of the base-cluster centres (weights = members) for k = 2 …
///    min(5, 2 + ⌊bases / 12⌋) (≤ 20 + 1 rounds: Polis passes `:cluster-iters`, which its
///    `kmeans` does not read, so its default of 20 applies); k by silhouette over the base
///    centres, ties to the larger k; each participant takes their base cluster's group.
///
/// Polis computes incrementally: every update starts the power iteration from the previous
/// components, k-means from the previous clusters, keeps everyone who once took part, and
/// switches k only after the same best k four updates running. One run on the final votes
/// cannot replay that history; it does what Polis does on its first update of the same data,
/// except that the power iteration continues (Polis's own stopping rule: the norm repeats
/// exactly) up to `powerIterations` rounds, because Polis's warm-started updates converge to
/// those components over a conversation's many updates. The power iteration starts, as in
/// Polis, from uniform random numbers in [0, 1), drawn here from `seed` (SplitMix64), so every
/// run gives the same groups.
///
/// Above `sampleLimit` participants (Polis's own cap, `max-ptpts`, beyond which Polis ignores
/// newcomers) the base clusters are found on an evenly spaced sample and every participant
/// joins the nearest base centre; above 10,000 participants Polis estimates the components by
/// mini-batches, which approximate the exact components computed here.
package struct OpinionGroupFinder: Sendable {
    package var minimumVotes = 7
    package var greedyMinimum = 15
    package var baseClusters = 100
    package var baseIterations = 100
    package var groupIterations = 20
    package var maxGroups = 5
    /// Rounds of the power iteration at most (Polis: 100 per update, warm-started).
    package var powerIterations = 10_000
    package var sampleLimit = 100_000
    /// Seeds the power iteration's start vectors.
    package var seed: UInt64 = 2040

    package init(seed: UInt64 = 2040) {
        self.seed = seed
    }

    /// What the finder found.
    package struct Result: Sendable {
        /// Rows (participants) that took part, in row order.
        package var clustered: [Int]
        /// The statements someone voted on: the conversation's statements in Polis's sense.
        package var statementCount: Int
        /// Per row: the group index, or −1 when not clustered.
        package var assignment: [Int]
        /// Rows per group, in row order.
        package var groups: [[Int]]
        /// Per row: position on the two components (scaled), for every row.
        package var projections: [(x: Double, y: Double)]
        package var center: [Double]
        package var components: [[Double]]
        /// Share of the total variance each component explains.
        package var explainedVariance: [Double]
        /// Rounds the power iteration took for each component.
        package var powerRounds: [Int]
        /// Silhouette per k tried, and the chosen k.
        package var silhouettes: [Int: Double]
        package var k: Int
        package var baseClusterCount: Int
    }

    /// Runs the pipeline. `excluded` are moderated-out or meta statements: zeroed for
    /// everyone, as Polis does.
    ///
    /// `alwaysIn` are rows that a conversation's history already placed (Polis keeps everyone
    /// who once took part; `participantsOverTime` replays that from the votes' order in time).
    package func run(_ votes: VoteMatrix, excluded: Set<Int> = [], alwaysIn: Set<Int> = []) -> Result? {
        guard votes.rows >= 2 else { return nil }
        let voted = votes.votedColumns()
        guard voted.count >= 2 else { return nil }
        let rated = votes.zeroing(excluded.intersection(voted))
        let clustered =
            alwaysIn.isEmpty
            ? participants(votes, statements: voted.count)
            : Array(Set(participants(votes, statements: voted.count)).union(alwaysIn.filter { $0 >= 0 && $0 < votes.rows })).sorted()
        guard clustered.count >= 2 else { return nil }
        let (center, components, explained, rounds) = pca(rated)
        let projections = project(rated, center: center, components: components, statements: voted)
        let points = clustered.map { projections[$0] }
        let bases = baseClusters(points)
        guard bases.count >= 2 else { return nil }
        let baseCentres = bases.map(\.centre)
        let baseWeights = bases.map { Double($0.members.count) }
        let distances = baseCentres.map { a in baseCentres.map { b in KMeans.distance(a, b) } }
        var silhouettes: [Int: Double] = [:]
        var labelsByK: [Int: [Int]] = [:]
        let kMax = min(maxGroups, 2 + bases.count / 12)
        guard kMax >= 2 else { return nil }
        for k in 2...kMax {
            let clusters = KMeans.run(baseCentres, k: k, maxIterations: groupIterations, weights: baseWeights)
            var labels = [Int](repeating: 0, count: baseCentres.count)
            for (g, cluster) in clusters.enumerated() { for m in cluster.members { labels[m] = g } }
            labelsByK[k] = labels
            silhouettes[k] = clusters.count > 1 ? KMeans.silhouette(distances, labels) : -1
        }
        var best = 2
        for k in silhouettes.keys.sorted() where silhouettes[k]! >= silhouettes[best]! { best = k }
        let baseLabels = labelsByK[best]!
        let groupCount = (baseLabels.max() ?? 0) + 1
        var assignment = [Int](repeating: -1, count: votes.rows)
        var groups = [[Int]](repeating: [], count: groupCount)
        for (b, base) in bases.enumerated() {
            for m in base.members { assignment[clustered[m]] = baseLabels[b] }
        }
        for row in clustered { groups[assignment[row]].append(row) }
        return Result(
            clustered: clustered, statementCount: voted.count, assignment: assignment, groups: groups, projections: projections,
            center: center,
            components: components, explainedVariance: explained, powerRounds: rounds, silhouettes: silhouettes, k: groupCount,
            baseClusterCount: bases.count)
    }

    /// Rows with at least min(minimumVotes, statements) votes, topped up to `greedyMinimum`
    /// with the most active others (ties in row order; Polis's order among equal counts is
    /// that of a Clojure hash map).
    func participants(_ votes: VoteMatrix, statements: Int) -> [Int] {
        let counts = votes.votesPerRow()
        let threshold = min(minimumVotes, statements)
        var keep = Set((0..<votes.rows).filter { counts[$0] >= threshold })
        if keep.count < greedyMinimum {
            let rest = (0..<votes.rows).filter { !keep.contains($0) && counts[$0] > 0 }
                .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
            keep.formUnion(rest.prefix(greedyMinimum - keep.count))
        }
        return keep.sorted()
    }

    /// Polis's `in-conv` as it grew over a conversation, replayed from its votes in the order
    /// they were cast (`events`: row and column of each vote, a changed vote repeated): after
    /// every vote, whoever has at least min(`minimumVotes`, statements voted on so far) votes
    /// is in, and while fewer than `greedyMinimum` are, the most active others are added (ties
    /// in row order). Once in, always in. Polis runs this rule on each update; replaying it per
    /// vote gives the same set unless an update skipped a moment when it held.
    package func participantsOverTime(_ events: [(row: Int, column: Int)], rows: Int) -> Set<Int> {
        var counts = [Int](repeating: 0, count: rows)
        var seen = Set<Int>()
        var columns = Set<Int>()
        var inConversation = Set<Int>()
        var columnCount = 0
        for (row, column) in events where row >= 0 && row < rows {
            if columns.insert(column).inserted { columnCount += 1 }
            if seen.insert(row << 32 | column).inserted { counts[row] += 1 }
            // The threshold only rises, so only the voter can newly reach it.
            if counts[row] >= min(minimumVotes, columnCount) { inConversation.insert(row) }
            if inConversation.count < greedyMinimum {
                let rest = (0..<rows).filter { counts[$0] > 0 && !inConversation.contains($0) }
                    .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
                inConversation.formUnion(rest.prefix(greedyMinimum - inConversation.count))
            }
        }
        return inConversation
    }

    /// Column means of the observed votes (the imputation value), the first two principal
    /// components by power iteration with deflation, and the variance they explain.
    func pca(_ rated: VoteMatrix) -> (center: [Double], components: [[Double]], explained: [Double], rounds: [Int]) {
        let d = rated.columnCount
        let n = rated.rows
        var center = [Double](repeating: 0, count: d)
        for j in 0..<d {
            var sum = 0
            var count = 0
            rated.columns[j].withUnsafeBufferPointer { c in
                for v in c where v != VoteMatrix.missing {
                    sum += Int(v)
                    count += 1
                }
            }
            center[j] = count > 0 ? Double(sum) / Double(count) : 0
        }
        // XᵀX of the centred, imputed matrix: imputed cells are 0 after centring. Accumulated
        // per row over its observed cells.
        var xtx = [Double](repeating: 0, count: d * d)
        var x = [Double](repeating: 0, count: d)
        var observed = [Int](repeating: 0, count: d)
        for i in 0..<n {
            var m = 0
            for j in 0..<d {
                let v = rated.columns[j][i]
                if v != VoteMatrix.missing {
                    x[m] = Double(v) - center[j]
                    observed[m] = j
                    m += 1
                }
            }
            for a in 0..<m {
                let xa = x[a]
                let row = observed[a] * d
                for b in a..<m { xtx[row + observed[b]] += xa * x[b] }
            }
        }
        for a in 0..<d { for b in 0..<a { xtx[a * d + b] = xtx[b * d + a] } }
        let total = (0..<d).reduce(0.0) { $0 + xtx[$1 * d + $1] }

        var components: [[Double]] = []
        var explained: [Double] = []
        var powerRounds: [Int] = []
        var matrix = xtx
        var random = SplitMix64(seed: seed)
        for _ in 0..<min(2, d) {
            let (pc, rounds) = powerIteration(matrix, d, start: (0..<d).map { _ in random.unit() })
            powerRounds.append(rounds)
            let eigenvalue = quadratic(matrix, pc, d)
            components.append(pc)
            explained.append(total > 0 ? eigenvalue / total : 0)
            if components.count < min(2, d) { matrix = deflate(matrix, pc, d) }
        }
        return (center, components, explained, powerRounds)
    }

    /// Polis's power iteration: v ← XᵀX v / |XᵀX v| from `start`, until the norm repeats (to
    /// 1e-14) or after `powerIterations` rounds.
    func powerIteration(_ m: [Double], _ d: Int, start: [Double]) -> (vector: [Double], rounds: Int) {
        var v = start
        var p = [Double](repeating: 0, count: d)
        var lastNorm = 0.0
        var rounds = 0
        while true {
            m.withUnsafeBufferPointer { m in
                v.withUnsafeBufferPointer { v in
                    p.withUnsafeMutableBufferPointer { p in
                        for a in 0..<d {
                            var s = 0.0
                            let row = a * d
                            for b in 0..<d { s += m[row + b] * v[b] }
                            p[a] = s
                        }
                    }
                }
            }
            rounds += 1
            let norm = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let normed = norm != 0 ? p.map { $0 / norm } : p
            // Polis stops when the norm repeats exactly; after many rounds it can alternate in its
            // last bits instead, so a repeat within 1e-14 (relative) counts as repeating.
            if rounds > powerIterations || abs(norm - lastNorm) <= 1e-14 * norm { return (normed, rounds) }
            lastNorm = norm
            v = normed
        }
    }

    func quadratic(_ m: [Double], _ v: [Double], _ d: Int) -> Double {
        var s = 0.0
        for a in 0..<d { for b in 0..<d { s += v[a] * m[a * d + b] * v[b] } }
        return s
    }

    /// XᵀX after Polis's `factor-matrix` (X ← X − (X·pc)pcᵀ/|pc|²), i.e. P XᵀX P with
    /// P = I − pc pcᵀ/|pc|², expanded so that it costs d² rather than d³: with v = pc/|pc|,
    /// u = XᵀX v and λ = vᵀu, P XᵀX P = XᵀX − v uᵀ − u vᵀ + λ v vᵀ.
    func deflate(_ m: [Double], _ pc: [Double], _ d: Int) -> [Double] {
        let length = pc.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard length > 0 else { return m }
        let v = pc.map { $0 / length }
        var u = [Double](repeating: 0, count: d)
        for a in 0..<d { for b in 0..<d { u[a] += m[a * d + b] * v[b] } }
        let lambda = zip(v, u).reduce(0) { $0 + $1.0 * $1.1 }
        var r = m
        for a in 0..<d { for b in 0..<d { r[a * d + b] += -v[a] * u[b] - u[a] * v[b] + lambda * v[a] * v[b] } }
        return r
    }

    /// Each row from its own votes only (zeroed statements count as voted), scaled by
    /// √(statements / max(votes, 1)) so that people who answered little are not pulled to the
    /// centre; `statements` are the columns with any vote.
    func project(_ rated: VoteMatrix, center: [Double], components: [[Double]], statements: [Int]) -> [(x: Double, y: Double)] {
        let d = statements.count
        var xs = [Double](repeating: 0, count: rated.rows)
        var ys = xs
        var counts = [Int](repeating: 0, count: rated.rows)
        let c0 = components[0]
        let c1 = components.count > 1 ? components[1] : [Double](repeating: 0, count: d)
        for j in statements {
            rated.columns[j].withUnsafeBufferPointer { c in
                for i in 0..<rated.rows where c[i] != VoteMatrix.missing {
                    let delta = Double(c[i]) - center[j]
                    xs[i] += c0[j] * delta
                    ys[i] += c1[j] * delta
                    counts[i] += 1
                }
            }
        }
        return (0..<rated.rows).map { i in
            let scale = (Double(d) / Double(max(counts[i], 1))).squareRoot()
            return (xs[i] * scale, ys[i] * scale)
        }
    }

    /// Base clusters: k-means with up to `baseClusters` centres on the participants' positions;
    /// above `sampleLimit` on an evenly spaced sample, then every participant to its nearest centre.
    func baseClusters(_ points: [(x: Double, y: Double)]) -> [KMeans.Cluster] {
        let all = points.map { [$0.x, $0.y] }
        guard all.count > sampleLimit else {
            return KMeans.run(all, k: baseClusters, maxIterations: baseIterations)
        }
        let step = Double(all.count) / Double(sampleLimit)
        let sample = (0..<sampleLimit).map { all[Int(Double($0) * step)] }
        let centres = KMeans.run(sample, k: baseClusters, maxIterations: baseIterations).map(\.centre)
        return KMeans.assign(all, to: centres)
    }
}

/// Polis's k-means (clusters.clj): centres start at the first k distinct points in order;
/// each round assigns every point to its nearest centre (the last in cluster order on a tie,
/// as Clojure's `min-key` over Polis's cluster map; above 8 clusters that map is a hash map
/// whose order we do not copy, which matters only for a point exactly between two centres), drops empty
/// clusters and moves centres to their members' weighted mean; it stops when no centre moved
/// 0.01 or more, or after `maxIterations` rounds.
enum KMeans {
    struct Cluster: Sendable {
        var id: Int
        var centre: [Double]
        var members: [Int]
    }

    static func run(_ points: [[Double]], k: Int, maxIterations: Int, weights: [Double]? = nil) -> [Cluster] {
        var centres: [(id: Int, centre: [Double])] = []
        var seen = Set<[Double]>()
        for p in points where seen.insert(p).inserted {
            centres.append((centres.count, p))
            if centres.count == k { break }
        }
        var remaining = maxIterations
        while true {
            let nearest = assignments(points, centres.map(\.centre))
            var members = [[Int]](repeating: [], count: centres.count)
            for (i, c) in nearest.enumerated() { members[c].append(i) }
            var next: [(id: Int, centre: [Double])] = []
            var nextMembers: [[Int]] = []
            for (c, cluster) in centres.enumerated() where !members[c].isEmpty {
                var sum = [Double](repeating: 0, count: cluster.centre.count)
                var total = 0.0
                for i in members[c] {
                    let w = weights?[i] ?? 1
                    for t in sum.indices { sum[t] += points[i][t] * w }
                    total += w
                }
                next.append((cluster.id, sum.map { $0 / total }))
                nextMembers.append(members[c])
            }
            if remaining == 0 || same(centres.map(\.centre), next.map(\.centre)) {
                return zip(next, nextMembers).map { Cluster(id: $0.0.id, centre: $0.0.centre, members: $0.1) }.sorted { $0.id < $1.id }
            }
            remaining -= 1
            centres = next
        }
    }

    /// Every point to its nearest centre (last on a tie), as clusters with recomputed centres.
    static func assign(_ points: [[Double]], to centres: [[Double]]) -> [Cluster] {
        let nearest = assignments(points, centres)
        var members = [[Int]](repeating: [], count: centres.count)
        for (i, c) in nearest.enumerated() { members[c].append(i) }
        return members.enumerated().compactMap { c, m in
            guard !m.isEmpty else { return nil }
            var sum = [Double](repeating: 0, count: centres[c].count)
            for i in m { for t in sum.indices { sum[t] += points[i][t] } }
            return Cluster(id: c, centre: sum.map { $0 / Double(m.count) }, members: m)
        }
    }

    static func assignments(_ points: [[Double]], _ centres: [[Double]]) -> [Int] {
        if let first = centres.first, first.count == 2 {
            // The common case (positions on two components), without per-point allocation.
            let cx = centres.map { $0[0] }
            let cy = centres.map { $0[1] }
            return points.map { p in
                var best = 0
                var bestD = Double.infinity
                for c in 0..<cx.count {
                    let dx = p[0] - cx[c]
                    let dy = p[1] - cy[c]
                    let d = dx * dx + dy * dy
                    if d <= bestD {
                        bestD = d
                        best = c
                    }
                }
                return best
            }
        }
        return points.map { p in
            var best = 0
            var bestD = Double.infinity
            for (c, centre) in centres.enumerated() {
                let d = distance(p, centre)
                if d <= bestD {
                    bestD = d
                    best = c
                }
            }
            return best
        }
    }

    /// Polis's convergence test: both centre lists sorted, compared pairwise (as far as the
    /// shorter goes), every distance below 0.01.
    static func same(_ a: [[Double]], _ b: [[Double]]) -> Bool {
        let order = { (x: [Double], y: [Double]) -> Bool in x.lexicographicallyPrecedes(y) }
        for (x, y) in zip(a.sorted(by: order), b.sorted(by: order)) where distance(x, y) >= 0.01 { return false }
        return true
    }

    static func distance(_ x: [Double], _ y: [Double]) -> Double {
        var sum = 0.0
        for (p, q) in zip(x, y) { sum += (p - q) * (p - q) }
        return sum.squareRoot()
    }

    /// Mean silhouette over points given their distance matrix; a point alone in its cluster
    /// scores 0.
    static func silhouette(_ distances: [[Double]], _ labels: [Int]) -> Double {
        let ids = Set(labels).sorted()
        var total = 0.0
        for i in labels.indices {
            var sums: [Int: (Double, Int)] = [:]
            for j in labels.indices where j != i {
                let s = sums[labels[j]] ?? (0, 0)
                sums[labels[j]] = (s.0 + distances[i][j], s.1 + 1)
            }
            guard let own = sums[labels[i]], own.1 > 0 else { continue }
            let a = own.0 / Double(own.1)
            let b = ids.filter { $0 != labels[i] }.compactMap { g in sums[g].map { $0.0 / Double($0.1) } }.min() ?? 0
            let m = max(a, b)
            total += m > 0 ? (b - a) / m : 0
        }
        return labels.isEmpty ? 0 : total / Double(labels.count)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, well-mixed generator for the start vectors.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
