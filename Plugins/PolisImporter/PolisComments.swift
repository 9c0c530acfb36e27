import DraagvlakCore
import Foundation
import Readers

/// One row of a Polis `comments.csv`: a statement participants voted on.
struct PolisComment: Sendable, Hashable {
    var id: Int
    /// Vote events counted by the exporter, changed votes included.
    var agrees: Int
    var disagrees: Int
    /// 1 accepted, 0 not yet moderated, −1 moderated out.
    var moderated: Int
    var isMeta: Bool
    var body: String

    /// Moderated-out and meta comments are kept apart from the statements of a vision.
    var keptApart: Bool { moderated == -1 || isMeta }

    /// Why a comment is kept apart, for the survey's `skipped` list and notes.
    var keptApartReason: String? {
        if isMeta { return "a meta comment (is-meta)" }
        if moderated == -1 { return "moderated out (moderated = -1)" }
        return nil
    }

    /// The survey id of the comment's statement.
    static func statementID(_ commentID: Int) -> String {
        SurveyExtraction.identifier("c\(commentID)")
    }

    /// Reads a `comments.csv`, matching its columns by name (the exporter versions differ:
    /// bg2050 has no `datetime` but adds `is-meta`, `is-seed` and `group-informed-consensus`).
    static func read(_ url: URL, displayName: String) throws -> [PolisComment] {
        var reader = try CSVReader(url: url, file: displayName, delimiter: UInt8(ascii: ","))
        defer { reader.close() }
        guard let header = try reader.next() else { throw InputError("\(displayName): the file is empty") }
        let columns = PolisColumns(header, file: displayName, kind: "comments.csv")
        let idColumn = try columns.required("comment-id")
        let bodyColumn = try columns.required("comment-body")
        let agreesColumn = try columns.required("agrees")
        let disagreesColumn = try columns.required("disagrees")
        let moderatedColumn = try columns.required("moderated")
        let metaColumn = columns.optional("is-meta")

        var comments: [PolisComment] = []
        var seen = Set<Int>()
        while let record = try reader.next() {
            guard record.fields.count == columns.names.count else {
                throw InputError("\(displayName):\(record.line): \(record.fields.count) fields where the header has \(columns.names.count)")
            }
            func number(_ column: Int) throws -> Int {
                let value = CSVSample.text(record.fields[column]).trimmingCharacters(in: .whitespaces)
                guard let n = Int(value) else {
                    throw InputError("\(displayName):\(record.line): column '\(columns.names[column])': '\(value)' is not a whole number")
                }
                return n
            }
            let id = try number(idColumn)
            guard seen.insert(id).inserted else {
                throw InputError("\(displayName):\(record.line): column 'comment-id': comment \(id) appears twice")
            }
            let meta = metaColumn.map { ["true", "t", "1"].contains(CSVSample.text(record.fields[$0]).lowercased()) } ?? false
            comments.append(
                PolisComment(
                    id: id, agrees: try number(agreesColumn), disagrees: try number(disagreesColumn),
                    moderated: try number(moderatedColumn), isMeta: meta,
                    body: CSVSample.text(record.fields[bodyColumn]).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return comments
    }
}
