package import Foundation

/// The officers who sign in to the server and their sessions, kept in the store so that every
/// server instance sharing it knows them. Only password hashes are stored; the rules (password
/// length, hashing) are the consultation's. Implemented by the SQLite and the PostgreSQL store.
package protocol OfficerStorage: Sendable {
    /// Adds an officer, or replaces the password hash of an existing one and ends their
    /// sessions (a reset password must lock out whoever knew the old one).
    func setOfficer(_ name: String, passwordHash: String) throws
    /// The officer's stored password hash; nil for no such officer.
    func passwordHash(ofOfficer name: String) throws -> String?
    /// Starts a session (dropping expired ones on the way).
    func startSession(id: String, officer: String, csrf: String, expiresAt: Date) throws
    /// The session with this id, unless it has expired.
    func session(id: String) throws -> OfficerSession?
    func endSession(id: String) throws
}

/// A signed-in officer's session: who, the CSRF token their forms must carry, and until when.
package struct OfficerSession: Sendable, Equatable {
    package var officer: String
    package var csrf: String
    package var expiresAt: Date

    package init(officer: String, csrf: String, expiresAt: Date) {
        self.officer = officer
        self.csrf = csrf
        self.expiresAt = expiresAt
    }
}
