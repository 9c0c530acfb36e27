package import DraagvlakCore
import Foundation
import NIOCore
import PostgresNIO
package import Storage

extension PostgresStore {
    /// The same numbered migrations as the SQLite store (Sources/Store/Migrations.swift), in
    /// PostgreSQL's dialect, except v4: the column chunks are the SQLite store's own layout (here
    /// `COPY` fills the row table fast enough, and PostgreSQL's reads need no chunks).
    static let migrations: [(name: String, sql: [String])] = [
        (
            "v1: respondents with packed answers",
            [
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                """
                CREATE TABLE batch (id BIGSERIAL PRIMARY KEY, file TEXT NOT NULL, digest TEXT NOT NULL UNIQUE, format TEXT NOT NULL,
                                    importedAt TEXT NOT NULL, added BIGINT NOT NULL, repeated BIGINT NOT NULL)
                """,
                """
                CREATE TABLE question (id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('statement', 'demographic')),
                                       slot INTEGER NOT NULL, codes TEXT, UNIQUE (kind, slot))
                """,
                """
                CREATE TABLE respondent (id BIGSERIAL PRIMARY KEY, pseudonym TEXT NOT NULL UNIQUE, batch BIGINT NOT NULL REFERENCES batch(id),
                                         line BIGINT NOT NULL, submittedAt TEXT, statements BYTEA NOT NULL, categories BYTEA NOT NULL, other TEXT)
                """,
                "CREATE INDEX respondent_batch ON respondent(batch)",
            ]
        ),
        (
            "v2: online answers, invitations, officers",
            [
                "CREATE TABLE invitation (code TEXT PRIMARY KEY, createdAt TEXT NOT NULL, draft TEXT, submittedAt TEXT)",
                "CREATE TABLE online_signal (respondent BIGINT PRIMARY KEY REFERENCES respondent(id), signal TEXT NOT NULL)",
                "CREATE INDEX online_signal_signal ON online_signal(signal)",
                "CREATE TABLE officer (name TEXT PRIMARY KEY, passwordHash TEXT NOT NULL, createdAt TEXT NOT NULL)",
                """
                CREATE TABLE officer_session (id TEXT PRIMARY KEY, officer TEXT NOT NULL REFERENCES officer(name) ON DELETE CASCADE,
                                              csrf TEXT NOT NULL, expiresAt TEXT NOT NULL)
                """,
            ]
        ),
        (
            "v3: limit events",
            [
                "CREATE TABLE limit_event (key TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)",
                "CREATE INDEX limit_event_key_at ON limit_event(key, at)",
            ]
        ),
        (
            "v5: limit events by time",
            ["CREATE INDEX limit_event_at ON limit_event(at)"]
        ),
        (
            "v6: waves",
            ["ALTER TABLE batch ADD COLUMN wave TEXT NOT NULL DEFAULT ''"]
        ),
    ]

