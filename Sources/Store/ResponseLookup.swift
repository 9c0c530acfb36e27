package import DraagvlakCore
import Foundation
import GRDB
package import Storage

/// One respondent's response by pseudonym (`ResponseLookup`), for "where you stand".
extension ResponseStore: ResponseLookup {
    /// The response stored under `pseudonym`: `respondent_key` names its import, and only that
    /// import's chunks are read, their pseudonyms first and the columns of the one chunk that
    /// holds it after.
    package func response(pseudonym: String, survey: Survey) throws -> Response? {
        try writer.read { db -> Response? in
            guard
                let batch = try Int64.fetchOne(
                    db, sql: "SELECT batch FROM respondent_key WHERE pseudonym = ?", arguments: [Data(ResponseChunk.key(pseudonym))])
            else { return nil }
            // The chunk and the respondent's place in it.
            var place: (chunk: Int64, index: Int)?
            let chunks = try Row.fetchCursor(
                db, sql: "SELECT id, count, pseudonyms FROM response_chunk WHERE batch = ? ORDER BY id", arguments: [batch])
            while place == nil, let row = try chunks.next() {
                let (id, count, pseudonyms): (Int64, Int, Data) = (row[0], row[1], row[2])
                if let index = try TextColumn.decode(pseudonyms, count: count).firstIndex(of: pseudonym) { place = (id, index) }
            }
            guard let found = place,
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT c.count, c.statementBytes, c.categoryBytes, b.file, c.lines, c.submittedAt,
                               c.statements, c.categories, c.other
                        FROM response_chunk c JOIN batch b ON b.id = c.batch WHERE c.id = ?
                        """, arguments: [found.chunk])
            else { return nil }
            let (n, sw, cw, file): (Int, Int, Int, String) = (row[0], row[1], row[2], row[3])
            let lines: Data = row[4]
            let submitted = try TextColumn.decode(row[5], count: n)
            let statements: Data = row[6]
            let categories: Data = row[7]
            let others = try TextColumn.decode(row[8], count: n)
            try ResponseChunk.check(
                count: n, statementBytes: sw, categoryBytes: cw, statements: statements.count, categories: categories.count,
                lines: lines.count)
            let layout = try Layout.read(db, survey: survey)
            let r = found.index
            return lines.withUnsafeBytes { (l: UnsafeRawBufferPointer) -> Response in
                statements.withUnsafeBytes { (s: UnsafeRawBufferPointer) -> Response in
                    categories.withUnsafeBytes { (c: UnsafeRawBufferPointer) -> Response in
                        layout.response(
                            respondent: pseudonym, file: file, line: ResponseChunk.line(l, r), submittedAt: submitted[r],
                            statements: UnsafeRawBufferPointer(rebasing: s[r * sw..<(r + 1) * sw]),
                            categories: UnsafeRawBufferPointer(rebasing: c[r * cw..<(r + 1) * cw]), other: others[r], survey: survey)
                    }
                }
            }
        }
    }
}
