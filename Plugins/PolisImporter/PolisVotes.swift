import DraagvlakCore
import Foundation
import Readers

/// The votes of a Polis `votes.csv`, each voter's last vote per comment.
///
/// The file lists vote events sorted by comment and voter, not by time, so a voter's votes are
/// spread over the whole file. They are grouped in memory: a dictionary of (voter, comment) →
/// (timestamp, vote). Polis exports hold at most some tens of thousands of events (50,000 for
/// vtaiwan), a few MiB; the memory is bounded by the number of distinct votes, not the file.
struct PolisVotes {
    struct Pair: Hashable {
        var voter: Int
        var comment: Int
    }

    struct Vote {
        var timestamp: Int64
        var value: Int
    }

    /// The last vote per pair: latest timestamp, later in the file on equal timestamps.
    var last: [Pair: Vote] = [:]
    /// Every vote event per comment, changed votes included (as comments.csv counts them).
    var events: [Int: PolisTally] = [:]
    /// Per voter: the line of their first event and their latest timestamp.
    var voters: [Int: (line: Int, latest: Int64)] = [:]
    var eventCount = 0

    /// The final tally per comment.
    var finals: [Int: PolisTally] {
        var tallies: [Int: PolisTally] = [:]
        for (pair, vote) in last { tallies[pair.comment, default: PolisTally()].add(vote.value) }
        return tallies
    }

    /// Reads the file; rows that cannot be read are reported to `session` and left out.
    static func read(_ url: URL, displayName: String, session: ImportSession?) throws -> PolisVotes {
        var reader = try CSVReader(url: url, file: displayName, delimiter: UInt8(ascii: ","))
        defer { reader.close() }
        guard let header = try reader.next() else { throw InputError("\(displayName): the file is empty") }
        let columns = PolisColumns(header, file: displayName, kind: "votes.csv")
        let timestampColumn = try columns.required("timestamp")
        let commentColumn = try columns.required("comment-id")
        let voterColumn = try columns.required("voter-id")
        let voteColumn = try columns.required("vote")

        var votes = PolisVotes()
        var bytes: Int64 = 0
        while let record = try reader.next() {
            bytes += CSVSample.approximateSize(record.fields)
            if record.line & 0x3FFF == 0 { session?.progress(bytesRead: bytes) }
            let location = SourceLocation(file: displayName, line: record.line)
            guard record.fields.count == columns.names.count else {
                session?.report(
                    Problem(location, nil, "ragged row: \(record.fields.count) fields where the header has \(columns.names.count)"))
                continue
            }
            func number(_ column: Int) -> Int64? {
                let value = CSVSample.text(record.fields[column]).trimmingCharacters(in: .whitespaces)
                if let n = Int64(value) { return n }
                session?.report(Problem(location, .column(columns.names[column]), "'\(value)' is not a whole number"))
                return nil
            }
            guard let timestamp = number(timestampColumn), let comment = number(commentColumn),
                let voter = number(voterColumn), let value = number(voteColumn)
            else { continue }
            guard (-1...1).contains(value) else {
                session?.report(Problem(location, .column("vote"), "vote '\(value)' is not -1, 0 or 1"))
                continue
            }
            let pair = Pair(voter: Int(voter), comment: Int(comment))
            // Ties go to the later row; an earlier vote listed later in the file does not replace.
            if (votes.last[pair]?.timestamp ?? .min) <= timestamp {
                votes.last[pair] = Vote(timestamp: timestamp, value: Int(value))
            }
            votes.events[pair.comment, default: PolisTally()].add(Int(value))
            votes.eventCount += 1
            if let known = votes.voters[pair.voter] {
                votes.voters[pair.voter] = (known.line, max(known.latest, timestamp))
            } else {
                votes.voters[pair.voter] = (record.line, timestamp)
            }
        }
        session?.progress(bytesRead: bytes)
        return votes
    }
}
