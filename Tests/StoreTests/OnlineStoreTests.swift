import DraagvlakCore
import Foundation
import Storage
import Testing

/// Online answers, invitations, officers and sessions: the same behaviour in every store.
@Suite struct OnlineStoreTests {
    @Test(arguments: Backend.available) func anInvitationAnswersOnceEvenAtOnce(_ backend: Backend) throws {
        let store = try backend.make()
        let survey = storeSurvey()
        try store.addInvitations(["code-a", "code-b"])
        try store.addInvitations(["code-a"])
        #expect(try store.invitationCounts() == (2, 0))
        let outcomes = Locked<[SubmissionOutcome]>([])
        DispatchQueue.concurrentPerform(iterations: 12) { i in
            let outcome =
                (try? store.submit(
                    response("invitation:a", [4, 5], district: 0), channel: .invitation, survey: survey, invitation: "code-a", signal: nil))
                ?? .unknownInvitation
            outcomes.update { $0.append(outcome) }
        }
        #expect(outcomes.value.filter { $0 == .stored }.count == 1)
        #expect(outcomes.value.filter { $0 == .alreadyAnswered }.count == 11)
        #expect(
            try store.submit(response("x", [1, 1], district: 0), channel: .invitation, survey: survey, invitation: "nope", signal: nil)
                == .unknownInvitation)
        #expect(try store.invitationState("code-a") == .answered)
        #expect(try store.invitationState("code-b") == .open(draft: nil))
        #expect(try store.invitationCounts() == (2, 1))
        let status = try store.status()
        #expect(status.respondents == 1)
        #expect(status.batches.map(\.file) == ["online (uitnodiging)"])
        #expect(status.batches.map(\.added) == [1])
        #expect(try store.responseTable(survey: survey).statements == [[4], [5]])
    }

    @Test(arguments: Backend.available) func draftsAreKeptUntilAnswered(_ backend: Backend) throws {
        let store = try backend.make()
        try store.addInvitations(["c"])
        #expect(try store.saveDraft(#"{"S1":"4"}"#, invitation: "c"))
        #expect(try store.invitationState("c") == .open(draft: #"{"S1":"4"}"#))
        #expect(try !store.saveDraft("{}", invitation: "unknown"))
        _ = try store.submit(
            response("invitation:c", [4, 4], district: 1), channel: .invitation, survey: storeSurvey(), invitation: "c", signal: nil)
        #expect(try !store.saveDraft("{}", invitation: "c"))
    }

    @Test(arguments: Backend.available) func openAnswersCountSharedSignals(_ backend: Backend) throws {
        let store = try backend.make()
        let survey = storeSurvey()
        for (id, signal) in [("o1", "s1"), ("o2", "s1"), ("o3", "s2")] {
            #expect(
                try store.submit(response(id, [3, 3], district: 0), channel: .open, survey: survey, invitation: nil, signal: signal)
                    == .stored)
        }
        #expect(
            try store.submit(response("o1", [3, 3], district: 0), channel: .open, survey: survey, invitation: nil, signal: "s9")
                == .alreadyAnswered)
        #expect(try store.openSignals() == (3, 2))
        #expect(try store.status().batches.map(\.file) == ["online (open)"])
    }

    @Test(arguments: Backend.available) func openAnswersAreCountedPerWave(_ backend: Backend) throws {
        let store = try backend.make()
        let survey = storeSurvey()
        for (id, signal, wave) in [("o1", "s1", "2026"), ("o2", "s1", "2026"), ("o3", "s1", "2028")] {
            #expect(
                try store.submit(
                    response(id, [3, 3], district: 0), channel: .open, wave: wave, survey: survey, invitation: nil, signal: signal)
                    == .stored)
        }
        #expect(try store.openSignals(wave: "2026") == (2, 2))
        #expect(try store.openSignals(wave: "2028") == (1, 0))
        #expect(try store.openSignals(wave: nil) == (3, 3))
        #expect(try store.status().batches.map(\.wave) == ["2026", "2028"])
    }

    @Test(arguments: Backend.available) func limitEventsAreCountedPerKeyAndForgotten(_ backend: Backend) throws {
        let store = try backend.make()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for i in 0..<3 {
            try store.recordLimitEvent("a", at: start.addingTimeInterval(Double(i) * 60), forgetBefore: start.addingTimeInterval(-3600))
        }
        try store.recordLimitEvent("b", at: start.addingTimeInterval(90), forgetBefore: start.addingTimeInterval(-3600))
        #expect(
            try store.limitEvents("a", since: start.addingTimeInterval(30)) == [
                start.addingTimeInterval(60), start.addingTimeInterval(120),
            ])
        #expect(try store.limitEvents("b", since: start) == [start.addingTimeInterval(90)])
        // Recording later forgets what is older than the cutoff, of every key.
        try store.recordLimitEvent("b", at: start.addingTimeInterval(7200), forgetBefore: start.addingTimeInterval(100))
        #expect(try store.limitEvents("a", since: start.addingTimeInterval(-1)) == [start.addingTimeInterval(120)])
        #expect(try store.limitEvents("b", since: start.addingTimeInterval(-1)) == [start.addingTimeInterval(7200)])
    }

    @Test(arguments: Backend.available) func officersAndSessions(_ backend: Backend) throws {
        let store = try backend.make()
        #expect(try store.passwordHash(ofOfficer: "anna") == nil)
        try store.setOfficer("anna", passwordHash: "$2b$first")
        #expect(try store.passwordHash(ofOfficer: "anna") == "$2b$first")
        let later = Date().addingTimeInterval(3600)
        try store.startSession(id: "s1", officer: "anna", csrf: "t1", expiresAt: later)
        try store.startSession(id: "old", officer: "anna", csrf: "t0", expiresAt: Date().addingTimeInterval(-10))
        #expect(try store.session(id: "s1")?.csrf == "t1")
        #expect(try store.session(id: "old") == nil, "an expired session is none")
        // A new password ends every session of that officer.
        try store.setOfficer("anna", passwordHash: "$2b$second")
        #expect(try store.session(id: "s1") == nil)
        try store.startSession(id: "s2", officer: "anna", csrf: "t2", expiresAt: later)
        try store.endSession(id: "s2")
        #expect(try store.session(id: "s2") == nil)
        #expect(try store.integrityCheck() == "ok")
    }
}

/// A value guarded by a lock, for tests that write from several threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func update(_ change: (inout Value) -> Void) {
        lock.lock()
        change(&stored)
        lock.unlock()
    }
}
