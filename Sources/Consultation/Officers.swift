package import DraagvlakCore
package import Foundation
package import Storage

/// The officers who sign in to the server, their sessions, and what they see of the
/// consultation's participation — with the rules that apply wherever an officer is added.
extension Consultation {
    /// An officer's signed-in session (its CSRF token and expiry).
    package typealias Session = OfficerSession

    /// An officer's password needs at least this many characters.
    package static let minimumPasswordLength = 12

    /// Adds an officer, or gives one a new password. `hash` turns the password into the stored
    /// hash (the server's bcrypt), so the password itself is never kept.
    package func setOfficer(_ name: String, password: String, hash: (String) -> String) throws {
        guard name.range(of: #"^[A-Za-z0-9._@-]{1,64}$"#, options: .regularExpression) != nil else {
            throw InputError("the name may hold letters, digits and . _ @ - (at most 64)")
        }
        guard password.count >= Self.minimumPasswordLength else {
            throw InputError("the password must have at least \(Self.minimumPasswordLength) characters")
        }
        try store.setOfficer(name, passwordHash: hash(password))
    }

    package func passwordHash(ofOfficer name: String) throws -> String? {
        try store.passwordHash(ofOfficer: name)
    }

    package func startSession(id: String, officer: String, csrf: String, expiresAt: Date) throws {
        try store.startSession(id: id, officer: officer, csrf: csrf, expiresAt: expiresAt)
    }

    package func session(id: String) throws -> Session? {
        try store.session(id: id)
    }

    package func endSession(id: String) throws {
        try store.endSession(id: id)
    }

    /// Where the responses are kept (the SQLite file, or the PostgreSQL URL without password).
    package var storeLocation: String { store.location }

    /// What the store holds: respondents and the imported batches.
    package func status() throws -> StoreStatus {
        try store.status()
    }

    /// Participation as officers follow it: the store's status, invitations sent and answered,
    /// and open answers with how many share a network and browser.
    package struct Participation: Sendable {
        package var status: StoreStatus
        package var invitations: (total: Int, answered: Int)
        package var openAnswers: (answers: Int, sharingASignal: Int)
    }

    package func participation() throws -> Participation {
        Participation(
            status: try store.status(), invitations: try store.invitationCounts(), openAnswers: try store.openSignals(wave: settings.wave))
    }
}
