import Foundation
import PolisOpenData
import Testing

@testable import OpinionGroups

/// Each step of the opinion-group pipeline on its own (docs/METHOD.md §4): by hand on small
/// matrices, and against Polis's own output for the red-dwarf fixtures (`math-pca2.json`:
/// Polis's `in-conv`, PCA and base clusters for the votes beside it).
@Suite struct PolisStepsByHandTests {
    /// A matrix from rows of votes (nil: not voted).
    func matrix(_ rows: [[Int8?]]) -> VoteMatrix {
        var m = VoteMatrix(rows: rows.count, columns: rows[0].count)
        for (i, row) in rows.enumerated() { for (j, v) in row.enumerated() { if let v { m[i, j] = v } } }
        return m
    }

    @Test func theThresholdCountsOnlyStatementsSomeoneVotedOn() {
        // 10 columns, of which only 5 have any vote: the threshold is min(7, 5) = 5.
        var rows = [[Int8?]](repeating: [Int8?](repeating: nil, count: 10), count: 20)
        for i in 0..<20 { for j in 0..<(i % 6) { rows[i][j] = 1 } }  // i % 6 votes on columns 0…4
        let votes = matrix(rows)
        #expect(votes.votedColumns() == [0, 1, 2, 3, 4])
        var finder = OpinionGroupFinder()
        finder.greedyMinimum = 0
        let kept = finder.participants(votes, statements: votes.votedColumns().count)
        #expect(kept == (0..<20).filter { $0 % 6 == 5 })
    }

    @Test func fewerThanFifteenAreToppedUpWithTheMostActive() {
        // Rows 0–2 have 7 votes; rows 3…19 have 1 + (i % 5) votes. Top-up to 15: the 12 most
        // active of the rest, ties in row order.
        var rows = [[Int8?]](repeating: [Int8?](repeating: nil, count: 8), count: 20)
        for i in 0..<20 { for j in 0..<(i < 3 ? 7 : 1 + i % 5) { rows[i][j] = -1 } }
        let kept = OpinionGroupFinder().participants(matrix(rows), statements: 8)
        let rest = (3..<20).sorted { (1 + $0 % 5, -$0) > (1 + $1 % 5, -$1) }
        #expect(kept == ([0, 1, 2] + rest.prefix(12)).sorted())
    }

    @Test func participantsOverTimeKeepWhoeverOnceQualified() {
        // Statement 0 is the only one at first: row 0 votes on it (1 ≥ min(7, 1)) and stays in,
        // although by the end seven statements make the threshold 7 and it has 1 vote.
        var finder = OpinionGroupFinder()
        finder.greedyMinimum = 0
        var events: [(row: Int, column: Int)] = [(0, 0)]
        for j in 0..<7 { events.append((1, j)) }  // row 1: 7 votes, in
        for j in 0..<6 { events.append((2, j)) }  // row 2: 6 of 7, out
        events.append((2, 0))  // a changed vote adds nothing
        #expect(finder.participantsOverTime(events, rows: 3) == [0, 1])
        // With the top-up to 15, the first vote already brings in everyone who voted so far.
        #expect(OpinionGroupFinder().participantsOverTime(events, rows: 3) == [0, 1, 2])
    }

    @Test func projectionUsesOwnVotesScaledBySparsity() {
        // Center 0, components e₁ and e₂ over 4 statements. A row voting +1 on statement 0 only
        // lands at √(4/1)·(1, 0) = (2, 0); a row with all four votes (1, −1, 1, 1) at (1, −1).
        let votes = matrix([[1, nil, nil, nil], [1, -1, 1, 1]])
        let p = OpinionGroupFinder().project(
            votes, center: [0, 0, 0, 0], components: [[1, 0, 0, 0], [0, 1, 0, 0]], statements: [0, 1, 2, 3])
        #expect(p[0].x == 2 && p[0].y == 0)
        #expect(p[1].x == 1 && p[1].y == -1)
    }

    @Test func pcaFindsTheAxesOfAKnownMatrix() {
        // Column 0 varies most (±1 on every row), column 1 less (±1 on half), column 2 not at all:
        // the components are e₀ and e₁ (up to sign), and the center the column means.
        var rows: [[Int8?]] = []
        for i in 0..<40 { rows.append([i % 2 == 0 ? 1 : -1, i % 4 == 0 ? 1 : (i % 4 == 2 ? -1 : 0), 0]) }
        let (center, components, explained, _) = OpinionGroupFinder().pca(matrix(rows))
        #expect(center == [0, 0, 0])
        // Polis stops when the norm repeats, which the vector reaches to about 1e-8.
        #expect(abs(abs(components[0][0]) - 1) < 1e-6 && abs(components[0][1]) < 1e-6)
        #expect(abs(abs(components[1][1]) - 1) < 1e-6 && abs(components[1][0]) < 1e-6)
        // Variances 40 and 20 of a total 60.
        #expect(abs(explained[0] - 40.0 / 60) < 1e-9 && abs(explained[1] - 20.0 / 60) < 1e-9)
    }

