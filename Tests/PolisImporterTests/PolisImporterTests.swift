import DraagvlakCore
import Foundation
import Testing

@testable import PolisImporter

func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
}

func sample(_ url: URL) throws -> FileSample {
    try FileSample.read(url)
}

/// Imports `file` against `survey`, collecting the responses.
func importPolis(_ file: URL, survey: Survey) throws -> (ImportSession, [Response]) {
    var responses: [Response] = []
    let session = ImportSession(survey: survey, file: file.lastPathComponent, pseudonymise: { $0 }, accept: { responses.append($0) })
    try PolisImporter().read(ImportFile(url: file), into: session)
    return (session, responses)
}

/// A copy of the fixture conversation in a temporary folder, with `edit` applied to each file's text.
func conversationCopy(_ edit: (String, String) -> String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("polis-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in ["comments.csv", "votes.csv", "participants-votes.csv"] {
        let original = try String(contentsOf: try fixture("conversation/\(name)"), encoding: .utf8)
        try edit(name, original).write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return folder
}

/// Swaps the sign of every vote: `-1` ↔ `1` in the vote columns (the last field of a votes.csv
/// row; the comment columns of participants-votes.csv).
func flipped(_ name: String, _ text: String) -> String {
    guard name != "comments.csv" else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line -> String in
        guard i > 0, !line.isEmpty else { return String(line) }
        var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let votes = name == "votes.csv" ? [fields.count - 1] : Array(7..<fields.count)
        for v in votes { fields[v] = fields[v] == "1" ? "-1" : fields[v] == "-1" ? "1" : fields[v] }
        return fields.joined(separator: ",")
    }.joined(separator: "\n")
}

@Suite struct PolisImporterTests {
    let survey: Survey

    init() throws {
        survey = try PolisImporter().survey(from: try fixture("conversation/comments.csv"), displayName: "comments.csv").survey
    }

    @Test func detectsEachFileOfAnExport() throws {
        let plugin = PolisImporter()
        #expect(plugin.identify(try sample(try fixture("conversation/participants-votes.csv"))).confidence == 0.95)
        #expect(plugin.identify(try sample(try fixture("conversation/votes.csv"))).confidence == 0.9)
        let comments = try sample(try fixture("conversation/comments.csv"))
        #expect(plugin.identify(comments).confidence == 0)
        #expect(plugin.identify(comments).reason.contains("survey from"))
        #expect(plugin.identifyStructure(comments).confidence == 0.95)
        // A vote file makes its survey from the comments.csv beside it.
        #expect(plugin.identifyStructure(try sample(try fixture("conversation/votes.csv"))).confidence == 0.9)
        #expect(plugin.identify(FileSample(url: URL(fileURLWithPath: "/x.csv"), head: Array("id,S1\nr1,4\n".utf8))).confidence == 0)
    }

    @Test func surveyKeepsModeratedOutAndMetaCommentsApart() throws {
        let extraction = try PolisImporter().survey(from: try fixture("conversation/comments.csv"), displayName: "comments.csv")
        #expect(extraction.survey.statements.map(\.id) == ["c0", "c1"])
        #expect(extraction.survey.statements.allSatisfy { $0.scale == .vote && $0.theme == SurveyExtraction.unsortedTheme.id })
        #expect(extraction.survey.statements[0].text == LocalizedText("Een autovrij centrum"))
        #expect(extraction.survey.statements[1].text.en == "Meer bomen in de wijk,\nook in de straten.")
        #expect(extraction.skipped.count == 2)
        #expect(extraction.skipped[0].hasPrefix("c2: moderated out"))
        #expect(extraction.skipped[1].hasPrefix("c3: a meta comment"))
        #expect(extraction.survey.id == "conversation")
    }

