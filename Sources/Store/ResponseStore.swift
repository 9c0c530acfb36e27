package import DraagvlakCore
import Foundation
import GRDB
package import Storage

/// The embedded store of a consultation: SQLite through GRDB, in WAL mode so a vision can be
/// built while an import runs, and sees a consistent snapshot.
///
/// Layout (see `Migrations.swift`): respondents in chunks of up to 1,024 (`ResponseChunk`), each
/// respondent's statement answers packed one byte per statement and demographic categories one
/// byte per question, other answers (rankings, points, open text) a small JSON object; the
/// pseudonyms are also in `respondent_key`, the unique index that keeps imports idempotent.
package final class ResponseStore: ResponseStorage, OnlineStorage, OfficerStorage {
    let writer: any DatabaseWriter
    package let path: String
    package var location: String { path }

    /// Opens (creating when needed) the store at `path` and brings its schema up to date.
    package init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a crash of the process (or a kill) never loses or
            // corrupts a committed import; only a power cut may lose the last one. A 64 MiB page
            // cache keeps the pseudonym index of a million respondents in memory while importing.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536")
        }
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(writer)
        } catch {
            throw StoreError("cannot open the store \(path): \(error)")
        }
        self.path = path
    }

    /// A store in memory, for tests and one-off runs.
    package init() throws {
        writer = try DatabaseQueue()
        try Migrations.migrator.migrate(writer)
        path = ":memory:"
    }

    /// Imports one file in one transaction: all of it or nothing.
    ///
    /// - Parameters:
    ///   - digest: the SHA-256 of the file's bytes; a file already imported adds nothing.
    ///   - body: streams the file's responses into the `BatchWriter`. When it throws, nothing
    ///     of the file is stored.
    package func importBatch(
        file: String, digest: String, format: String, wave: String, survey: Survey,
        _ body: (any BatchSink) throws -> Void
    ) throws -> BatchOutcome {
        try writer.write { db -> BatchOutcome in
            if let row = try Row.fetchOne(db, sql: "SELECT file, importedAt, added FROM batch WHERE digest = ?", arguments: [digest]) {
                return .alreadyImported(file: row["file"], importedAt: row["importedAt"], added: row["added"])
            }
            try Self.checkSurvey(db, survey)
            let layout = try Layout.synchronise(db, survey: survey)
            try db.execute(
                sql: "INSERT INTO batch (file, digest, format, importedAt, added, repeated, wave) VALUES (?, ?, ?, ?, 0, 0, ?)",
                arguments: [file, digest, format, Self.timestamp(), wave])
            let batch = db.lastInsertedRowID
            let batchWriter = try BatchWriter(db: db, batch: batch, layout: layout)
            try body(batchWriter)
            try batchWriter.finish()
            if batchWriter.added == 0 {
                // Nothing new: keep no trace of the batch, as if the file had not been offered.
                try db.execute(sql: "DELETE FROM batch WHERE id = ?", arguments: [batch])
            } else {
                try db.execute(
                    sql: "UPDATE batch SET added = ?, repeated = ? WHERE id = ?",
                    arguments: [batchWriter.added, batchWriter.repeated, batch])
            }
            return .imported(added: batchWriter.added, repeated: batchWriter.repeated)
        }
    }

    /// The statement answers, categories and other answers of every respondent of `wave` (of
    /// all when nil), in columns, for the vision. `withAnswers: false` skips the other answers
    /// (rankings, points, open text).
    package func responseTable(survey: Survey, withAnswers: Bool, wave: String?) throws -> ResponseTable {
        try writer.read { db in
            let layout = try Layout.read(db, survey: survey)
            let inWave = wave == nil ? "" : "WHERE batch IN (SELECT id FROM batch WHERE wave = ?)"
            let arguments: StatementArguments = wave.map { [$0] } ?? []
            let count =
                try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM response_chunk \(inWave)", arguments: arguments) ?? 0
            let questionIDs = withAnswers ? survey.questions.map(\.id) : []
            var table = ResponseTable(
                statementCount: survey.statements.count, demographicCount: survey.demographics.count,
                questionIDs: questionIDs, capacity: count)
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT count, statementBytes, categoryBytes, statements, categories, other FROM response_chunk \(inWave) ORDER BY id",
                arguments: arguments)
            while let row = try cursor.next() {
                let (n, sw, cw): (Int, Int, Int) = (row[0], row[1], row[2])
                let others = questionIDs.isEmpty ? [] : try TextColumn.decode(row[5], count: n)
                try row.withUnsafeData(atIndex: 3) { statements in
                    try row.withUnsafeData(atIndex: 4) { categories in
                        try (statements ?? Data()).withUnsafeBytes { s in
                            try (categories ?? Data()).withUnsafeBytes { c in
                                try ResponseChunk.check(
                                    count: n, statementBytes: sw, categoryBytes: cw, statements: s.count, categories: c.count, lines: nil)
                                for r in 0..<n {
                                    let mine = UnsafeRawBufferPointer(rebasing: s[r * sw..<(r + 1) * sw])
                                    let theirs = UnsafeRawBufferPointer(rebasing: c[r * cw..<(r + 1) * cw])
                                    var other: [String: AnswerValue] = [:]
                                    if !questionIDs.isEmpty, let json = others[r] { other = OtherAnswers.decode(json, survey: survey) }
                                    table.append(
                                        statementValue: { layout.statementValue(mine, $0) },
                                        category: { layout.categoryIndex(theirs, $0) },
                                        answer: { other[questionIDs[$0]] })
                                }
                            }
                        }
                    }
                }
            }
            return table
        }
    }

    /// Every stored response, in import order, with its other answers decoded.
    package func forEachResponse(survey: Survey, _ body: (Response) throws -> Void) throws {
        try writer.read { db in try Self.forEachResponse(db, survey: survey, wave: nil, body) }
    }

    /// One read transaction for all of `body`'s reads: SQLite's WAL keeps its snapshot.
    package func withSnapshot<T>(_ body: (any ResponseSnapshot) throws -> T) throws -> T {
        try writer.read { db in try body(Snapshot(db: db)) }
    }

    private struct Snapshot: ResponseSnapshot {
        let db: Database

        func forEachResponse(survey: Survey, wave: String?, _ body: (Response) throws -> Void) throws {
            try ResponseStore.forEachResponse(db, survey: survey, wave: wave, body)
        }
    }

    private static func forEachResponse(_ db: Database, survey: Survey, wave: String?, _ body: (Response) throws -> Void) throws {
        let layout = try Layout.read(db, survey: survey)
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT c.count, c.statementBytes, c.categoryBytes, b.file, c.pseudonyms, c.lines, c.submittedAt,
                       c.statements, c.categories, c.other
                FROM response_chunk c JOIN batch b ON b.id = c.batch WHERE ? IS NULL OR b.wave = ? ORDER BY c.id
                """, arguments: [wave, wave])
        while let row = try cursor.next() {
            let (n, sw, cw, file): (Int, Int, Int, String) = (row[0], row[1], row[2], row[3])
            let pseudonyms = try TextColumn.decode(row[4], count: n)
            let submitted = try TextColumn.decode(row[6], count: n)
            let others = try TextColumn.decode(row[9], count: n)
            let lines: Data = row[5]
            let statements: Data = row[7]
            let categories: Data = row[8]
            try ResponseChunk.check(
                count: n, statementBytes: sw, categoryBytes: cw, statements: statements.count, categories: categories.count,
                lines: lines.count)
            try lines.withUnsafeBytes { l in
                try statements.withUnsafeBytes { s in
                    try categories.withUnsafeBytes { c in
                        for r in 0..<n {
                            guard let pseudonym = pseudonyms[r] else {
                                throw StoreError("a stored chunk of responses is damaged (a pseudonym is missing)")
                            }
                            try body(
                                layout.response(
                                    respondent: pseudonym, file: file, line: ResponseChunk.line(l, r), submittedAt: submitted[r],
                                    statements: UnsafeRawBufferPointer(rebasing: s[r * sw..<(r + 1) * sw]),
                                    categories: UnsafeRawBufferPointer(rebasing: c[r * cw..<(r + 1) * cw]), other: others[r], survey: survey
                                ))
                        }
                    }
                }
            }
        }
    }

    /// What the store holds: respondents and the batches they came in.
    package func status() throws -> StoreStatus {
        try writer.read { db in
            let respondents = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM response_chunk") ?? 0
            let batches = try Row.fetchAll(
                db, sql: "SELECT id, file, format, digest, importedAt, added, repeated, wave FROM batch ORDER BY id"
            )
            .map {
                StoreStatus.Batch(
                    id: $0["id"], file: $0["file"], format: $0["format"], digest: $0["digest"],
                    importedAt: $0["importedAt"], added: $0["added"], repeated: $0["repeated"], wave: $0["wave"])
            }
            let surveyID = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'survey'")
            return StoreStatus(surveyID: surveyID, respondents: respondents, batches: batches)
        }
    }

    /// SQLite's own check of the database file, and that the chunks hold as many respondents
    /// as the key table has keys: "ok", or what is wrong.
    package func integrityCheck() throws -> String {
        try writer.read { db in
            let sqlite = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            guard sqlite == "ok" else { return sqlite }
            let inChunks = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM response_chunk") ?? 0
            let keys = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM respondent_key") ?? 0
            return inChunks == keys ? "ok" : "\(inChunks) respondents in chunks but \(keys) keys"
        }
    }

    static func checkSurvey(_ db: Database, _ survey: Survey) throws {
        if let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'survey'") {
            guard stored == survey.id else {
                throw StoreError("this store holds responses to survey '\(stored)', not '\(survey.id)'")
            }
        } else {
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('survey', ?)", arguments: [survey.id])
        }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
