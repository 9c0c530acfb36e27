package import DraagvlakCore
package import Foundation

/// The online side of a store (`draagvlak serve`): answers given in the browser, invitation
/// codes with their saved drafts, and the open channel's signals. Every rule holds across
/// server instances sharing one database: an invitation answers once, even when two answers
/// arrive at once. Implemented by the SQLite and the PostgreSQL store alike.
package protocol OnlineStorage: Sendable {
    /// Stores one online answer in its channel's batch of `wave`, in one transaction: with an
    /// invitation (`invitation` = the code's keyed hash) the code must exist and be unanswered,
    /// and is marked answered; in the open channel `signal` is kept beside it.
    func submit(
        _ response: Response, channel: OnlineChannel, wave: String, survey: Survey, invitation: String?, signal: String?
    ) throws -> SubmissionOutcome
    /// Online answers in the open channel of `wave` (of every wave when nil), and how many of
    /// them share their signal (network and browser) with another: possible repeat answers, for
    /// the participation section.
    func openSignals(wave: String?) throws -> (answers: Int, sharingASignal: Int)
    /// Adds invitation codes (their keyed hashes); codes already present are left as they are.
    func addInvitations(_ codes: [String]) throws
    /// The state of an invitation code (its keyed hash); nil when it is not one of the store's.
    func invitationState(_ code: String) throws -> InvitationState?
    /// Keeps a partly filled answer to continue later; false when the code is unknown or answered.
    func saveDraft(_ draft: String, invitation code: String) throws -> Bool
    /// How many invitations there are and how many were answered.
    func invitationCounts() throws -> (total: Int, answered: Int)
    /// The times of `key`'s events (wrong invitation codes per network, and in all) since
    /// `since`, oldest first. Kept in the store, so every server instance on it counts the same.
    func limitEvents(_ key: String, since: Date) throws -> [Date]
    /// Records an event of `key` at `at`, and forgets every event (of any key) before `forgetBefore`.
    func recordLimitEvent(_ key: String, at: Date, forgetBefore: Date) throws
    /// Records an event of `key` at `at` only if fewer than `limit` of its events happened since
    /// `since`, as one step (instances on one store take their turns, so together they never pass
    /// the limit); forgets every event before `forgetBefore`. True when the event was recorded.
    func takeLimitEvent(_ key: String, at: Date, since: Date, limit: Int, forgetBefore: Date) throws -> Bool
    /// Forgets one event of `key` at `at`: an attempt that turned out not to count.
    func returnLimitEvent(_ key: String, at: Date) throws
}

extension OnlineStorage {
    package func submit(_ response: Response, channel: OnlineChannel, survey: Survey) throws -> SubmissionOutcome {
        try submit(response, channel: channel, wave: Wave.single, survey: survey, invitation: nil, signal: nil)
    }

    /// Online answers in the open channel of every wave, and how many share their signal.
    package func openSignals() throws -> (answers: Int, sharingASignal: Int) {
        try openSignals(wave: nil)
    }

    /// Stores one online answer in the consultation's one wave.
    package func submit(
        _ response: Response, channel: OnlineChannel, survey: Survey, invitation: String?, signal: String?
    ) throws -> SubmissionOutcome {
        try submit(response, channel: channel, wave: Wave.single, survey: survey, invitation: invitation, signal: signal)
    }
}

/// How an online answer arrived: with an invitation code, or in the open survey.
package enum OnlineChannel: String, Sendable {
    case invitation
    case open

    /// The batch the channel's answers are counted in (one per channel and wave, like one file).
    package var batchFile: String { self == .invitation ? "online (uitnodiging)" : "online (open)" }
    package func batchDigest(wave: String) -> String { wave == Wave.single ? "online:\(rawValue)" : "online:\(rawValue):\(wave)" }
}

/// What happened to an online answer, the same in every store.
package enum SubmissionOutcome: Sendable, Equatable {
    case stored
    /// This respondent (this invitation code) has answered before; nothing was changed.
    case alreadyAnswered
    /// The invitation code is not one of this consultation's.
    case unknownInvitation
}

/// The state of an invitation code, as the residents' pages need it.
package enum InvitationState: Sendable, Equatable {
    /// Not answered yet; `draft` is a saved answer to continue (JSON of form fields), if any.
    case open(draft: String?)
    case answered
}
