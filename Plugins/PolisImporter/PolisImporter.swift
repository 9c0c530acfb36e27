package import DraagvlakCore
import Foundation
import Readers

/// Imports a Polis conversation export: `participants-votes.csv` (the final vote matrix, one row
/// per participant) or `votes.csv` (every vote event; each voter's last vote counts), with the
/// `comments.csv` beside it providing the statements and a check of the votes' sign.
///
/// Statements are named `c{comment-id}` and answered on the vote scale (−1, 0, 1, agree = +1).
/// Moderated-out and meta comments are kept apart from the vision: unless the survey asks them,
/// their votes are not imported. The respondent id is the Polis participant (voter) id.
package struct PolisImporter: ImporterPlugin {
    package init() {}

    package var format: String { "polis" }
    package var name: String { "Polis" }
    package var summary: String { "Polis export: participants-votes.csv or votes.csv, with comments.csv beside it" }

    /// The columns of `participants-votes.csv` before the comment columns.
    static let matrixMetadata: Set<String> = ["participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]

    enum Layout {
        case matrix
        case votes
        case comments
    }

    static func layout(of header: [String]) -> Layout? {
        let names = Set(header.map { $0.trimmingCharacters(in: .whitespaces) })
        if header.first == "participant", names.isSuperset(of: ["group-id", "n-votes", "n-agree", "n-disagree"]) { return .matrix }
        if names.isSuperset(of: ["timestamp", "comment-id", "voter-id", "vote"]) { return .votes }
        if names.isSuperset(of: ["comment-id", "comment-body", "moderated", "agrees", "disagrees"]) { return .comments }
        return nil
    }

    package func identify(_ sample: FileSample) -> FormatMatch {
        guard let header = CSVSample.records(sample.head, limit: 1).first else { return .declined("the file is empty") }
        switch Self.layout(of: header) {
        case .matrix:
            return FormatMatch(
                confidence: 0.95, reason: "a Polis participants-votes.csv (participant, group-id, n-votes, … then one column per comment)")
        case .votes:
            return FormatMatch(confidence: 0.9, reason: "a Polis votes.csv (timestamp, comment-id, voter-id, vote)")
        case .comments:
            return .declined(
                "a Polis comments.csv holds the statements, not votes: make the survey with 'draagvlak survey from', then import participants-votes.csv or votes.csv"
            )
        case nil:
            return .declined(
                "no Polis header (participants-votes.csv starts 'participant,…,group-id,n-comments,n-votes'; votes.csv has timestamp, comment-id, voter-id, vote)"
            )
        }
    }

    package func read(_ file: ImportFile, into session: ImportSession) throws {
        var reader = try CSVReader(url: file.url, file: file.displayName, delimiter: UInt8(ascii: ","))
        guard let header = try reader.next() else {
            reader.close()
            throw InputError("\(file.displayName): the file is empty")
        }
        reader.close()
        let names = header.fields.map { CSVSample.text($0).trimmingCharacters(in: .whitespaces) }
        let comments = try commentsBeside(file, session: session)
        switch Self.layout(of: names) {
        case .matrix:
            try readMatrix(file, names: names, headerLine: header.line, comments: comments, into: session)
        case .votes:
            try readVotes(file, comments: comments, into: session)
        case .comments:
            throw InputError(
                "\(file.displayName): a Polis comments.csv holds the statements, not votes; make the survey with 'draagvlak survey from \(file.displayName)' and import participants-votes.csv or votes.csv"
            )
        case nil:
            throw InputError("\(file.displayName):\(header.line): not a Polis participants-votes.csv or votes.csv header")
        }
    }

    /// The comments of `comments.csv` in the export's folder, by id; nil (with a note) when absent.
    private func commentsBeside(_ file: ImportFile, session: ImportSession) throws -> [Int: PolisComment]? {
        let url = file.url.deletingLastPathComponent().appendingPathComponent("comments.csv")
        guard FileManager.default.fileExists(atPath: url.path) else {
            session.note(
                "no comments.csv beside \(file.displayName): the sign of the votes (agree = +1) was not checked, and moderated-out or meta comments cannot be told apart"
            )
            return nil
        }
        let list = try PolisComment.read(url, displayName: "comments.csv")
        return Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) })
    }

    /// Whether a comment's votes are left out: kept apart, and not asked by the survey.
    private func leftOut(_ id: Int, comments: [Int: PolisComment]?, survey: Survey) -> Bool {
        guard let comment = comments?[id], comment.keptApart else { return false }
        return survey.reference(to: PolisComment.statementID(id)) == nil
    }

    private func noteLeftOut(_ votes: Int, comments: Int, session: ImportSession) {
        guard comments > 0 else { return }
        session.note("\(votes) votes on \(comments) moderated-out or meta comments not imported (kept apart from the vision's statements)")
    }

    private static func negated(_ field: String) -> String {
        switch field.trimmingCharacters(in: .whitespaces) {
        case "1": "-1"
        case "-1": "1"
        default: field
        }
    }

    // MARK: participants-votes.csv

    private func readMatrix(
        _ file: ImportFile, names: [String], headerLine: Int, comments: [Int: PolisComment]?, into session: ImportSession
    ) throws {
        guard let participantColumn = names.firstIndex(of: "participant") else {
            throw InputError("\(file.displayName):\(headerLine): no column 'participant'")
        }
        var commentIDs: [Int?] = names.map { Self.matrixMetadata.contains($0) ? nil : Int($0) }
        for (i, name) in names.enumerated() where commentIDs[i] == nil && !Self.matrixMetadata.contains(name) && !name.isEmpty {
            session.report(
                Problem(
                    SourceLocation(file: file.displayName, line: headerLine), .column(name), "is neither a Polis column nor a comment id"))
        }
        if let comments {
            for case let id? in commentIDs where comments[id] == nil {
                session.report(
                    Problem(
                        SourceLocation(file: file.displayName, line: headerLine), .column(String(id)),
                        "comment \(id) is not in comments.csv; the files do not come from the same export"))
            }
        }
        if session.hasProblems { return }

        var flip = false
        if let comments {
            var finals: [Int: PolisTally] = [:]
            try forEachRow(file, columns: names.count, session: session, report: false) { fields, _ in
                for (i, id) in commentIDs.enumerated() {
                    guard let id else { continue }
                    finals[id, default: PolisTally()].add(Int(CSVSample.text(fields[i]).trimmingCharacters(in: .whitespaces)) ?? 0)
                }
            }
            let decision = try PolisSign.decide(finals: finals, events: nil, comments: comments, file: file.displayName)
            flip = decision.flip
            session.note(decision.note)
        }
        var leftOutColumns: [Int] = []
        for (i, id) in commentIDs.enumerated() {
            if let id, leftOut(id, comments: comments, survey: session.survey) {
                commentIDs[i] = nil
                leftOutColumns.append(i)
            }
        }
        var leftOutVotes = 0
        let kept = commentIDs.enumerated().compactMap { i, id in id.map { (column: i, id: $0) } }
        let headers = ["respondent"] + kept.map { PolisComment.statementID($0.id) }
        guard session.begin(headers: headers, line: headerLine) else { return }

        var out: [String] = []
        try forEachRow(file, columns: names.count, session: session) { fields, line in
            out.removeAll(keepingCapacity: true)
            out.append(CSVSample.text(fields[participantColumn]))
            for (column, _) in kept {
                let field = CSVSample.text(fields[column])
                out.append(flip ? Self.negated(field) : field)
            }
            for i in leftOutColumns where !fields[i].isEmpty { leftOutVotes += 1 }
            try session.record(out, line: line)
        }
        noteLeftOut(leftOutVotes, comments: leftOutColumns.count, session: session)
    }

    /// Calls `body` with every data row of the file that has as many fields as the header;
    /// ragged rows are reported.
    /// Every data row; a ragged row is reported (when `report`) and skipped.
    private func forEachRow(
        _ file: ImportFile, columns: Int, session: ImportSession, report: Bool = true, _ body: ([[UInt8]], Int) throws -> Void
    ) throws {
        var reader = try CSVReader(url: file.url, file: file.displayName, delimiter: UInt8(ascii: ","))
        defer { reader.close() }
        _ = try reader.next()
        var bytes: Int64 = 0
        var rows = 0
        while let record = try reader.next() {
            bytes += CSVSample.approximateSize(record.fields)
            rows += 1
            if rows & 0x3FF == 0 { session.progress(bytesRead: bytes) }
            guard record.fields.count == columns else {
                if report {
                    session.report(
                        Problem(
                            SourceLocation(file: file.displayName, line: record.line), nil,
                            "ragged row: \(record.fields.count) fields where the header has \(columns)"))
                }
                continue
            }
            try body(record.fields, record.line)
        }
        session.progress(bytesRead: bytes)
    }

    // MARK: votes.csv

    private func readVotes(_ file: ImportFile, comments: [Int: PolisComment]?, into session: ImportSession) throws {
        let votes = try PolisVotes.read(file.url, displayName: file.displayName, session: session)
        if session.hasProblems { return }
        var flip = false
        if let comments {
            let decision = try PolisSign.decide(finals: votes.finals, events: votes.events, comments: comments, file: file.displayName)
            flip = decision.flip
            session.note(decision.note)
            let unknown = votes.events.keys.filter { comments[$0] == nil }.sorted()
            if !unknown.isEmpty {
                session.report(
                    Problem(
                        SourceLocation(file: file.displayName), .column("comment-id"),
                        "comments \(unknown.prefix(10).map(String.init).joined(separator: ", ")) are not in comments.csv; the files do not come from the same export"
                    ))
                return
            }
        }
        let changed = votes.eventCount - votes.last.count
        if changed > 0 {
            session.note("\(votes.eventCount) vote events, \(votes.last.count) after keeping each voter's last vote per comment")
        }
        let allComments = Set(votes.events.keys).sorted()
        let keptComments = allComments.filter { !leftOut($0, comments: comments, survey: session.survey) }
        let column = Dictionary(uniqueKeysWithValues: keptComments.enumerated().map { ($1, $0) })
        guard session.begin(headers: ["respondent", "submitted_at"] + keptComments.map(PolisComment.statementID), line: 1) else { return }

        var byVoter: [Int: [(comment: Int, value: Int)]] = [:]
        var leftOutVotes = 0
        for (pair, vote) in votes.last {
            if column[pair.comment] == nil {
                leftOutVotes += 1
                continue
            }
            byVoter[pair.voter, default: []].append((pair.comment, vote.value))
        }
        let iso = ISO8601DateFormatter()
        var fields = [String](repeating: "", count: keptComments.count + 2)
        for voter in votes.voters.keys.sorted() {
            let info = votes.voters[voter]!
            for i in fields.indices { fields[i] = "" }
            fields[0] = String(voter)
            fields[1] = iso.string(from: Date(timeIntervalSince1970: Double(info.latest) / 1000))
            for (comment, value) in byVoter[voter] ?? [] {
                fields[column[comment]! + 2] = String(flip ? -value : value)
            }
            try session.record(fields, line: info.line)
        }
        noteLeftOut(leftOutVotes, comments: allComments.count - keptComments.count, session: session)
    }
}
