package import DraagvlakCore
package import Foundation
import NIOCore
import PostgresNIO
package import Storage

/// Online answers, invitations and officers in PostgreSQL: the same rules as the SQLite store,
/// safe across server instances (an invitation row is locked while its answer is stored).
extension PostgresStore {
    package func submit(
        _ response: Response, channel: OnlineChannel, wave: String, survey: Survey, invitation: String?, signal: String?
    ) throws -> SubmissionOutcome {
        let schema = schema
        let logger = logger
        let cache = onlineCache
        let row = response
        let shape =
            survey.statements.map(\.id).joined(separator: ",") + "|"
            + survey.demographics.map { $0.id + ":" + $0.categories.map(\.code).joined(separator: ",") }.joined(separator: ";")
        let digest = channel.batchDigest(wave: wave)
        let key = "\(survey.id)/\(survey.version)/\(digest)/\(shape)"
        let (outcome, learned) = try wait { [client] in
            try await client.withTransaction(logger: logger) { connection -> (SubmissionOutcome, (Layout, Int)?) in
                if let invitation {
                    var found = false
                    var answered = false
                    let rows = try await connection.query(
                        "SELECT submittedAt FROM \(unescaped: schema).invitation WHERE code = \(invitation) FOR UPDATE", logger: logger)
                    for try await submittedAt in rows.decode(String?.self) {
                        found = true
                        answered = submittedAt != nil
                    }
                    if !found { return (.unknownInvitation, nil) }
                    if answered { return (.alreadyAnswered, nil) }
                }
                // The layout and the channel's batch are read once per survey and kept: slots
                // never change once handed out, and the channel's batch is never removed.
                let known = cache.value[key]
                let layout: Layout
                let batch: Int
                if let known {
                    (layout, batch) = known
                } else {
                    // The same lock order as imports and layout changes: lock first.
                    try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("draagvlak:\(schema)")))", logger: logger)
                    try await Self.checkSurvey(connection, schema: schema, survey: survey, logger: logger)
                    layout = try await Self.layout(connection, schema: schema, survey: survey, logger: logger, change: true)
                    try await connection.query(
                        """
                        INSERT INTO \(unescaped: schema).batch (file, digest, format, importedAt, added, repeated, wave)
                        VALUES (\(channel.batchFile), \(digest), 'online', \(Self.timestamp()), 0, 0, \(wave)) ON CONFLICT (digest) DO NOTHING
                        """, logger: logger)
                    var id = 0
                    for try await found in try await connection.query(
                        "SELECT id FROM \(unescaped: schema).batch WHERE digest = \(digest)", logger: logger
                    ).decode(Int.self) { id = found }
                    batch = id
                }
                let packed = ResponsePacker(layout: layout).pack(row)
                var respondent: Int?
                let inserted = try await connection.query(
                    """
                    INSERT INTO \(unescaped: schema).respondent (pseudonym, batch, line, submittedAt, statements, categories, other)
                    VALUES (\(packed.respondent), \(batch), \(packed.line), \(packed.submittedAt), \(ByteBuffer(bytes: packed.statements)), \(ByteBuffer(bytes: packed.categories)), \(packed.other))
                    ON CONFLICT (pseudonym) DO NOTHING RETURNING id
                    """, logger: logger)
                for try await id in inserted.decode(Int.self) { respondent = id }
                // Kept only after the transaction commits (its question rows are then stored).
                let fresh = known == nil ? (layout, batch) : nil
                guard let respondent else { return (.alreadyAnswered, fresh) }
                // The online batches' `added` is counted when read (status), not updated here:
                // one row updated by every answer would make concurrent answers wait in turn.
                if let invitation {
                    try await connection.query(
                        "UPDATE \(unescaped: schema).invitation SET submittedAt = \(Self.timestamp()), draft = NULL WHERE code = \(invitation)",
                        logger: logger)
                }
                if let signal {
                    try await connection.query(
                        "INSERT INTO \(unescaped: schema).online_signal (respondent, signal) VALUES (\(respondent), \(signal))",
                        logger: logger)
                }
                return (.stored, fresh)
            }
        }
        if let learned { cache.value[key] = learned }
        return outcome
    }

    package func openSignals(wave: String?) throws -> (answers: Int, sharingASignal: Int) {
        let schema = schema
        let inWave = """
            SELECT s.signal FROM \(schema).online_signal s JOIN \(schema).respondent r ON r.id = s.respondent
            JOIN \(schema).batch b ON b.id = r.batch
            """
        let answers = try count("SELECT count(*) FROM (\(unescaped: inWave) WHERE \(wave)::text IS NULL OR b.wave = \(wave)) a")
        let sharing = try count(
            """
            SELECT COALESCE(SUM(n), 0)::BIGINT FROM (SELECT count(*) AS n FROM (\(unescaped: inWave) WHERE \(wave)::text IS NULL OR b.wave = \(wave)) a
            GROUP BY signal HAVING count(*) > 1) s
            """)
        return (answers, sharing)
    }

    package func addInvitations(_ codes: [String]) throws {
        let schema = schema
        let logger = logger
        let now = Self.timestamp()
        try wait { [client] in
            try await client.withTransaction(logger: logger) { connection in
                // In runs, one statement each, so a mail merge of 100,000 codes is quick.
                var start = 0
                while start < codes.count {
                    let run = Array(codes[start..<min(start + 5000, codes.count)])
                    try await connection.query(
                        """
                        INSERT INTO \(unescaped: schema).invitation (code, createdAt) SELECT unnest(\(run)::TEXT[]), \(now) ON CONFLICT DO NOTHING
                        """, logger: logger)
                    start += run.count
                }
            }
        }
    }

    package func invitationState(_ code: String) throws -> InvitationState? {
        let schema = schema
        let logger = logger
        return try wait { [client] in
            let rows = try await client.query(
                "SELECT draft, submittedAt FROM \(unescaped: schema).invitation WHERE code = \(code)", logger: logger)
            for try await (draft, submittedAt) in rows.decode((String?, String?).self) {
                return submittedAt == nil ? .open(draft: draft) : .answered
            }
            return nil
        }
    }

    package func saveDraft(_ draft: String, invitation code: String) throws -> Bool {
        let schema = schema
        return try count(
            """
            WITH changed AS (UPDATE \(unescaped: schema).invitation SET draft = \(draft) WHERE code = \(code) AND submittedAt IS NULL RETURNING 1)
            SELECT count(*) FROM changed
            """) > 0
    }

    package func invitationCounts() throws -> (total: Int, answered: Int) {
        let schema = schema
        return (
            try count("SELECT count(*) FROM \(unescaped: schema).invitation"),
            try count("SELECT count(*) FROM \(unescaped: schema).invitation WHERE submittedAt IS NOT NULL")
        )
    }

    package func setOfficer(_ name: String, passwordHash: String) throws {
        let schema = schema
        let logger = logger
        let now = Self.timestamp()
        try wait { [client] in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO \(unescaped: schema).officer (name, passwordHash, createdAt) VALUES (\(name), \(passwordHash), \(now))
                    ON CONFLICT (name) DO UPDATE SET passwordHash = excluded.passwordHash
                    """, logger: logger)
                try await connection.query("DELETE FROM \(unescaped: schema).officer_session WHERE officer = \(name)", logger: logger)
            }
        }
    }

    package func passwordHash(ofOfficer name: String) throws -> String? {
        let schema = schema
        let logger = logger
        return try wait { [client] in
            for try await hash in try await client.query(
                "SELECT passwordHash FROM \(unescaped: schema).officer WHERE name = \(name)", logger: logger
            ).decode(String.self) {
                return hash
            }
            return nil
        }
    }

    package func startSession(id: String, officer: String, csrf: String, expiresAt: Date) throws {
        let schema = schema
        let logger = logger
        let now = Self.timestamp()
        let expires = Self.timestamp(expiresAt)
        try wait { [client] in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM \(unescaped: schema).officer_session WHERE expiresAt < \(now)", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO \(unescaped: schema).officer_session (id, officer, csrf, expiresAt) VALUES (\(id), \(officer), \(csrf), \(expires))
                    """, logger: logger)
            }
        }
    }

    package func session(id: String) throws -> OfficerSession? {
        let schema = schema
        let logger = logger
        return try wait { [client] in
            let rows = try await client.query(
                "SELECT officer, csrf, expiresAt FROM \(unescaped: schema).officer_session WHERE id = \(id)", logger: logger)
            for try await (officer, csrf, expiresAt) in rows.decode((String, String, String).self) {
                guard let expires = ISO8601DateFormatter().date(from: expiresAt), expires > Date() else { return nil }
                return OfficerSession(officer: officer, csrf: csrf, expiresAt: expires)
            }
            return nil
        }
    }

    package func endSession(id: String) throws {
        let schema = schema
        let logger = logger
        try wait { [client] in
            try await client.query("DELETE FROM \(unescaped: schema).officer_session WHERE id = \(id)", logger: logger)
        }
    }

    package func limitEvents(_ key: String, since: Date) throws -> [Date] {
        let schema = schema
        let logger = logger
        let from = since.timeIntervalSince1970
        return try wait { [client] in
            var times: [Date] = []
            for try await at in try await client.query(
                "SELECT at FROM \(unescaped: schema).limit_event WHERE key = \(key) AND at > \(from) ORDER BY at", logger: logger
            ).decode(Double.self) {
                times.append(Date(timeIntervalSince1970: at))
            }
            return times
        }
    }

    package func recordLimitEvent(_ key: String, at: Date, forgetBefore: Date) throws {
        let schema = schema
        let logger = logger
        let (time, cutoff) = (at.timeIntervalSince1970, forgetBefore.timeIntervalSince1970)
        try wait { [client] in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM \(unescaped: schema).limit_event WHERE at < \(cutoff)", logger: logger)
                try await connection.query(
                    "INSERT INTO \(unescaped: schema).limit_event (key, at) VALUES (\(key), \(time))", logger: logger)
            }
        }
    }

    package func takeLimitEvent(_ key: String, at: Date, since: Date, limit: Int, forgetBefore: Date) throws -> Bool {
        let schema = schema
        let logger = logger
        let lock = lockName + ":limit:" + key
        let (time, from, cutoff) = (at.timeIntervalSince1970, since.timeIntervalSince1970, forgetBefore.timeIntervalSince1970)
        return try wait { [client] in
            try await client.withTransaction(logger: logger) { connection in
                // Instances take the key's lock in turn, so the count and the insert are one step.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lock)))", logger: logger)
                try await connection.query("DELETE FROM \(unescaped: schema).limit_event WHERE at < \(cutoff)", logger: logger)
                var count = 0
                for try await n in try await connection.query(
                    "SELECT count(*) FROM \(unescaped: schema).limit_event WHERE key = \(key) AND at > \(from)", logger: logger
                ).decode(Int.self) { count = n }
                guard count < limit else { return false }
                try await connection.query(
                    "INSERT INTO \(unescaped: schema).limit_event (key, at) VALUES (\(key), \(time))", logger: logger)
                return true
            }
        }
    }

    package func returnLimitEvent(_ key: String, at: Date) throws {
        let schema = schema
        let logger = logger
        let time = at.timeIntervalSince1970
        try wait { [client] in
            try await client.query(
                """
                DELETE FROM \(unescaped: schema).limit_event
                WHERE ctid = (SELECT ctid FROM \(unescaped: schema).limit_event WHERE key = \(key) AND at = \(time) LIMIT 1)
                """, logger: logger)
        }
    }

    /// The single number a counting query returns.
    func count(_ query: PostgresQuery) throws -> Int {
        let logger = logger
        return try wait { [client] in
            var value = 0
            for try await n in try await client.query(query, logger: logger).decode(Int.self) { value = n }
            return value
        }
    }
}
