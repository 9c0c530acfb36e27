package import DraagvlakCore
package import Foundation
import Readers

/// A survey from a Polis `comments.csv`: one vote-scale statement `c{comment-id}` per comment,
/// the comment's body as its text in both languages. Moderated-out and meta comments are kept
/// apart from the vision and listed as skipped. The title comes from `summary.csv` beside it.
extension PolisImporter: SurveyExtractor {
    package func identifyStructure(_ sample: FileSample) -> FormatMatch {
        guard let header = CSVSample.records(sample.head, limit: 1).first else { return .declined("the file is empty") }
        switch Self.layout(of: header) {
        case .comments:
            return FormatMatch(confidence: 0.95, reason: "a Polis comments.csv (comment-id, moderated, comment-body)")
        case .matrix, .votes:
            let comments = sample.url.deletingLastPathComponent().appendingPathComponent("comments.csv")
            guard FileManager.default.fileExists(atPath: comments.path) else {
                return .declined("a Polis vote file without a comments.csv beside it; make the survey from the conversation's comments.csv")
            }
            return FormatMatch(confidence: 0.9, reason: "a Polis vote file; the survey is made from the comments.csv beside it")
        case nil:
            return .declined("no Polis comments.csv header (comment-id, agrees, disagrees, moderated, comment-body)")
        }
    }

    package func survey(from given: URL, displayName: String) throws -> SurveyExtraction {
        // Given a vote file, the statements come from the conversation's comments.csv beside it.
        var file = given
        if let header = CSVSample.records(try FileSample.read(given).head, limit: 1).first, Self.layout(of: header) != .comments {
            file = given.deletingLastPathComponent().appendingPathComponent("comments.csv")
        }
        let comments = try PolisComment.read(file, displayName: file == given ? displayName : file.path).sorted { $0.id < $1.id }
        var statements: [Statement] = []
        var skipped: [String] = []
        for comment in comments {
            let id = PolisComment.statementID(comment.id)
            if let reason = comment.keptApartReason {
                skipped.append("\(id): \(reason); kept apart from the vision's statements, its votes are not imported")
                continue
            }
            statements.append(Statement(id: id, theme: SurveyExtraction.unsortedTheme.id, text: LocalizedText(comment.body), scale: .vote))
        }
        let folder = file.deletingLastPathComponent()
        let name = folder.lastPathComponent
        let title = (try? topic(folder.appendingPathComponent("summary.csv"))) ?? name
        return SurveyExtraction(
            survey: Survey(
                id: SurveyExtraction.identifier(name.lowercased()), title: LocalizedText(title),
                themes: [SurveyExtraction.unsortedTheme], statements: statements),
            skipped: skipped)
    }

    /// The conversation's topic from `summary.csv` (key,value rows), when there is one.
    private func topic(_ url: URL) throws -> String? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        var reader = try CSVReader(url: url, file: url.lastPathComponent, delimiter: UInt8(ascii: ","))
        defer { reader.close() }
        while let record = try reader.next() {
            if record.fields.count >= 2, CSVSample.text(record.fields[0]) == "topic" {
                let topic = CSVSample.text(record.fields[1]).trimmingCharacters(in: .whitespacesAndNewlines)
                return topic.isEmpty ? nil : topic
            }
        }
        return nil
    }
}