    @Test func importsTheVoteMatrix() throws {
        let (session, responses) = try importPolis(try fixture("conversation/participants-votes.csv"), survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.map(\.respondent) == ["1", "0", "2"])
        #expect(responses.map(\.statements) == [[1, 1], [1, -1], [0, -1]])
        #expect(responses.map(\.source.line) == [2, 3, 4])
        #expect(session.notes.contains { $0.hasPrefix("sign checked against comments.csv on 4 comments: agree = +1") })
        #expect(
            session.notes.contains("3 votes on 2 moderated-out or meta comments not imported (kept apart from the vision's statements)"))
        #expect(session.notes.allSatisfy { !$0.hasPrefix("ignored columns") })
    }

    @Test func votesKeepEachVotersLastVote() throws {
        let (session, responses) = try importPolis(try fixture("conversation/votes.csv"), survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.map(\.respondent) == ["0", "1", "2"])
        // Voter 1 changed c0 from -1 to 1, and c1's 1 at t+400 s is listed before a -1 at t+200 s;
        // voter 2's two votes on c1 share a millisecond, so the later row counts.
        #expect(responses.map(\.statements) == [[1, -1], [1, 1], [0, -1]])
        #expect(responses.map(\.submittedAt) == ["2024-09-20T19:22:30Z", "2024-09-20T19:26:40Z", "2024-09-20T19:22:50Z"])
        #expect(responses.map(\.source.line) == [2, 3, 5])
        #expect(session.notes.contains { $0.hasPrefix("sign checked: the vote events on all 4 comments equal") })
        #expect(session.notes.contains("12 vote events, 9 after keeping each voter's last vote per comment"))
        #expect(
            session.notes.contains("3 votes on 2 moderated-out or meta comments not imported (kept apart from the vision's statements)"))
    }

    @Test func votesAndMatrixGiveTheSameAnswers() throws {
        let (_, matrix) = try importPolis(try fixture("conversation/participants-votes.csv"), survey: survey)
        let (_, votes) = try importPolis(try fixture("conversation/votes.csv"), survey: survey)
        let byRespondent = Dictionary(uniqueKeysWithValues: matrix.map { ($0.respondent, $0.statements) })
        #expect(votes.allSatisfy { byRespondent[$0.respondent] == $0.statements })
    }

    @Test func aFlippedExportIsNegatedWithANote() throws {
        let folder = try conversationCopy(flipped)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["participants-votes.csv", "votes.csv"] {
            let (session, responses) = try importPolis(folder.appendingPathComponent(name), survey: survey)
            #expect(session.problems.isEmpty, "\(name)")
            #expect(Set(responses.map(\.statements)) == [[1, 1], [1, -1], [0, -1]], "\(name)")
            #expect(session.notes.contains { $0.hasPrefix("this export writes agree as -1") }, "\(name)")
        }
    }

    @Test func votesThatFitNeitherSignAreRefused() throws {
        // comments.csv claims no votes at all: every final vote exceeds its counts, either way round.
        let folder = try conversationCopy { name, text in
            guard name == "comments.csv" else { return text }
            return text.replacingOccurrences(of: ",2,3,0,", with: ",0,0,0,").replacingOccurrences(of: ",2,1,1,", with: ",0,0,1,")
                .replacingOccurrences(of: ",2,0,-1,", with: ",0,0,-1,").replacingOccurrences(of: ",0,1,1,true", with: ",0,0,1,true")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["participants-votes.csv", "votes.csv"] {
            let error = #expect(throws: InputError.self) {
                _ = try importPolis(folder.appendingPathComponent(name), survey: survey)
            }
            #expect(error?.summary.contains("fit comments.csv with neither sign") == true, "\(name)")
        }
    }

    @Test func withoutCommentsTheSignIsNotCheckedAndEveryColumnIsRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("polis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("participants-votes.csv")
        try FileManager.default.copyItem(at: try fixture("conversation/participants-votes.csv"), to: file)
        let (session, responses) = try importPolis(file, survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.count == 3)
        #expect(session.notes.contains { $0.hasPrefix("no comments.csv beside participants-votes.csv") })
        #expect(session.notes.contains("ignored columns that match no question: 'c2', 'c3'"))
    }

    @Test func eventCountsAreRead() throws {
        let votes = try PolisVotes.read(try fixture("conversation/votes.csv"), displayName: "votes.csv", session: nil)
        #expect(votes.eventCount == 12)
        #expect(votes.last.count == 9)
        #expect(votes.events[1] == PolisTally(agree: 2, disagree: 3))
        #expect(votes.finals[1] == PolisTally(agree: 1, disagree: 2))
    }
}
