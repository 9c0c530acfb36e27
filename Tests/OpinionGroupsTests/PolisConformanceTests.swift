import Foundation
import Testing
@testable import CSVImporter
@testable import OpinionGroups

/// Conformance with Polis on real conversations from `../shared/datasets/polis/` (CC BY 4.0,
/// compdemocracy/openData; red-dwarf fixtures from polis-community/red-dwarf). The folder is
/// not part of the repository: when it is absent these tests say so and pass without checking.
let polisData = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/datasets/polis")

func polisDataAvailable(_ test: String) -> Bool {
    if FileManager.default.fileExists(atPath: polisData.path) { return true }
    print("\(test): \(polisData.path) is absent; this conformance test checked nothing.")
    return false
}

func readCSV(_ url: URL) throws -> [[String: String]] {
    var reader = try CSVReader(url: url, file: url.lastPathComponent, delimiter: UInt8(ascii: ","))
    defer { reader.close() }
    guard let header = try reader.next()?.fields.map({ String(decoding: $0, as: UTF8.self) }) else { return [] }
    var rows: [[String: String]] = []
    while let record = try reader.next() {
        var row: [String: String] = [:]
        for (i, field) in record.fields.enumerated() where i < header.count { row[header[i]] = String(decoding: field, as: UTF8.self) }
        rows.append(row)
    }
    return rows
}

/// A Polis export: the final vote matrix (participants-votes.csv; agree = +1), Polis's own
/// `group-id` per participant, and moderated-out / meta statements (comments.csv).
struct PolisConversation {
    var participants: [Int]
    var statements: [Int]
    var votes: VoteMatrix
    var groupID: [Int?]
    var excluded: Set<Int>
    var comments: [[String: String]]

    /// Rows in the order participants first voted (votes.csv, by timestamp) when the export has
    /// the events, as Polis's matrix grows; otherwise the file's order. Columns likewise.
    init(_ name: String) throws {
        let folder = polisData.appendingPathComponent(name)
        let rows = try readCSV(folder.appendingPathComponent("participants-votes.csv"))
        comments = try readCSV(folder.appendingPathComponent("comments.csv"))
        let header = try readHeader(folder.appendingPathComponent("participants-votes.csv"))
        let first = header.firstIndex(of: "n-disagree")! + 1
        var statementOrder = header[first...].map { Int($0)! }
        var participantOrder = rows.map { Int($0["participant"]!)! }
        let votesFile = folder.appendingPathComponent("votes.csv")
        if FileManager.default.fileExists(atPath: votesFile.path) {
            let events = try readCSV(votesFile).enumerated().map { i, r in (Int(r["timestamp"]!)!, i, Int(r["voter-id"]!)!, Int(r["comment-id"]!)!) }
                .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            var seenP = Set<Int>(), seenS = Set<Int>()
            participantOrder = events.compactMap { seenP.insert($0.2).inserted ? $0.2 : nil }
                + participantOrder.filter { !seenP.contains($0) }
            statementOrder = events.compactMap { seenS.insert($0.3).inserted ? $0.3 : nil }
                + statementOrder.filter { !seenS.contains($0) }
        }
        let rowOf = Dictionary(uniqueKeysWithValues: participantOrder.enumerated().map { ($1, $0) })
        let columnOf = Dictionary(uniqueKeysWithValues: statementOrder.enumerated().map { ($1, $0) })
        participants = participantOrder
        statements = statementOrder
        votes = VoteMatrix(rows: participantOrder.count, columns: statementOrder.count)
        groupID = Array(repeating: nil, count: participantOrder.count)
        for row in rows {
            let r = rowOf[Int(row["participant"]!)!]!
            groupID[r] = row["group-id"].flatMap { Int($0) }
            for s in statementOrder {
                if let value = row[String(s)], let v = Int(value) { votes[r, columnOf[s]!] = Int8(v) }
            }
        }
        excluded = Set(comments.compactMap { c in
            c["moderated"] == "-1" || c["is-meta"] == "true" ? columnOf[Int(c["comment-id"]!)!] : nil
        })
    }
}

func readHeader(_ url: URL) throws -> [String] {
    var reader = try CSVReader(url: url, file: url.lastPathComponent, delimiter: UInt8(ascii: ","))
    defer { reader.close() }
    return try reader.next()?.fields.map { String(decoding: $0, as: UTF8.self) } ?? []
}

/// The adjusted Rand index of two labellings (Hubert & Arabie 1985).
func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    var table: [[Int]: Int] = [:], rowsA: [Int: Int] = [:], rowsB: [Int: Int] = [:]
    for (x, y) in zip(a, b) {
        table[[x, y], default: 0] += 1
        rowsA[x, default: 0] += 1
        rowsB[y, default: 0] += 1
    }
    func pairs(_ n: Int) -> Double { Double(n * (n - 1)) / 2 }
    let index = table.values.reduce(0) { $0 + pairs($1) }
    let sa = rowsA.values.reduce(0) { $0 + pairs($1) }, sb = rowsB.values.reduce(0) { $0 + pairs($1) }
    let expected = sa * sb / pairs(a.count), maximum = (sa + sb) / 2
    return maximum == expected ? 1 : (index - expected) / (maximum - expected)
}

@Suite struct PolisConformanceTests {
    @Test func groupInformedConsensusEqualsPolisExportOnBG2050() throws {
        guard polisDataAvailable(#function) else { return }
        let c = try PolisConversation("bg2050-volunteers")
        // Polis's groups: every participant with a group-id, passes counted as seen.
        let ids = Set(c.groupID.compactMap { $0 }).sorted()
        let groups = ids.map { id in c.groupID.indices.filter { c.groupID[$0] == id } }
        let gic = PolisStatistics.groupAwareConsensus(c.votes, groups: groups)
        var compared = 0
        for comment in c.comments {
            guard let expected = comment["group-informed-consensus"].flatMap(Double.init),
                  let column = c.statements.firstIndex(of: Int(comment["comment-id"]!)!) else { continue }
            #expect(abs(gic[column] - expected) < 1e-12, "comment \(comment["comment-id"]!)")
            compared += 1
        }
        #expect(compared == 371)
    }

    @Test func groupsAgreeWithPolisBetterThanRedDwarf() throws {
        guard polisDataAvailable(#function) else { return }
        // red-dwarf 0.4.0's adjusted Rand index against Polis's group-id (issue 4).
        let conversations: [(String, Double)] = [
            ("ssis.land-bank-farmland.2rumnecbeh.2021-08-01", 0.742), ("bg2050-volunteers", 0.194),
            ("vtaiwan.uberx", 0.826), ("american-assembly.bowling-green", 0.424),
        ]
        for (name, redDwarf) in conversations {
            let c = try PolisConversation(name)
            let result = try #require(OpinionGroupFinder().run(c.votes, excluded: c.excluded))
            let scored = result.clustered.filter { c.groupID[$0] != nil }
            let ari = adjustedRandIndex(scored.map { c.groupID[$0]! }, scored.map { result.assignment[$0] })
            print("ARI \(name): \(String(format: "%.3f", ari)) (red-dwarf 0.4.0: \(redDwarf)), k = \(result.k), \(scored.count) participants")
            #expect(ari >= redDwarf, "\(name)")
        }
    }
}
