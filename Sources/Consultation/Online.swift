package import DraagvlakCore
package import Foundation
package import Storage

#if canImport(Glibc)
    import Glibc
#endif

/// Answers given online (`draagvlak serve`): the survey's form fields go through the same
/// validation as an imported record (`ImportSession`) and into the same store.
extension Consultation {
    /// The form fields of the survey, in order, named as an export's columns would be: a
    /// statement, demographic, choice or open question by its id; a checkbox or point field per
    /// option `Q[code]`; a ranking per rank `Q[1]`, `Q[2]`, ….
    package var formFields: [String] { formFieldTypes.map(\.name) }

    /// Every form field, in order, with the JSON type the answers API takes for it (a scale
    /// point or a number of points an integer, a code or a text a string, a checkbox a boolean)
    /// and whether it is free text (where line breaks and tabs are allowed).
    package var formFieldTypes: [(name: String, type: FieldType, freeText: Bool)] {
        var fields =
            survey.statements.map { ($0.id, FieldType.integer, false) } + survey.demographics.map { ($0.id, FieldType.string, false) }
        for question in survey.questions {
            let id = question.id
            switch question.kind {
            case .choice: fields.append((id, .string, false))
            case .open: fields.append((id, .string, true))
            case .multipleChoice: fields += question.options.map { ("\(id)[\($0.code)]", .boolean, false) }
            case .points: fields += question.options.map { ("\(id)[\($0.code)]", .integer, false) }
            case .ranking: fields += question.options.indices.map { ("\(id)[\($0 + 1)]", .string, false) }
            }
        }
        return fields
    }

    /// Validates and stores one online answer. `fields` are the posted form fields (others are
    /// ignored, missing ones are unanswered). With `invitation` the code answers once; without,
    /// the answer is open and `signal` (see `signal(network:browser:)`) is kept beside it.
    ///
    /// Throws an `InputError` whose problems name the form field (`.column(name)`).
    package func submitOnline(_ fields: [String: String], invitation: String? = nil, signal: String? = nil) throws -> SubmissionOutcome {
        let channel: OnlineChannel = invitation == nil ? .open : .invitation
        let rawID = invitation.map { "invitation:\(Self.normaliseCode($0))" } ?? "online:\(UUID().uuidString)"
        let (accepted, problems) = try validateOnline(fields, respondent: rawID)
        guard let response = accepted, problems.isEmpty else {
            throw InputError("the answer has \(Plural.count(problems.count, "problem", "problems"))", problems: problems)
        }
        return try store.submit(
            response, channel: channel, wave: settings.wave, survey: survey,
            invitation: invitation.map { invitationKey($0) }, signal: signal)
    }

    /// Runs the posted form fields through the import's validation (`ImportSession`) without
    /// storing anything: the response it would store, and the problems, each naming its field.
    package func validateOnline(_ fields: [String: String], respondent rawID: String = "online:check") throws -> (Response?, [Problem]) {
        let names = formFields
        var accepted: Response?
        let session = ImportSession(
            survey: survey, file: "online", pseudonymise: { [unowned self] in self.pseudonym($0, wave: settings.wave) },
            accept: { accepted = $0 })
        session.begin(headers: ["respondent", "submitted_at"] + names, line: 1)
        try session.record([rawID, ISO8601DateFormatter().string(from: Date())] + names.map { fields[$0] ?? "" }, line: 1)
        return (accepted, session.problems)
    }

    // MARK: Invitations

    /// Makes `count` new invitation codes (for a mail merge); only their keyed hashes are stored.
    package func invite(count: Int) throws -> [String] {
        var generator = SystemRandomNumberGenerator()
        let codes = (0..<count).map { _ in Self.newCode(using: &generator) }
        try store.addInvitations(codes.map(invitationKey))
        return codes
    }

    package func invitationState(_ code: String) throws -> InvitationState? {
        try store.invitationState(invitationKey(code))
    }