    @Test func deflationEqualsTheProjectedMatrix() {
        // P M P with P = I − v vᵀ, computed the long way, equals the d² form.
        let m: [Double] = [4, 1, 2, 1, 3, 0, 2, 0, 5]
        let v: [Double] = [1, 2, 2]  // not unit: the formula normalises
        let unit = v.map { $0 / 3 }
        var p = [Double](repeating: 0, count: 9)
        for a in 0..<3 { for b in 0..<3 { p[a * 3 + b] = (a == b ? 1 : 0) - unit[a] * unit[b] } }
        func mul(_ x: [Double], _ y: [Double]) -> [Double] {
            var r = [Double](repeating: 0, count: 9)
            for a in 0..<3 { for b in 0..<3 { for c in 0..<3 { r[a * 3 + b] += x[a * 3 + c] * y[c * 3 + b] } } }
            return r
        }
        let expected = mul(mul(p, m), p)
        for (x, y) in zip(OpinionGroupFinder().deflate(m, v, 3), expected) { #expect(abs(x - y) < 1e-12) }
    }

    @Test func aPointExactlyBetweenTwoCentresJoinsTheLater() {
        // As Clojure's min-key over Polis's clusters: the last of equal distances wins.
        #expect(KMeans.assignments([[0, 0]], [[-1, 0], [1, 0]]) == [1])
        #expect(KMeans.assignments([[0, 0, 0]], [[-1, 0, 0], [1, 0, 0], [0, 5, 0]]) == [1])
    }

    @Test func kMeansStartsFromTheFirstDistinctPoints() {
        // Points 0 and 1 coincide; with k = 2 the centres start at points 0 and 2. One round
        // then moves nothing: clusters {0, 1} and {2, 3}.
        let points: [[Double]] = [[0, 0], [0, 0], [10, 0], [10, 1]]
        let clusters = KMeans.run(points, k: 2, maxIterations: 20)
        #expect(clusters.map(\.members) == [[0, 1], [2, 3]])
        #expect(clusters[1].centre == [10, 0.5])
    }
}

/// Polis's own intermediate results for the red-dwarf fixtures. Polis's matrix holds the
/// votes with the opposite sign (agree −1, as its database does), so its centre is the
/// negative of ours and its projections mirror ours.
@Suite(.enabled(if: polisDataPresent, Comment(rawValue: polisDataMissing))) struct PolisStepsAgainstPolisTests {
    @Test(arguments: RedDwarfFixtureTests.fixtures) func participantsEqualPolisInConv(_ name: String) throws {
        let f = try PolisFixture(name)
        let expected = Set((f.math["in-conv"] as! [Any]).map { f.participants.firstIndex(of: ($0 as! NSNumber).intValue)! })
        #expect(OpinionGroupFinder().participantsOverTime(f.events, rows: f.votes.rows) == expected)
        // One run on the final votes only finds those who qualify now: a subset.
        let now = Set(OpinionGroupFinder().participants(f.votes, statements: f.votes.votedColumns().count))
        #expect(now.isSubset(of: expected) && now.count < expected.count)
        let counts = f.votes.votesPerRow()
        for (pid, count) in f.math["user-vote-counts"] as! [String: NSNumber] {
            #expect(counts[f.participants.firstIndex(of: Int(pid)!)!] == count.intValue)
        }
    }

    @Test(arguments: RedDwarfFixtureTests.fixtures) func pcaEqualsPolis(_ name: String) throws {
        let f = try PolisFixture(name)
        let (center, comps) = f.pca
        let rated = f.votes.zeroing(f.excluded)
        let mine = OpinionGroupFinder().pca(rated)
        for j in center.indices { #expect(abs(mine.center[j] + center[j]) < 1e-12, "centre of \(f.statements[j])") }
        // Components agree up to sign: |cos| = 1.
        for c in 0..<2 {
            let dot = zip(mine.components[c], comps[c]).reduce(0) { $0 + $1.0 * $1.1 }
            let norm = comps[c].reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(abs(dot / norm) - 1) < 1e-6, "component \(c + 1): cos \(dot / norm)")
        }
    }

    @Test(arguments: RedDwarfFixtureTests.fixtures) func projectionsGivePolisBaseCentres(_ name: String) throws {
        // Polis's base-cluster centres are its members' mean positions: projecting with Polis's
        // own centre and components (on Polis's sign) must give them back exactly.
        let f = try PolisFixture(name)
        let (center, comps) = f.pca
        var flipped = f.votes.zeroing(f.excluded)
        for j in 0..<flipped.columnCount { flipped.columns[j] = flipped.columns[j].map { $0 == VoteMatrix.missing ? $0 : -$0 } }
        let voted = f.votes.votedColumns()
        #expect(voted.count == f.votes.columnCount)
        let positions = OpinionGroupFinder().project(flipped, center: center, components: comps, statements: voted)
        let base = f.math["base-clusters"] as! [String: Any]
        let members = (base["members"] as! [[NSNumber]]).map { $0.map { f.participants.firstIndex(of: $0.intValue)! } }
        let xs = (base["x"] as! [NSNumber]).map(\.doubleValue)
        let ys = (base["y"] as! [NSNumber]).map(\.doubleValue)
        for (b, rows) in members.enumerated() {
            let x = rows.reduce(0) { $0 + positions[$1].x } / Double(rows.count)
            let y = rows.reduce(0) { $0 + positions[$1].y } / Double(rows.count)
            #expect(abs(x - xs[b]) < 1e-9 && abs(y - ys[b]) < 1e-9, "base cluster \(b)")
        }
    }
}

extension PolisFixture {
    /// Polis's PCA centre and components.
    var pca: (center: [Double], components: [[Double]]) {
        let pca = math["pca"] as! [String: Any]
        return ((pca["center"] as! [NSNumber]).map(\.doubleValue), (pca["comps"] as! [[NSNumber]]).map { $0.map(\.doubleValue) })
    }
}
