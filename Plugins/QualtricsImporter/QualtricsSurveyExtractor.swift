package import DraagvlakCore
package import Foundation
import Readers

/// A survey from a Qualtrics `.qsf` (see `QualtricsSurveyFile`), or from a CSV export's header
/// rows and up to 5,000 responses. From a CSV, ids are the ImportIds (export tags in legacy
/// files) and texts the question-text row: `…_TEXT` columns become open questions; runs of
/// `QIDn_k` columns holding only `1` a checkbox question `QIDn` with options `k`; other columns
/// of whole numbers 1–5 or 1–7 statements, of a few values choice questions, else open.
extension QualtricsImporter: SurveyExtractor {
    package func identifyStructure(_ sample: FileSample) -> FormatMatch {
        var body = sample.head[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let start = String(decoding: body.prefix(4_096), as: UTF8.self)
        if start.drop(while: { $0.isWhitespace }).first == "{" {
            if start.contains("\"SurveyEntry\"") || start.contains("\"SurveyElements\"") {
                return FormatMatch(confidence: 0.95, reason: "a Qualtrics survey file (.qsf: JSON with SurveyEntry and SurveyElements)")
            }
            return .declined("JSON without Qualtrics's SurveyEntry or SurveyElements")
        }
        let match = identify(sample)
        return match.confidence > 0 ? FormatMatch(confidence: 0.8, reason: "a Qualtrics CSV header: \(match.reason)") : match
    }

    package func survey(from file: URL, displayName: String) throws -> SurveyExtraction {
        let sample = try FileSample.read(file, limit: 4_096)
        if String(decoding: sample.head, as: UTF8.self).drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{" {
            return try QualtricsSurveyFile(file, displayName: displayName).extraction
        }
        return try surveyFromCSV(file, displayName: displayName)
    }

    private func surveyFromCSV(_ file: URL, displayName: String) throws -> SurveyExtraction {
        var reader = try CSVReader(url: file, file: displayName, delimiter: UInt8(ascii: ","))
        defer { reader.close() }
        let header = try QualtricsHeader.read(&reader, file: displayName)
        let columns = header.columns.indices.compactMap { i -> (index: Int, key: String, text: String)? in
            guard case .question(let key) = header.columns[i].role else { return nil }
            return (i, key, header.columns[i].text)
        }
        var values = [[String]](repeating: [], count: header.columns.count)
        var rows = 0
        while rows < 5_000, let record = try reader.next() {
            guard record.fields.count == header.columns.count else { continue }
            for column in columns {
                let value = Self.answer(CSVSample.text(record.fields[column.index]).trimmingCharacters(in: .whitespaces))
                if !value.isEmpty { values[column.index].append(value) }
            }
            rows += 1
        }

        var statements: [Statement] = []
        var questions: [Question] = []
        var skipped: [String] = []
        let theme = SurveyExtraction.unsortedTheme.id
        var i = 0
        while i < columns.count {
            let column = columns[i]
            let parts = column.key.split(separator: "_", omittingEmptySubsequences: false)
            if parts.last == "TEXT" {
                questions.append(Question(id: SurveyExtraction.identifier(column.key), kind: .open, text: LocalizedText(column.text)))
                i += 1
                continue
            }
            // A run of `prefix_k` columns holding nothing but 1: a checkbox question.
            if parts.count > 1 {
                let prefix = parts.dropLast().joined(separator: "_")
                var end = i
                while end < columns.count, columns[end].key.hasPrefix(prefix + "_"),
                    !columns[end].key.dropFirst(prefix.count + 1).contains("_")
                {
                    end += 1
                }
                let run = columns[i..<end]
                if run.count > 1, run.allSatisfy({ values[$0.index].allSatisfy { $0 == "1" } }),
                    run.contains(where: { !values[$0.index].isEmpty })
                {
                    let texts = run.map(\.text)
                    let stem = Self.commonStem(texts)
                    let options = run.map { c in
                        DraagvlakCore.Category(
                            code: SurveyExtraction.identifier(String(c.key.dropFirst(prefix.count + 1))),
                            label: LocalizedText(Self.trimmedLabel(String(c.text.dropFirst(stem.count))).ifEmpty(c.key)))
                    }
                    questions.append(
                        Question(
                            id: SurveyExtraction.identifier(prefix), kind: .multipleChoice,
                            text: LocalizedText(Self.trimmedLabel(stem).ifEmpty(prefix)), options: options))
                    i = end
                    continue
                }
            }
            let id = SurveyExtraction.identifier(column.key)
            let answers = values[column.index]
            let text = LocalizedText(column.text.isEmpty ? column.key : column.text)
            let numbers = answers.compactMap { Int($0) }
            if answers.isEmpty {
                skipped.append("\(id) (\(header.columns[column.index].tag)): no answers to tell its kind from")
            } else if numbers.count == answers.count, let low = numbers.min(), let high = numbers.max(), low >= 1, high <= 7, high > low {
                statements.append(Statement(id: id, theme: theme, text: text, scale: high <= 5 ? .likert5 : .likert7))
            } else if Set(answers).count <= 12, Set(answers).count < answers.count || numbers.count == answers.count {
                let distinct = Array(Set(answers)).sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
                questions.append(
                    Question(
                        id: id, kind: .choice, text: text,
                        options: distinct.map { DraagvlakCore.Category(code: SurveyExtraction.identifier($0), label: LocalizedText($0)) }))
            } else {
                questions.append(Question(id: id, kind: .open, text: text))
            }
            i += 1
        }
        let name = file.deletingPathExtension().lastPathComponent
        return SurveyExtraction(
            survey: Survey(
                id: SurveyExtraction.identifier(name.lowercased()), title: LocalizedText(name),
                themes: [SurveyExtraction.unsortedTheme], statements: statements, questions: questions),
            skipped: skipped)
    }

    /// The longest start all texts share.
    static func commonStem(_ texts: [String]) -> String {
        guard var stem = texts.first else { return "" }
        for text in texts.dropFirst() {
            while !text.hasPrefix(stem) { stem.removeLast() }
        }
        return stem
    }

    /// A question or option text cut out of "Question-Option" or "Question - Option".
    static func trimmedLabel(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "- ").union(.whitespaces))
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
