import DraagvlakCore
import Foundation
import Readers
import Testing

@testable import PolisImporter

/// The four Polis conversations of `../shared/datasets/polis/` (CC BY 4.0, compdemocracy/openData),
/// read in place: they may not be copied into the repository.
let polisData = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/datasets/polis")
let polisDataPresent = FileManager.default.fileExists(atPath: polisData.path)
let polisDataMissing = "\(polisData.path) is absent: the Polis importer conformance tests are skipped"

/// Expected figures (research note /tmp/formats/odk-kobo-polis.md §3, checked with Python).
struct Conversation: Sendable, CustomTestStringConvertible {
    var folder: String
    var participants: Int
    var statements: Int
    var keptApart: Int
    /// Answers on the vision's statements: agree, disagree, pass.
    var cells: (agree: Int, disagree: Int, pass: Int)
    /// Vote events in votes.csv, or nil when the export has none.
    var events: Int?
    /// (participant, comment, value or nil) from the matrix.
    var samples: [(String, Int, Int8?)]

    var testDescription: String { folder }
}

let conversations = [
    Conversation(
        folder: "ssis.land-bank-farmland.2rumnecbeh.2021-08-01", participants: 404, statements: 192, keptApart: 105,
        cells: (17_108, 9_662, 6_568), events: 33_530, samples: [("0", 0, 1), ("1", 1, 1), ("0", 2, -1), ("0", 5, 0), ("351", 296, nil)]),
    Conversation(
        folder: "bg2050-volunteers", participants: 126, statements: 315, keptApart: 56,
        cells: (9_691, 1_476, 2_419), events: 14_341, samples: [("0", 0, 0), ("1", 1, 1), ("0", 53, -1), ("101", 370, nil), ("8", 7, 1)]),
    Conversation(
        folder: "vtaiwan.uberx", participants: 1_921, statements: 119, keptApart: 78,
        cells: (30_950, 11_880, 6_518), events: 49_997, samples: [("0", 0, 1), ("0", 38, -1), ("0", 12, 0), ("4170", 5, nil)]),
    Conversation(
        folder: "american-assembly.bowling-green", participants: 2_031, statements: 607, keptApart: 289,
        cells: (109_378, 38_594, 77_068), events: nil, samples: [("0", 0, -1), ("2", 1, 1), ("0", 40, 0), ("1309", 5, nil)]),
]

/// Per comment id: the agree and disagree cells of the final matrix, counted straight from the file.
func matrixTallies(_ url: URL) throws -> [Int: PolisTally] {
    var reader = try CSVReader(url: url, file: url.lastPathComponent)
    defer { reader.close() }
    let first = try reader.next()
    let header = try #require(first).fields.map { String(decoding: $0, as: UTF8.self) }
    var tallies: [Int: PolisTally] = [:]
    while let record = try reader.next() {
        for (i, name) in header.enumerated() {
            guard let id = Int(name), let vote = Int(String(decoding: record.fields[i], as: UTF8.self)) else { continue }
            tallies[id, default: PolisTally()].add(vote)
        }
    }
    return tallies
}

/// Per statement of `survey`: agree and disagree answers among `responses`.
func responseTallies(_ responses: [Response], survey: Survey) -> [String: PolisTally] {
    var tallies: [String: PolisTally] = [:]
    for response in responses {
        for (s, value) in response.statements.enumerated() {
            guard let value else { continue }
            tallies[survey.statements[s].id, default: PolisTally()].add(Int(value))
        }
    }
    return tallies
}

