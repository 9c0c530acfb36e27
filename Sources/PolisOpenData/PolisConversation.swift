package import Foundation
package import OpinionGroups
import Readers

/// A Polis conversation as the Computational Democracy Project publishes it (openData:
/// `participants-votes.csv`, `comments.csv`, and `votes.csv` when present): the final vote
/// matrix (agree +1), Polis's own `group-id` per participant, and the moderated-out and meta
/// statements — for checking Draagvlak's opinion groups against Polis and for benchmarks.
///
/// Rows are in the order participants first voted and columns in the order statements were
/// first voted on (from `votes.csv`, by timestamp), as Polis's matrix grows; without
/// `votes.csv`, in the files' order.
///
/// One Polis reader, one CSV layer: this reads with `CSVReader` from Readers, as the
/// PolisImporter plugin does. It does not reuse the plugin's header reader (internal to the
/// plugin, and it would make this analysis-side reader depend on an importer plugin), so the
/// plugin stays the way exports are imported into a consultation and this stays the
/// conformance and benchmark reader.
package struct PolisConversation: Sendable {
    package var participants: [Int]
    package var statements: [Int]
    package var votes: VoteMatrix
    /// Polis's group per row, when the export assigns one.
    package var groupID: [Int?]
    /// Columns of moderated-out (−1) or meta statements.
    package var excluded: Set<Int>
    /// comments.csv, one dictionary per row.
    package var comments: [[String: String]]
    /// Every vote as (row, column), in the order cast (from `votes.csv`); empty without it.
    package var events: [(row: Int, column: Int)] = []

    package init(folder: URL) throws {
        let matrixFile = folder.appendingPathComponent("participants-votes.csv")
        let (header, rows) = try Self.read(matrixFile)
        comments = try Self.read(folder.appendingPathComponent("comments.csv")).rows
        guard let last = header.firstIndex(of: "n-disagree") else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: matrixFile.path])
        }
        var statementOrder = header[(last + 1)...].compactMap { Int($0) }
        var participantOrder = rows.compactMap { $0["participant"].flatMap { Int($0) } }
        var timeline: [(participant: Int, statement: Int)] = []
        let votesFile = folder.appendingPathComponent("votes.csv")
        if FileManager.default.fileExists(atPath: votesFile.path) {
            let events = try Self.read(votesFile).rows.enumerated().compactMap { i, r -> (Int, Int, Int, Int)? in
                guard let t = r["timestamp"].flatMap({ Int($0) }), let p = r["voter-id"].flatMap({ Int($0) }),
                    let s = r["comment-id"].flatMap({ Int($0) })
                else { return nil }
                return (t, i, p, s)
            }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            var seenP = Set<Int>()
            var seenS = Set<Int>()
            participantOrder =
                events.compactMap { seenP.insert($0.2).inserted ? $0.2 : nil } + participantOrder.filter { !seenP.contains($0) }
            statementOrder = events.compactMap { seenS.insert($0.3).inserted ? $0.3 : nil } + statementOrder.filter { !seenS.contains($0) }
            timeline = events.map { ($0.2, $0.3) }
        }
        let rowOf = Dictionary(uniqueKeysWithValues: participantOrder.enumerated().map { ($1, $0) })
        let columnOf = Dictionary(uniqueKeysWithValues: statementOrder.enumerated().map { ($1, $0) })
        events = timeline.compactMap { e in rowOf[e.participant].flatMap { r in columnOf[e.statement].map { (r, $0) } } }
        participants = participantOrder
        statements = statementOrder
        votes = VoteMatrix(rows: participantOrder.count, columns: statementOrder.count)
        groupID = Array(repeating: nil, count: participantOrder.count)
        for row in rows {
            guard let r = row["participant"].flatMap({ Int($0) }).flatMap({ rowOf[$0] }) else { continue }
            groupID[r] = row["group-id"].flatMap { Int($0) }
            for s in statementOrder {
                if let value = row[String(s)], let v = Int(value) { votes[r, columnOf[s]!] = Int8(clamping: v) }
            }
        }
        excluded = Set(
            comments.compactMap { c in
                guard c["moderated"] == "-1" || c["is-meta"] == "true", let id = c["comment-id"].flatMap({ Int($0) }) else { return nil }
                return columnOf[id]
            })
    }

    /// Polis's groups as rows, in group-id order.
    package var polisGroups: [[Int]] {
        Set(groupID.compactMap { $0 }).sorted().map { id in groupID.indices.filter { groupID[$0] == id } }
    }

    static func read(_ url: URL) throws -> (header: [String], rows: [[String: String]]) {
        var reader = try CSVReader(url: url, file: url.lastPathComponent, delimiter: UInt8(ascii: ","))
        defer { reader.close() }
        guard let header = try reader.next()?.fields.map({ String(decoding: $0, as: UTF8.self) }) else { return ([], []) }
        var rows: [[String: String]] = []
        while let record = try reader.next() {
            var row: [String: String] = [:]
            for (i, field) in record.fields.enumerated() where i < header.count { row[header[i]] = String(decoding: field, as: UTF8.self) }
            rows.append(row)
        }
        return (header, rows)
    }
}

/// The adjusted Rand index of two labellings (Hubert & Arabie 1985): 1 for the same partition,
/// about 0 for chance agreement.
package func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    var table: [[Int]: Int] = [:]
    var rowsA: [Int: Int] = [:]
    var rowsB: [Int: Int] = [:]
    for (x, y) in zip(a, b) {
        table[[x, y], default: 0] += 1
        rowsA[x, default: 0] += 1
        rowsB[y, default: 0] += 1
    }
    func pairs(_ n: Int) -> Double { Double(n * (n - 1)) / 2 }
    let index = table.values.reduce(0) { $0 + pairs($1) }
    let sa = rowsA.values.reduce(0) { $0 + pairs($1) }
    let sb = rowsB.values.reduce(0) { $0 + pairs($1) }
    let expected = sa * sb / pairs(a.count)
    let maximum = (sa + sb) / 2
    return maximum == expected ? 1 : (index - expected) / (maximum - expected)
}
