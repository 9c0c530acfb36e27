import Foundation
import GRDB
import Storage

/// The store's schema, as numbered migrations; never edit a released one, add the next.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: respondents with packed answers") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    -- One imported file. digest is the SHA-256 of its bytes: the same file adds nothing twice.
                    CREATE TABLE batch (
                        id INTEGER PRIMARY KEY,
                        file TEXT NOT NULL,
                        digest TEXT NOT NULL UNIQUE,
                        format TEXT NOT NULL,
                        importedAt TEXT NOT NULL,
                        added INTEGER NOT NULL,
                        repeated INTEGER NOT NULL
                    );
                    -- Where each question's answer sits in the packed blobs. Slots are handed out once
                    -- and never reused, so a survey may gain questions after responses are stored.
                    -- For demographic questions, codes lists the category codes in slot-value order.
                    CREATE TABLE question (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('statement', 'demographic')),
                        slot INTEGER NOT NULL,
                        codes TEXT,
                        UNIQUE (kind, slot)
                    );
                    -- One respondent. pseudonym is the keyed hash of the source's respondent id.
                    -- statements: one byte per statement slot, value + 8 (0 = not answered).
                    -- categories: one byte per demographic slot, 1 + position in question.codes (0 = not answered).
                    -- other: JSON object of the remaining answers, or NULL.
                    CREATE TABLE respondent (
                        id INTEGER PRIMARY KEY,
                        pseudonym TEXT NOT NULL UNIQUE,
                        batch INTEGER NOT NULL REFERENCES batch(id),
                        line INTEGER NOT NULL,
                        submittedAt TEXT,
                        statements BLOB NOT NULL,
                        categories BLOB NOT NULL,
                        other TEXT
                    );
                    CREATE INDEX respondent_batch ON respondent(batch);
                    """)
        }
        migrator.registerMigration("v2: online answers, invitations, officers") { db in
            try db.execute(
                sql: """
                    -- An invitation code for the online survey. code is the keyed hash of the code
                    -- (the code itself is only in the mail merge); draft is a saved, unsent answer
                    -- (JSON of form fields); submittedAt is set once its one response is stored.
                    CREATE TABLE invitation (
                        code TEXT PRIMARY KEY,
                        createdAt TEXT NOT NULL,
                        draft TEXT,
                        submittedAt TEXT
                    );
                    -- For an online answer without a code: the keyed hash of the sender's network
                    -- and browser, so the document can say how many answers share one.
                    CREATE TABLE online_signal (
                        respondent INTEGER PRIMARY KEY REFERENCES respondent(id),
                        signal TEXT NOT NULL
                    );
                    CREATE INDEX online_signal_signal ON online_signal(signal);
                    -- An officer who may use the server's officers' pages (bcrypt hash).
                    CREATE TABLE officer (
                        name TEXT PRIMARY KEY,
                        passwordHash TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    -- A signed-in officer's session: id is the SHA-256 of the cookie's token; csrf is
                    -- the token every form of the session must carry.
                    CREATE TABLE officer_session (
                        id TEXT PRIMARY KEY,
                        officer TEXT NOT NULL REFERENCES officer(name) ON DELETE CASCADE,
                        csrf TEXT NOT NULL,
                        expiresAt TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3: limit events") { db in
            try db.execute(
                sql: """
                    -- Events the server limits (wrong invitation codes per network and in all), kept
                    -- here so every instance on one store counts the same; at is Unix seconds.
                    CREATE TABLE limit_event (key TEXT NOT NULL, at REAL NOT NULL);
                    CREATE INDEX limit_event_key_at ON limit_event(key, at);
                    """)
        }
        migrator.registerMigration("v4: respondents in chunks") { db in
            try db.execute(
                sql: """
                    -- Respondents in chunks of up to 1,024 of one import, column by column (see
                    -- ResponseChunk.swift): pseudonyms, submittedAt and other as texts one after
                    -- another, each after its length (4 bytes, all ones for none); lines as 8-byte
                    -- integers; statements and categories as each respondent's packed bytes (as in
                    -- v1's respondent rows), statementBytes and categoryBytes wide, one after another.
                    CREATE TABLE response_chunk (
                        id INTEGER PRIMARY KEY,
                        batch INTEGER NOT NULL REFERENCES batch(id),
                        count INTEGER NOT NULL,
                        statementBytes INTEGER NOT NULL,
                        categoryBytes INTEGER NOT NULL,
                        pseudonyms BLOB NOT NULL,
                        lines BLOB NOT NULL,
                        submittedAt BLOB NOT NULL,
                        statements BLOB NOT NULL,
                        categories BLOB NOT NULL,
                        other BLOB NOT NULL
                    );
                    CREATE INDEX response_chunk_batch ON response_chunk(batch);
                    -- Every stored respondent once, by pseudonym (ResponseChunk.key: 17 bytes for a
                    -- keyed hash), with the import and line it came from: what keeps imports idempotent.
                    CREATE TABLE respondent_key (
                        pseudonym BLOB PRIMARY KEY,
                        batch INTEGER NOT NULL REFERENCES batch(id),
                        line INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    -- Online answers' signals, now by pseudonym (respondents have no row of their own).
                    CREATE TABLE online_signal_v4 (pseudonym TEXT PRIMARY KEY, signal TEXT NOT NULL);
                    INSERT INTO online_signal_v4 (pseudonym, signal)
                        SELECT r.pseudonym, s.signal FROM online_signal s JOIN respondent r ON r.id = s.respondent;
                    DROP TABLE online_signal;
                    ALTER TABLE online_signal_v4 RENAME TO online_signal;
                    CREATE INDEX online_signal_signal ON online_signal(signal);
                    """)
            try moveRespondentsIntoChunks(db)
            try db.execute(sql: "DROP TABLE respondent")
        }
        migrator.registerMigration("v5: limit events by time") { db in
            // Every counted event forgets the expired ones of all keys: by time, not by a scan.
            try db.execute(sql: "CREATE INDEX limit_event_at ON limit_event(at)")
        }
        migrator.registerMigration("v6: waves") { db in
            // The wave a file was imported into ('' for a consultation that asks once).
            try db.execute(sql: "ALTER TABLE batch ADD COLUMN wave TEXT NOT NULL DEFAULT ''")
        }
        return migrator
    }

    /// v4: every respondent row, in import order, into chunks (a chunk holds one import's rows
    /// of one width) and its key.
    private static func moveRespondentsIntoChunks(_ db: Database) throws {
        let keys = try db.makeStatement(sql: "INSERT INTO respondent_key (pseudonym, batch, line) VALUES (?, ?, ?)")
        var chunk: ResponseChunk?
        var chunkBatch: Int64 = 0
        let rows = try Row.fetchCursor(
            db, sql: "SELECT pseudonym, batch, line, submittedAt, statements, categories, other FROM respondent ORDER BY id")
        while let row = try rows.next() {
            let batch: Int64 = row[1]
            let packed = PackedResponse(
                respondent: row[0], line: row[2], submittedAt: row[3], statements: [UInt8](row[4] as Data),
                categories: [UInt8](row[5] as Data), other: row[6])
            if let full = chunk, full.count == ResponseChunk.capacity || chunkBatch != batch || !full.fits(packed) {
                try full.insert(db, batch: chunkBatch)
                chunk = nil
            }
            if chunk == nil {
                chunk = ResponseChunk(statementBytes: packed.statements.count, categoryBytes: packed.categories.count)
                chunkBatch = batch
            }
            chunk!.append(packed)
            try keys.execute(arguments: [Data(ResponseChunk.key(packed.respondent)), batch, packed.line])
        }
        if let chunk { try chunk.insert(db, batch: chunkBatch) }
    }
}