    func migrate() throws {
        let schema = schema
        let logger = logger
        let lock = lockName
        // Up to date (the usual case): no lock, so starting never waits behind an import.
        let applied = try? wait { [client] in
            var n = 0
            for try await count in try await client.query("SELECT count(*) FROM \(unescaped: schema).schema_migrations", logger: logger)
                .decode(Int.self)
            { n = count }
            return n
        }
        if applied == Self.migrations.count { return }
        try wait(timeout: nil) { [client] in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lock)))", logger: logger)
                try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
                try await connection.query("SET LOCAL search_path TO \(unescaped: schema)", logger: logger)
                try await connection.query("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)", logger: logger)
                var applied = Set<String>()
                for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                for migration in Self.migrations where !applied.contains(migration.name) {
                    for statement in migration.sql {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
                }
            }
        }
    }

    // MARK: Layout

    /// The layout for `survey`, adding questions new to the store (under the write lock).
    static func layout(_ connection: PostgresConnection, schema: String, survey: Survey, logger: Logger, change: Bool) async throws
        -> Layout
    {
        let lock = "draagvlak:\(schema)"
        var (statements, demographics) = try await storedQuestions(connection, schema: schema, logger: logger)
        var (layout, changes) = try Layout.plan(survey: survey, statementSlots: statements, demographics: demographics)
        guard change, !changes.isEmpty else {
            return change ? layout : Layout.make(survey: survey, statementSlots: statements, demographics: demographics)
        }
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lock)))", logger: logger)
        (statements, demographics) = try await storedQuestions(connection, schema: schema, logger: logger)
        (layout, changes) = try Layout.plan(survey: survey, statementSlots: statements, demographics: demographics)
        for change in changes {
            switch change {
            case .insert(let id, let kind, let slot, let codes):
                try await connection.query(
                    "INSERT INTO \(unescaped: schema).question (id, kind, slot, codes) VALUES (\(id), \(kind), \(slot), \(codes))",
                    logger: logger)
            case .updateCodes(let id, let codes):
                try await connection.query("UPDATE \(unescaped: schema).question SET codes = \(codes) WHERE id = \(id)", logger: logger)
            }
        }
        return layout
    }

    /// Records the store's survey, or checks it is the same. Writes only when none is recorded
    /// yet; the caller then holds the schema's lock (see `needsLock`).
    static func checkSurvey(_ connection: PostgresConnection, schema: String, survey: Survey, logger: Logger) async throws {
        if try await storedSurvey(connection, schema: schema, logger: logger) == nil {
            try await connection.query(
                "INSERT INTO \(unescaped: schema).meta (key, value) VALUES ('survey', \(survey.id)) ON CONFLICT (key) DO NOTHING",
                logger: logger)
        }
        if let stored = try await storedSurvey(connection, schema: schema, logger: logger), stored != survey.id {
            throw StoreError("this store holds responses to survey '\(stored)', not '\(survey.id)'")
        }
    }

    /// The question rows: statement slots, and demographic slots with their stored codes.
    static func storedQuestions(_ connection: PostgresConnection, schema: String, logger: Logger) async throws
        -> ([String: Int], [String: (slot: Int, codes: [String])])
    {
        var statements: [String: Int] = [:]
        var demographics: [String: (slot: Int, codes: [String])] = [:]
        let rows = try await connection.query("SELECT id, kind, slot, codes FROM \(unescaped: schema).question", logger: logger)
        for try await (id, kind, slot, codes) in rows.decode((String, String, Int, String?).self) {
            if kind == "statement" { statements[id] = slot } else { demographics[id] = (slot, Layout.codes(codes)) }
        }
        return (statements, demographics)
    }

    static func storedSurvey(_ connection: PostgresConnection, schema: String, logger: Logger) async throws -> String? {
        for try await value in try await connection.query(
            "SELECT value FROM \(unescaped: schema).meta WHERE key = 'survey'", logger: logger
        ).decode(String.self) {
            return value
        }
        return nil
    }

    /// Whether writing for `survey` changes shared rows (the survey record, the question
    /// layout), which must happen under the schema's lock, taken before any of them is written
    /// so that imports and answers always lock in the same order.
    static func needsLock(_ connection: PostgresConnection, schema: String, survey: Survey, logger: Logger) async throws -> Bool {
        guard try await storedSurvey(connection, schema: schema, logger: logger) != nil else { return true }
        let (statements, demographics) = try await storedQuestions(connection, schema: schema, logger: logger)
        return try !Layout.plan(survey: survey, statementSlots: statements, demographics: demographics).changes.isEmpty
    }

    // MARK: Imports

    package func importBatch(
        file: String, digest: String, format: String, wave: String, survey: Survey, _ body: (any BatchSink) throws -> Void
    ) throws -> BatchOutcome {
        let schema = schema
        let logger = logger
        return try withConnection { held in
            let connection = held.connection
            try held.run("BEGIN")
            var sink: PostgresBatchSink?
            do {
                // One import of the same file at a time, so the digest check holds; other imports
                // and online answers go on (rows are unique by pseudonym either way).
                try held.run("SELECT pg_advisory_xact_lock(hashtext(\(lockName + ":" + digest)))")
                let earlier = try held.run("SELECT file, importedAt, added FROM \(unescaped: schema).batch WHERE digest = \(digest)")
                if let row = earlier.first {
                    let (earlierFile, importedAt, added) = try row.decode((String, String, Int).self)
                    try held.run("ROLLBACK")
                    return .alreadyImported(file: earlierFile, importedAt: importedAt, added: added)
                }
                let lock = lockName
                // On the held connection: no time limit (it may wait for the schema's lock behind a
                // long import, and work given up on must not go on on a connection in use).
                let layout = try wait(timeout: nil) {
                    if try await Self.needsLock(connection, schema: schema, survey: survey, logger: logger) {
                        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lock)))", logger: logger)
                    }
                    try await Self.checkSurvey(connection, schema: schema, survey: survey, logger: logger)
                    return try await Self.layout(connection, schema: schema, survey: survey, logger: logger, change: true)
                }
                let inserted = try held.run(
                    """
                    INSERT INTO \(unescaped: schema).batch (file, digest, format, importedAt, added, repeated, wave)
                    VALUES (\(file), \(digest), \(format), \(Self.timestamp()), 0, 0, \(wave)) RETURNING id
                    """)
                let batch = try inserted[0].decode(Int.self)
                let batchSink = try PostgresBatchSink(held: held, schema: schema, batch: batch, packer: ResponsePacker(layout: layout))
                sink = batchSink
                try body(batchSink)
                try batchSink.finish()
                let (added, repeated) = (batchSink.added, batchSink.repeated)
                if added == 0 {
                    // Nothing new: no trace of the batch, as in the SQLite store (the survey and
                    // its questions stay recorded).
                    try held.run("DELETE FROM \(unescaped: schema).batch WHERE id = \(batch)")
                } else {
                    try held.run(
                        "UPDATE \(unescaped: schema).batch SET added = \(added), repeated = \(repeated) WHERE id = \(batch)")
                }
                try held.run("COMMIT")
                return .imported(added: added, repeated: repeated)
            } catch {
                sink?.abandon()
                _ = try? held.run("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: Reading

    package func responseTable(survey: Survey, withAnswers: Bool, wave: String?) throws -> ResponseTable {
        let schema = schema
        let logger = logger
        return try wait(timeout: nil) { [client] in
            try await client.withConnection { connection in
                try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                let layout = try await Self.layout(connection, schema: schema, survey: survey, logger: logger, change: false)
                var count = 0
                let inWave: PostgresQuery = """
                    SELECT count(*) FROM \(unescaped: schema).respondent r JOIN \(unescaped: schema).batch b ON b.id = r.batch
                    WHERE \(wave)::text IS NULL OR b.wave = \(wave)
                    """
                for try await n in try await connection.query(inWave, logger: logger).decode(Int.self) { count = n }
                let questionIDs = withAnswers ? survey.questions.map(\.id) : []
                var table = ResponseTable(
                    statementCount: survey.statements.count, demographicCount: survey.demographics.count,
                    questionIDs: questionIDs, capacity: count)
                let rows = try await connection.query(
                    """
                    SELECT r.statements, r.categories, r.other
                    FROM \(unescaped: schema).respondent r JOIN \(unescaped: schema).batch b ON b.id = r.batch
                    WHERE \(wave)::text IS NULL OR b.wave = \(wave) ORDER BY r.id
                    """, logger: logger)
                for try await (statements, categories, other) in rows.decode((ByteBuffer, ByteBuffer, String?).self) {
                    let answers = withAnswers ? other.map { OtherAnswers.decode($0, survey: survey) } ?? [:] : [:]
                    statements.withUnsafeReadableBytes { s in
                        categories.withUnsafeReadableBytes { c in
                            table.append(
                                statementValue: { layout.statementValue(s, $0) },
                                category: { layout.categoryIndex(c, $0) },
                                answer: { answers[questionIDs[$0]] })
                        }
                    }
                }
                try await connection.query("COMMIT", logger: logger)
                return table
            }
        }
    }

    package func forEachResponse(survey: Survey, _ body: (Response) throws -> Void) throws {
        try withSnapshot { try $0.forEachResponse(survey: survey, body) }
    }

    /// One `REPEATABLE READ` transaction on one held connection for all of `body`'s reads.
    package func withSnapshot<T>(_ body: (any ResponseSnapshot) throws -> T) throws -> T {
        try withConnection { held in
            try held.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? held.run("COMMIT") }
            return try body(Snapshot(held: held, schema: schema))
        }
    }

    private struct Snapshot: ResponseSnapshot {
        let held: HeldConnection
        let schema: String

        func forEachResponse(survey: Survey, wave: String?, _ body: (Response) throws -> Void) throws {
            let (connection, schema, logger) = (held.connection, schema, held.store.logger)
            let layout = try held.store.wait(timeout: nil) {
                try await PostgresStore.layout(connection, schema: schema, survey: survey, logger: logger, change: false)
            }
            var after = 0
            while true {
                // In pages, so a large store is never held in memory at once; the snapshot keeps
                // rows committed meanwhile (with lower ids too) out of every page.
                let rows = try held.run(
                    """
                    SELECT r.id, r.pseudonym, b.file, r.line, r.submittedAt, r.statements, r.categories, r.other
                    FROM \(unescaped: schema).respondent r JOIN \(unescaped: schema).batch b ON b.id = r.batch
                    WHERE r.id > \(after) AND (\(wave)::text IS NULL OR b.wave = \(wave)) ORDER BY r.id LIMIT 5000
                    """)
                for row in rows {
                    let (id, pseudonym, file, line, submittedAt, statements, categories, other) =
                        try row.decode((Int, String, String, Int, String?, ByteBuffer, ByteBuffer, String?).self)
                    let response = statements.withUnsafeReadableBytes { s in
                        categories.withUnsafeReadableBytes { c in
                            layout.response(
                                respondent: pseudonym, file: file, line: line, submittedAt: submittedAt,
                                statements: s, categories: c, other: other, survey: survey)
                        }
                    }
                    try body(response)
                    after = id
                }
                if rows.count < 5000 { return }
            }
        }
    }

    package func status() throws -> StoreStatus {
        let schema = schema
        let logger = logger
        return try wait { [client] in
            try await client.withConnection { client in
                try await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                var respondents = 0
                for try await n in try await client.query("SELECT count(*) FROM \(unescaped: schema).respondent", logger: logger).decode(
                    Int.self)
                { respondents = n }
                var batches: [StoreStatus.Batch] = []
                // Online batches count their respondents (submit does not update the batch row).
                let rows = try await client.query(
                    """
                    SELECT b.id, b.file, b.format, b.digest, b.importedAt,
                           CASE WHEN b.format = 'online' THEN (SELECT count(*) FROM \(unescaped: schema).respondent r WHERE r.batch = b.id) ELSE b.added END,
                           b.repeated, b.wave
                    FROM \(unescaped: schema).batch b ORDER BY b.id
                    """, logger: logger)
                for try await (id, file, format, digest, importedAt, added, repeated, wave) in rows.decode(
                    (Int, String, String, String, String, Int, Int, String).self)
                {
                    batches.append(
                        StoreStatus.Batch(
                            id: id, file: file, format: format, digest: digest, importedAt: importedAt, added: added, repeated: repeated,
                            wave: wave))
                }
                var survey: String?
                for try await value in try await client.query(
                    "SELECT value FROM \(unescaped: schema).meta WHERE key = 'survey'", logger: logger
                ).decode(String.self) { survey = value }
                try await client.query("COMMIT", logger: logger)
                return StoreStatus(surveyID: survey, respondents: respondents, batches: batches)
            }
        }
    }

    /// PostgreSQL checks its own pages; this checks what it can see: the schema is migrated
    /// and every respondent belongs to a batch.
    package func integrityCheck() throws -> String {
        let schema = schema
        let logger = logger
        return try wait(timeout: nil) { [client] in
            var migrated = 0
            for try await n in try await client.query("SELECT count(*) FROM \(unescaped: schema).schema_migrations", logger: logger).decode(
                Int.self)
            { migrated = n }
            var orphans = 0
            for try await n in try await client.query(
                """
                SELECT count(*) FROM \(unescaped: schema).respondent r LEFT JOIN \(unescaped: schema).batch b ON b.id = r.batch WHERE b.id IS NULL
                """, logger: logger
            ).decode(Int.self) { orphans = n }
            if migrated != Self.migrations.count { return "schema at migration \(migrated) of \(Self.migrations.count)" }
            return orphans == 0 ? "ok" : "\(orphans) respondents without a batch"
        }
    }
}