@Suite(.enabled(if: polisDataPresent, Comment(rawValue: polisDataMissing)))
struct PolisConformanceTests {
    @Test(arguments: conversations) func participantsVotesImport(_ c: Conversation) throws {
        let folder = polisData.appendingPathComponent(c.folder)
        let extraction = try PolisImporter().survey(from: folder.appendingPathComponent("comments.csv"), displayName: "comments.csv")
        let survey = extraction.survey
        #expect(survey.statements.count == c.statements)
        #expect(extraction.skipped.count == c.keptApart)

        let matrixFile = folder.appendingPathComponent("participants-votes.csv")
        #expect(PolisImporter().identify(try FileSample.read(matrixFile)).confidence == 0.95)
        let (session, responses) = try importPolis(matrixFile, survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.count == c.participants)
        #expect(session.notes.contains { $0.contains("agree = +1") && !$0.contains("could not be confirmed") })

        // Per statement, agree and disagree counts equal the final matrix.
        let expected = try matrixTallies(matrixFile)
        let got = responseTallies(responses, survey: survey)
        for statement in survey.statements {
            let id = Int(statement.id.dropFirst())!
            #expect((got[statement.id] ?? PolisTally()) == (expected[id] ?? PolisTally()), "\(c.folder) \(statement.id)")
        }
        var cells = (agree: 0, disagree: 0, pass: 0)
        for response in responses {
            for case let value? in response.statements {
                if value > 0 { cells.agree += 1 } else if value < 0 { cells.disagree += 1 } else { cells.pass += 1 }
            }
        }
        let counted: [Int] = [cells.agree, cells.disagree, cells.pass]
        let research: [Int] = [c.cells.agree, c.cells.disagree, c.cells.pass]
        #expect(counted == research)

        let byRespondent = Dictionary(uniqueKeysWithValues: responses.map { ($0.respondent, $0) })
        for (participant, comment, value) in c.samples {
            guard case .statement(let s) = survey.reference(to: "c\(comment)") else {
                Issue.record("c\(comment) is not a statement of \(c.folder)")
                continue
            }
            #expect(byRespondent[participant]?.statements[s] == value, "\(c.folder) \(participant) → c\(comment)")
        }
    }

    @Test func aKeptApartCommentIsNoStatement() throws {
        // vtaiwan comment 1 is moderated out; participant 1 voted -1 on it.
        let survey = try PolisImporter().survey(
            from: polisData.appendingPathComponent("vtaiwan.uberx/comments.csv"), displayName: "comments.csv"
        ).survey
        #expect(survey.reference(to: "c1") == nil)
        #expect(survey.reference(to: "c0") == .statement(0))
    }

    @Test(arguments: conversations.filter { $0.events != nil }) func votesKeepEachVotersLastVote(_ c: Conversation) throws {
        let folder = polisData.appendingPathComponent(c.folder)
        let survey = try PolisImporter().survey(from: folder.appendingPathComponent("comments.csv"), displayName: "comments.csv").survey
        let votesFile = folder.appendingPathComponent("votes.csv")
        #expect(PolisImporter().identify(try FileSample.read(votesFile)).confidence == 0.9)
        let (session, responses) = try importPolis(votesFile, survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.count == c.participants)
        #expect(session.notes.contains { $0.hasPrefix("sign checked: the vote events on all") })

        // Each voter's last vote equals their cell of the final matrix, answer for answer.
        let (_, matrix) = try importPolis(folder.appendingPathComponent("participants-votes.csv"), survey: survey)
        let byRespondent = Dictionary(uniqueKeysWithValues: matrix.map { ($0.respondent, $0.statements) })
        var differing = 0
        for response in responses where byRespondent[response.respondent] != response.statements { differing += 1 }
        #expect(differing == 0)
        #expect(responses.allSatisfy { $0.submittedAt?.hasSuffix("Z") == true })
    }

    @Test(arguments: conversations.filter { $0.events != nil }) func everyVoteEventIsRead(_ c: Conversation) throws {
        // comments.csv's agrees/disagrees count every vote event, changed votes included.
        let folder = polisData.appendingPathComponent(c.folder)
        let votes = try PolisVotes.read(folder.appendingPathComponent("votes.csv"), displayName: "votes.csv", session: nil)
        #expect(votes.eventCount == c.events)
        let comments = try PolisComment.read(folder.appendingPathComponent("comments.csv"), displayName: "comments.csv")
        var mismatches = 0
        for comment in comments {
            let events = votes.events[comment.id] ?? PolisTally()
            if events != PolisTally(agree: comment.agrees, disagree: comment.disagrees) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(
            PolisSign.violations(votes.events, Dictionary(uniqueKeysWithValues: comments.map { ($0.id, $0) }), flipped: true, exact: true)
                > 0)
    }

    @Test func bg2050VoterEightChangedTheirVote() throws {
        // Voter 8 on comment 7 voted 1, 1, -1, 1, 1, 1, 1: the last vote counts.
        let votes = try PolisVotes.read(
            polisData.appendingPathComponent("bg2050-volunteers/votes.csv"), displayName: "votes.csv", session: nil)
        #expect(votes.last[PolisVotes.Pair(voter: 8, comment: 7)]?.value == 1)
    }
}
