package import DraagvlakCore
package import Foundation
import GRDB
package import Storage

/// Online answers and invitations (`OnlineStorage`), officers and sessions (`OfficerStorage`)
/// in the SQLite store.
extension ResponseStore {
    // MARK: Online answers

    /// Stores one online answer in its channel's batch, in one transaction: with an invitation
    /// (`invitation` = the code's keyed hash) the code must exist and be unanswered, and is marked
    /// answered; in the open channel `signal` is kept beside it.
    package func submit(
        _ response: Response, channel: OnlineChannel, wave: String, survey: Survey, invitation: String?, signal: String?
    ) throws -> SubmissionOutcome {
        try writer.write { db -> SubmissionOutcome in
            if let invitation {
                guard let row = try Row.fetchOne(db, sql: "SELECT submittedAt FROM invitation WHERE code = ?", arguments: [invitation])
                else {
                    return .unknownInvitation
                }
                if (row["submittedAt"] as String?) != nil { return .alreadyAnswered }
            }
            try Self.checkSurvey(db, survey)
            let layout = try Layout.synchronise(db, survey: survey)
            let batch: Int64
            let digest = channel.batchDigest(wave: wave)
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM batch WHERE digest = ?", arguments: [digest]) {
                batch = id
            } else {
                try db.execute(
                    sql: "INSERT INTO batch (file, digest, format, importedAt, added, repeated, wave) VALUES (?, ?, 'online', ?, 0, 0, ?)",
                    arguments: [channel.batchFile, digest, Self.timestamp(), wave])
                batch = db.lastInsertedRowID
            }
            let writer = try BatchWriter(db: db, batch: batch, layout: layout)
            try writer.add(response)
            try writer.finish()
            guard writer.added == 1 else { return .alreadyAnswered }
            try db.execute(sql: "UPDATE batch SET added = added + 1 WHERE id = ?", arguments: [batch])
            if let invitation {
                try db.execute(
                    sql: "UPDATE invitation SET submittedAt = ?, draft = NULL WHERE code = ?", arguments: [Self.timestamp(), invitation])
            }
            if let signal {
                try db.execute(
                    sql: "INSERT INTO online_signal (pseudonym, signal) VALUES (?, ?)", arguments: [response.respondent, signal])
            }
            return .stored
        }
    }

    /// Online answers in the open channel, and how many of them share their signal (network and
    /// browser) with another: possible repeat answers, for the participation section.
    package func openSignals(wave: String?) throws -> (answers: Int, sharingASignal: Int) {
        try writer.read { db in
            // A signal's answer is found by its pseudonym's key (respondent_key), then its import's wave.
            db.add(function: Self.respondentKey)
            let row = try Row.fetchOne(
                db,
                sql: """
                    WITH answer AS (
                        SELECT s.signal FROM online_signal s
                        JOIN respondent_key k ON k.pseudonym = draagvlak_respondent_key(s.pseudonym)
                        JOIN batch b ON b.id = k.batch
                        WHERE ? IS NULL OR b.wave = ?)
                    SELECT (SELECT COUNT(*) FROM answer),
                           (SELECT COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) AS n FROM answer GROUP BY signal HAVING COUNT(*) > 1))
                    """, arguments: [wave, wave])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// `ResponseChunk.key` in SQL: the key table's key of a pseudonym.
    private static let respondentKey = DatabaseFunction("draagvlak_respondent_key", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map { Data(ResponseChunk.key($0)) }
    }

    // MARK: Invitations

    /// Adds invitation codes (their keyed hashes); codes already present are left as they are.
    package func addInvitations(_ codes: [String]) throws {
        try writer.write { db in
            let now = Self.timestamp()
            for code in codes {
                try db.execute(
                    sql: "INSERT INTO invitation (code, createdAt) VALUES (?, ?) ON CONFLICT DO NOTHING", arguments: [code, now])
            }
        }
    }

    package func invitationState(_ code: String) throws -> InvitationState? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT draft, submittedAt FROM invitation WHERE code = ?", arguments: [code]) else {
                return nil
            }
            return (row["submittedAt"] as String?) == nil ? .open(draft: row["draft"]) : .answered
        }
    }

    /// Keeps a partly filled answer to continue later; false when the code is unknown or answered.
    package func saveDraft(_ draft: String, invitation code: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE invitation SET draft = ? WHERE code = ? AND submittedAt IS NULL", arguments: [draft, code])
            return db.changesCount > 0
        }
    }

    /// How many invitations there are and how many were answered.
    package func invitationCounts() throws -> (total: Int, answered: Int) {
        try writer.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM invitation") ?? 0
            let answered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM invitation WHERE submittedAt IS NOT NULL") ?? 0
            return (total, answered)
        }
    }

    // MARK: Officers

    /// Adds an officer, or replaces the password hash of an existing one and ends their
    /// sessions (a reset password must lock out whoever knew the old one).
    package func setOfficer(_ name: String, passwordHash: String) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO officer (name, passwordHash, createdAt) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET passwordHash = excluded.passwordHash
                    """, arguments: [name, passwordHash, Self.timestamp()])
            try db.execute(sql: "DELETE FROM officer_session WHERE officer = ?", arguments: [name])
        }
    }

    package func passwordHash(ofOfficer name: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT passwordHash FROM officer WHERE name = ?", arguments: [name]) }
    }

    package func startSession(id: String, officer: String, csrf: String, expiresAt: Date) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM officer_session WHERE expiresAt < ?", arguments: [Self.timestamp(Date())])
            try db.execute(
                sql: "INSERT INTO officer_session (id, officer, csrf, expiresAt) VALUES (?, ?, ?, ?)",
                arguments: [id, officer, csrf, Self.timestamp(expiresAt)])
        }
    }

    /// The session with this id, unless it has expired.
    package func session(id: String) throws -> OfficerSession? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT officer, csrf, expiresAt FROM officer_session WHERE id = ?", arguments: [id]),
                let expires = ISO8601DateFormatter().date(from: row["expiresAt"]), expires > Date()
            else { return nil }
            return OfficerSession(officer: row["officer"], csrf: row["csrf"], expiresAt: expires)
        }
    }

    package func endSession(id: String) throws {
        try writer.write { db in try db.execute(sql: "DELETE FROM officer_session WHERE id = ?", arguments: [id]) }
    }

    // MARK: Limits

    package func limitEvents(_ key: String, since: Date) throws -> [Date] {
        try writer.read { db in
            try Double.fetchAll(
                db, sql: "SELECT at FROM limit_event WHERE key = ? AND at > ? ORDER BY at", arguments: [key, since.timeIntervalSince1970]
            ).map { Date(timeIntervalSince1970: $0) }
        }
    }

    package func recordLimitEvent(_ key: String, at: Date, forgetBefore: Date) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM limit_event WHERE at < ?", arguments: [forgetBefore.timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO limit_event (key, at) VALUES (?, ?)", arguments: [key, at.timeIntervalSince1970])
        }
    }

    package func takeLimitEvent(_ key: String, at: Date, since: Date, limit: Int, forgetBefore: Date) throws -> Bool {
        // A write transaction: SQLite runs one at a time, so the count and the insert are one step.
        try writer.write { db in
            try db.execute(sql: "DELETE FROM limit_event WHERE at < ?", arguments: [forgetBefore.timeIntervalSince1970])
            let count =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM limit_event WHERE key = ? AND at > ?", arguments: [key, since.timeIntervalSince1970])
                ?? 0
            guard count < limit else { return false }
            try db.execute(sql: "INSERT INTO limit_event (key, at) VALUES (?, ?)", arguments: [key, at.timeIntervalSince1970])
            return true
        }
    }

    package func returnLimitEvent(_ key: String, at: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: "DELETE FROM limit_event WHERE rowid = (SELECT rowid FROM limit_event WHERE key = ? AND at = ? LIMIT 1)",
                arguments: [key, at.timeIntervalSince1970])
        }
    }
}
