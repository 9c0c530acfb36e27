public import DraagvlakCore
public import Foundation

/// Where a consultation's responses live: the embedded SQLite file (`ResponseStore`), or a
/// PostgreSQL database that several server instances share (`PostgresStore`). Both keep the
/// same schema and semantics — transactional, idempotent imports; one answer per invitation
/// code; pseudonyms only — and pass the same tests (Tests/StoreTests).
public protocol ResponseStorage: Sendable {
    /// Where the store is, for `draagvlak status` (a path, or a URL without its password).
    var location: String { get }

    /// Imports one file in one transaction: all of it or nothing. A file whose `digest` was
    /// imported before adds nothing. When `body` throws, nothing of the file is stored.
    func importBatch(file: String, digest: String, format: String, survey: Survey, _ body: (any BatchSink) throws -> Void) throws -> BatchOutcome
    /// Every respondent's statement answers, categories and (unless `withAnswers` is false)
    /// other answers, in columns, for the vision.
    func responseTable(survey: Survey, withAnswers: Bool) throws -> ResponseTable
    /// Every stored response, in import order.
    func forEachResponse(survey: Survey, _ body: (Response) throws -> Void) throws
    func status() throws -> StoreStatus
    /// The database's own check: "ok", or what is wrong.
    func integrityCheck() throws -> String

    func submit(_ response: Response, channel: OnlineChannel, survey: Survey, invitation: String?, signal: String?) throws -> SubmissionOutcome
    func openSignals() throws -> (answers: Int, sharingASignal: Int)
    func addInvitations(_ codes: [String]) throws
    func invitationState(_ code: String) throws -> InvitationState?
    func saveDraft(_ draft: String, invitation code: String) throws -> Bool
    func invitationCounts() throws -> (total: Int, answered: Int)
    func setOfficer(_ name: String, passwordHash: String) throws
    func passwordHash(ofOfficer name: String) throws -> String?
    func startSession(id: String, officer: String, csrf: String, expiresAt: Date) throws
    func session(id: String) throws -> OfficerSession?
    func endSession(id: String) throws
}

extension ResponseStorage {
    public func responseTable(survey: Survey) throws -> ResponseTable {
        try responseTable(survey: survey, withAnswers: true)
    }

    public func submit(_ response: Response, channel: OnlineChannel, survey: Survey) throws -> SubmissionOutcome {
        try submit(response, channel: channel, survey: survey, invitation: nil, signal: nil)
    }
}

/// What happened to one row of an import.
public enum RowOutcome: Sendable, Equatable {
    case added
    /// Already stored by an earlier import; left as it was.
    case repeated
    /// The same respondent appeared earlier in this same file, at `line`.
    case duplicateInFile(line: Int)
}

/// Receives one file's rows inside the import's transaction.
public protocol BatchSink: AnyObject {
    /// Packs responses into rows (safe to use on another thread than the sink's).
    var packer: ResponsePacker { get }
    var added: Int { get }
    var repeated: Int { get }
    @discardableResult
    func add(_ row: PackedResponse) throws -> RowOutcome
}

extension BatchSink {
    @discardableResult
    public func add(_ response: Response) throws -> RowOutcome {
        try add(packer.pack(response))
    }
}
