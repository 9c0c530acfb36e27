package import DraagvlakCore

/// One respondent's stored response, found by pseudonym, for "where you stand": after closing,
/// a resident who answered with an invitation code sees their own answers beside the vision's
/// shares (`Consultation.standing`). The server asks only for the pseudonym of the code the
/// resident typed (docs/METHOD.md §7.4).
///
/// A concern of its own beside `ResponseStorage`, which reads every response at once;
/// implemented by the SQLite and the PostgreSQL store alike. Not `Sendable` itself, so the
/// stores adopt it in extensions of their own; `ConsultationStorage` is `Sendable` through its
/// other protocols.
package protocol ResponseLookup {
    /// The response stored under `pseudonym`, decoded for `survey`; nil when none is.
    func response(pseudonym: String, survey: Survey) throws -> Response?
}