    /// Keeps a partly filled answer under its invitation code, to continue later.
    package func saveDraft(_ fields: [String: String], invitation code: String) throws -> Bool {
        let known = Set(formFields)
        let kept = fields.filter { known.contains($0.key) && !$0.value.isEmpty }
        let json = try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys])
        return try store.saveDraft(String(decoding: json, as: UTF8.self), invitation: invitationKey(code))
    }

    /// The saved answer of an invitation code, as form fields (empty when there is none).
    package func draft(invitation code: String) throws -> [String: String] {
        guard case .open(let draft?) = try invitationState(code),
            let object = try? JSONSerialization.jsonObject(with: Data(draft.utf8)) as? [String: String]
        else { return [:] }
        return object
    }

    /// The keyed hash of an open answer's sender: their network (IPv4 /24 or IPv6 /48, so an
    /// address is never kept) and browser, within the current wave (so waves cannot be linked).
    /// Equal signals hint at one person answering twice.
    package func signal(address: String, browser: String) -> String {
        pseudonym("signal:\(Self.network(of: address))|\(browser)", wave: settings.wave)
    }

    /// The network an address belongs to: an IPv4 /24 (also for IPv4-mapped IPv6 addresses),
    /// or an IPv6 /48; text that is no address stays as it is.
    package static func network(of address: String) -> String {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: v4) { bytes in bytes.prefix(3).map(String.init).joined(separator: ".") + ".0/24" }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return address }
        return withUnsafeBytes(of: v6) { raw -> String in
            let bytes = Array(raw)
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                return bytes[12..<15].map(String.init).joined(separator: ".") + ".0/24"
            }
            return stride(from: 0, to: 6, by: 2).map { String(format: "%x", Int(bytes[$0]) << 8 | Int(bytes[$0 + 1])) }.joined(
                separator: ":") + "::/48"
        }
    }

    private func invitationKey(_ code: String) -> String {
        pseudonym("invitation:\(Self.normaliseCode(code))")
    }

    /// Codes are read aloud and typed: case, spaces and dashes do not matter, and the letters
    /// that look like digits are read as those digits (Crockford's base 32).
    static func normaliseCode(_ code: String) -> String {
        String(
            code.uppercased().compactMap { c -> Character? in
                switch c {
                case "-", " ": nil
                case "O": "0"
                case "I", "L": "1"
                default: c
                }
            })
    }

    /// 12 characters of Crockford base 32 (60 bits), in groups of four: `K7QX-9MPR-2HTD`.
    static func newCode(using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let characters = (0..<12).map { _ in alphabet[Int.random(in: 0..<32, using: &generator)] }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }
}

/// Limits shared by every server instance on the consultation's store: events are counted in the
/// store (under a keyed hash of their key, so no network address is kept), not in one process.
extension Consultation {
    /// Seconds until `key` may have another event when at most `limit` are allowed per `window`
    /// seconds (0: now).
    package func limitWait(_ key: String, limit: Int, window: TimeInterval, now: Date = Date()) throws -> Int {
        let events = try store.limitEvents(pseudonym("limit:" + key), since: now.addingTimeInterval(-window))
        guard events.count >= limit else { return 0 }
        // Allowed again when the oldest of the last `limit` events leaves the window.
        let freeing = events[events.count - limit]
        // Times come back from the store as Unix seconds in a Double: a millisecond of slack keeps
        // their rounding noise from adding a whole second.
        let seconds = freeing.addingTimeInterval(window).timeIntervalSince(now)
        return max(1, Int((seconds - 0.001).rounded(.up)))
    }

    /// Takes one of the `limit` events `key` may have per `window` seconds, in one step of the
    /// store: false when they are used up. Events older than an hour (or the window, when
    /// longer) are forgotten.
    package func takeLimit(_ key: String, limit: Int, window: TimeInterval, now: Date) throws -> Bool {
        try store.takeLimitEvent(
            pseudonym("limit:" + key), at: now, since: now.addingTimeInterval(-window), limit: limit,
            forgetBefore: now.addingTimeInterval(-max(3600, window)))
    }

    /// Gives back an event taken at `now` (`takeLimit`) that turned out not to count.
    package func returnLimit(_ key: String, takenAt now: Date) throws {
        try store.returnLimitEvent(pseudonym("limit:" + key), at: now)
    }

    /// Counts an event of `key`; events older than `keep` seconds (of every key) are forgotten.
    package func recordLimitEvent(_ key: String, now: Date = Date(), keep: TimeInterval = 3600) throws {
        try store.recordLimitEvent(pseudonym("limit:" + key), at: now, forgetBefore: now.addingTimeInterval(-keep))
    }
}
