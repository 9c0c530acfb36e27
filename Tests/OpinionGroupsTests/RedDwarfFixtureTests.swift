import Foundation
import PolisOpenData
import Testing

@testable import OpinionGroups

/// Polis's math output for known votes (red-dwarf's test fixtures, `math-pca2.json`): given
/// Polis's own groups, representative statements, consensus and group-aware consensus must
/// come out the same; from the votes alone, the same groups.
struct PolisFixture {
    var votes: VoteMatrix
    var statements: [Int]
    var participants: [Int]
    var math: [String: Any]
    var excluded: Set<Int>
    /// Every vote as (row, column) in the order cast.
    var events: [(row: Int, column: Int)] = []

    init(_ name: String) throws {
        let folder = polisData.appendingPathComponent("red-dwarf-fixtures/\(name)")
        let rawVotes =
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("votes.json"))) as! [[String: Any]]
        math = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("math-pca2.json"))) as! [String: Any]
        statements = (math["tids"] as! [Any]).map { ($0 as! NSNumber).intValue }
        // Rows in the order participants first voted, as Polis's matrix grows.
        func number(_ v: Any?) -> Double { (v as? NSNumber)?.doubleValue ?? Double(v as? String ?? "") ?? 0 }
        let events = rawVotes.map { v in
            (
                time: number(v["modified"]), pid: Int(number(v["pid"] ?? v["participant_id"])),
                tid: Int(number(v["tid"] ?? v["statement_id"])), vote: Int(number(v["vote"]))
            )
        }.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        var seen = Set<Int>()
        participants = events.compactMap { seen.insert($0.pid).inserted ? $0.pid : nil }
        let rowOf = Dictionary(uniqueKeysWithValues: participants.enumerated().map { ($1, $0) })
        let columnOf = Dictionary(uniqueKeysWithValues: statements.enumerated().map { ($1, $0) })
        votes = VoteMatrix(rows: participants.count, columns: statements.count)
        for e in events { if let c = columnOf[e.tid] { votes[rowOf[e.pid]!, c] = Int8(e.vote) } }
        self.events = events.compactMap { e in columnOf[e.tid].map { (rowOf[e.pid]!, $0) } }
        let modOut = ((math["mod-out"] as? [Any]) ?? []) + ((math["meta-tids"] as? [Any]) ?? [])
        excluded = Set(modOut.compactMap { columnOf[($0 as! NSNumber).intValue] })
    }

    /// Polis's groups as rows: the members of each group's base clusters.
    var groups: [[Int]] {
        let base = math["base-clusters"] as! [String: Any]
        let ids = (base["id"] as! [Any]).map { ($0 as! NSNumber).intValue }
        let members = (base["members"] as! [[Any]]).map { $0.map { ($0 as! NSNumber).intValue } }
        let rowOf = Dictionary(uniqueKeysWithValues: participants.enumerated().map { ($1, $0) })
        return (math["group-clusters"] as! [[String: Any]]).map { group in
            (group["members"] as! [Any]).flatMap { b in members[ids.firstIndex(of: (b as! NSNumber).intValue)!].map { rowOf[$0]! } }
        }
    }

    var groupIDs: [Int] { (math["group-clusters"] as! [[String: Any]]).map { ($0["id"] as! NSNumber).intValue } }
}

@Suite(.enabled(if: polisDataPresent, Comment(rawValue: polisDataMissing))) struct RedDwarfFixtureTests {
    static let fixtures = ["below-100-ptpts", "150ptpt-3gp-no-strict-no-meta"]

    @Test(arguments: fixtures) func statisticsEqualPolisGivenItsGroups(_ name: String) throws {
        let f = try PolisFixture(name)
        let groups = f.groups
        let gac = PolisStatistics.groupAwareConsensus(f.votes, groups: groups)
        let expectedGAC = f.math["group-aware-consensus"] as! [String: NSNumber]
        for (j, tid) in f.statements.enumerated() {
            guard let expected = expectedGAC[String(tid)]?.doubleValue else { continue }
            #expect(abs(gac[j] - expected) < 1e-12, "group-aware consensus of \(tid)")
        }

        let rated = f.votes.zeroing(f.excluded)
        let representative = PolisStatistics.representative(rated, groups: groups, excluded: f.excluded)
        let expectedRepness = f.math["repness"] as! [String: [[String: Any]]]
        for (g, id) in f.groupIDs.enumerated() {
            let expected = expectedRepness[String(id)]!
            #expect(
                representative[g].map { f.statements[$0.statement] } == expected.map { ($0["tid"] as! NSNumber).intValue }, "group \(id)")
            for (mine, theirs) in zip(representative[g], expected) {
                #expect(mine.agrees == (theirs["repful-for"] as! String == "agree"))
                #expect(
                    mine.successes == (theirs["n-success"] as! NSNumber).doubleValue
                        && mine.trials == (theirs["n-trials"] as! NSNumber).doubleValue)
                #expect(abs(mine.share - (theirs["p-success"] as! NSNumber).doubleValue) < 1e-12)
                #expect(abs(mine.shareTest - (theirs["p-test"] as! NSNumber).doubleValue) < 1e-12)
                #expect(abs(mine.ratio - (theirs["repness"] as! NSNumber).doubleValue) < 1e-12)
                // Polis stores the repness test as a 32-bit float.
                #expect(abs(mine.ratioTest - (theirs["repness-test"] as! NSNumber).doubleValue) < 1e-6)
                #expect(mine.bestAgree == ((theirs["best-agree"] as? Bool) ?? false))
            }
        }

        let consensus = PolisStatistics.consensus(rated, excluded: f.excluded)
        let expectedConsensus = f.math["consensus"] as! [String: [[String: Any]]]
        for (mine, key) in [(consensus.agree, "agree"), (consensus.disagree, "disagree")] {
            let theirs = expectedConsensus[key]!
            #expect(mine.map { f.statements[$0.statement] } == theirs.map { ($0["tid"] as! NSNumber).intValue }, "consensus \(key)")
            for (a, b) in zip(mine, theirs) {
                #expect(abs(a.share - (b["p-success"] as! NSNumber).doubleValue) < 1e-12)
                #expect(abs(a.shareTest - (b["p-test"] as! NSNumber).doubleValue) < 1e-12)
            }
        }
    }

    @Test(arguments: fixtures) func groupsFromVotesAloneEqualPolis(_ name: String) throws {
        let f = try PolisFixture(name)
        let result = try #require(OpinionGroupFinder().run(f.votes, excluded: f.excluded))
        var polis = [Int](repeating: -1, count: f.participants.count)
        for (g, rows) in f.groups.enumerated() { for r in rows { polis[r] = g } }
        let common = result.clustered.filter { polis[$0] >= 0 }
        #expect(result.k == f.groupIDs.count)
        #expect(adjustedRandIndex(common.map { polis[$0] }, common.map { result.assignment[$0] }) == 1)
    }
}
