import DraagvlakCore
import Foundation
import Reports
import Storage
import Testing
import Vision

@testable import Consultation

/// Online answers (`draagvlak serve`) go through the import's validation into the same store.
@Suite struct OnlineTests {
    /// A complete answer to the shipped survey, as the residents' form posts it.
    static let answer: [String: String] = {
        var fields: [String: String] = ["district": "noord", "leeftijd": "30-44", "woonsituatie": "huur-sociaal"]
        for i in 1...32 { fields[String(format: "S%02d", i)] = String(i % 5 + 1) }
        for (rank, code) in ["zorg", "wonen", "klimaat", "economie", "veiligheid"].enumerated() {
            fields["prioriteiten[\(rank + 1)]"] = code
        }
        for (code, points) in [("groen", 40), ("wegen", 10), ("jeugd", 20), ("cultuur", 10), ("armoede", 20)] {
            fields["budget[\(code)]"] = String(points)
        }
        fields["toelichting"] = "Meer bankjes in het park. Mail me: jan@example.org"
        return fields
    }()

    @Test func anInvitationCodeAnswersOnce() throws {
        let c = try freshConsultation()
        let codes = try c.invite(count: 3)
        #expect(Set(codes).count == 3)
        #expect(
            codes.allSatisfy {
                $0.range(of: #"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"#, options: .regularExpression) != nil
            })
        #expect(try c.submitOnline(Self.answer, invitation: codes[0]) == .stored)
        // Typed again in lower case and without dashes: the same code.
        #expect(
            try c.submitOnline(Self.answer, invitation: codes[0].lowercased().replacingOccurrences(of: "-", with: "")) == .alreadyAnswered)
        #expect(try c.submitOnline(Self.answer, invitation: "AAAA-BBBB-CCCC") == .unknownInvitation)
        #expect(try c.invitationState(codes[0]) == .answered)
        #expect(try c.invitationState(codes[1]) == .open(draft: nil))
        let status = try c.store.status()
        #expect(status.respondents == 1)
        #expect(status.batches.map(\.file) == ["online (uitnodiging)"])
        // Stored like an import: answers decoded, the open answer scrubbed of the e-mail address.
        var stored: [Response] = []
        try c.store.forEachResponse(survey: c.survey) { stored.append($0) }
        #expect(stored.first?.statements[0] == 2)
        #expect(stored.first?.other["prioriteiten"] == .ranking(["zorg", "wonen", "klimaat", "economie", "veiligheid"]))
        guard case .text(let text)? = stored.first?.other["toelichting"] else {
            Issue.record("no open answer")
            return
        }
        #expect(!text.contains("jan@example.org"))
    }

    @Test func aCodeSentManyTimesAtOnceIsStoredOnce() throws {
        let c = try freshConsultation()
        let code = try #require(try c.invite(count: 1).first)
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 20) { _ in
            outcomes.add((try? c.submitOnline(Self.answer, invitation: code)) ?? .unknownInvitation)
        }
        #expect(outcomes.all.filter { $0 == .stored }.count == 1)
        #expect(outcomes.all.filter { $0 == .alreadyAnswered }.count == 19)
        #expect(try c.store.status().respondents == 1)
    }

    @Test func networksAreIPv4Slash24AndIPv6Slash48() {
        #expect(Consultation.network(of: "192.0.2.17") == "192.0.2.0/24")
        #expect(Consultation.network(of: "::ffff:192.0.2.200") == "192.0.2.0/24")
        #expect(Consultation.network(of: "2001:db8:abcd:12::1") == "2001:db8:abcd::/48")
        #expect(Consultation.network(of: "2001:db8:abcd:ff::9") == "2001:db8:abcd::/48")
        #expect(Consultation.network(of: "unknown") == "unknown")
    }

    @Test func aBadAnswerNamesItsFieldAndStoresNothing() throws {
        let c = try freshConsultation()
        var fields = Self.answer
        fields["S03"] = "9"
        fields["budget[groen]"] = "90"
        let error = try #require(throws: InputError.self) { try c.submitOnline(fields) }
        let subjects = error.problems.compactMap { problem -> String? in
            switch problem.subject {
            case .column(let name)?, .field(let name)?: name
            case nil: nil
            }
        }
        #expect(subjects == ["S03", "budget"])
        #expect(try c.store.status().respondents == 0)
    }

    @Test func openAnswersKeepASignalNotAnAddress() throws {
        let c = try freshConsultation()
        let signal = c.signal(address: "192.0.2.17", browser: "Firefox")
        #expect(signal == c.signal(address: "192.0.2.200", browser: "Firefox"))
        #expect(signal != c.signal(address: "192.0.3.17", browser: "Firefox"))
        // A keyed hash (32 hex digits): the address itself is not in it.
        #expect(signal.count == 32 && signal.allSatisfy { $0.isHexDigit })
        #expect(!signal.contains("192.0.2"))
        #expect(try c.submitOnline(Self.answer, signal: signal) == .stored)
        #expect(try c.submitOnline(Self.answer, signal: signal) == .stored)
        #expect(try c.submitOnline(Self.answer, signal: c.signal(address: "198.51.100.1", browser: "Safari")) == .stored)
        let signals = try c.store.openSignals()
        #expect(signals.answers == 3 && signals.sharingASignal == 2)
        #expect(try c.store.status().respondents == 3)
        // The vision's participation section says so.
        let vision = try c.vision()
        #expect(vision.openAnswers == OpenAnswerSignals(answers: 3, sharingASignal: 2))
        let markdown = VisionDocument(language: .nl, date: "2026-11-25").markdown(vision)
        #expect(
            markdown.contains(
                "3 antwoorden kwamen online binnen zonder persoonlijke code. Van 2 daarvan kwamen meer antwoorden uit hetzelfde netwerk"))
        let json = try #require(try JSONSerialization.jsonObject(with: VisionJSON.encode(vision)) as? [String: Any])
        #expect((json["openAnswers"] as? [String: Int]) == ["answers": 3, "sharingASignal": 2])
    }

    @Test func aSavedAnswerCanBeContinued() throws {
        let c = try freshConsultation()
        let code = try #require(try c.invite(count: 1).first)
        #expect(try c.saveDraft(["S01": "4", "district": "oost", "unknown": "x"], invitation: code))
        #expect(try c.draft(invitation: code) == ["S01": "4", "district": "oost"])
        #expect(try c.submitOnline(Self.answer, invitation: code) == .stored)
        #expect(try c.draft(invitation: code) == [:])
        #expect(try !c.saveDraft(["S01": "4"], invitation: code))
    }
}

private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var all: [SubmissionOutcome] = []

    func add(_ outcome: SubmissionOutcome) {
        lock.lock()
        all.append(outcome)
        lock.unlock()
    }
}
