package import DraagvlakCore
package import Foundation
import Readers

/// A survey from a Google Forms responses CSV: its header (question texts) and up to 5,000
/// answers, to guess each question's kind. Questions are named `q1`, `q2`, … by column; the
/// text stays the question's text. Whole numbers 1–5, 1–7 or −1…1 make a statement on that
/// scale, `;`-joined answers a checkbox question, a few repeated answers a choice question, and
/// the rest open questions. Columns that look like personal data (name, e-mail, phone, address)
/// are left out.
extension GoogleFormsImporter: SurveyExtractor {
    package func identifyStructure(_ sample: FileSample) -> FormatMatch {
        let match = identify(sample)
        return match.confidence > 0
            ? FormatMatch(confidence: min(match.confidence, 0.7), reason: "a Google Forms header: \(match.reason)") : match
    }

    /// Words of a question text that mark personal data, which is never stored.
    static let personalWords: Set<String> = [
        "name", "naam", "voornaam", "achternaam", "email", "mail", "phone", "telefoon", "telefoonnummer",
        "address", "adres", "username",
    ]

    static func looksPersonal(_ text: String) -> Bool {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).contains { personalWords.contains(String($0)) }
    }

    package func survey(from file: URL, displayName: String) throws -> SurveyExtraction {
        var reader = try CSVReader(url: file, file: displayName, delimiter: UInt8(ascii: ","))
        defer { reader.close() }
        guard let header = try reader.next() else { throw InputError("\(displayName): the file is empty") }
        let texts = header.fields.map { CSVSample.text($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        var values = [[String]](repeating: [], count: texts.count)
        var rows = 0
        while rows < 5_000, let record = try reader.next() {
            for (i, field) in record.fields.enumerated() where i < texts.count {
                let value = CSVSample.text(field).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { values[i].append(value) }
            }
            rows += 1
        }

        var statements: [Statement] = []
        var questions: [Question] = []
        var skipped: [String] = []
        let theme = SurveyExtraction.unsortedTheme.id
        for column in texts.indices.dropFirst() {
            let id = Self.questionID(column)
            let name = texts[column]
            let text = LocalizedText(name)
            let answers = values[column]
            if Self.looksPersonal(name) {
                skipped.append("\(id) '\(name)': looks like personal data (a name, e-mail address, phone number or address); left out")
                continue
            }
            if answers.isEmpty {
                skipped.append("\(id) '\(name)': no answers to tell its kind from")
                continue
            }
            let numbers = answers.compactMap { Int($0) }
            if numbers.count == answers.count, let low = numbers.min(), let high = numbers.max() {
                if low >= -1, high <= 1, low < 0 {
                    statements.append(Statement(id: id, theme: theme, text: text, scale: .vote))
                } else if low >= 1, high <= 5 {
                    statements.append(Statement(id: id, theme: theme, text: text, scale: .likert5))
                } else if low >= 1, high <= 7 {
                    statements.append(Statement(id: id, theme: theme, text: text, scale: .likert7))
                } else {
                    skipped.append("\(id) '\(name)': numbers from \(low) to \(high) fit no statement scale (1–5, 1–7, -1…1)")
                }
                continue
            }
            if answers.contains(where: { $0.contains(";") }) {
                let parts = answers.flatMap { $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } }.filter {
                    !$0.isEmpty
                }
                questions.append(Question(id: id, kind: .multipleChoice, text: text, options: Self.options(parts)))
                continue
            }
            let distinct = Set(answers).count
            if distinct <= 12, distinct < answers.count {
                questions.append(Question(id: id, kind: .choice, text: text, options: Self.options(answers)))
            } else {
                questions.append(Question(id: id, kind: .open, text: text))
            }
        }
        let name = file.deletingPathExtension().lastPathComponent
        return SurveyExtraction(
            survey: Survey(
                id: SurveyExtraction.identifier(name.lowercased()), title: LocalizedText(name),
                themes: [SurveyExtraction.unsortedTheme], statements: statements, questions: questions),
            skipped: skipped)
    }

    /// The distinct answers in order of first appearance, as options coded by their text.
    static func options(_ answers: [String]) -> [DraagvlakCore.Category] {
        var seen = Set<String>()
        var codes = Set<String>()
        var options: [DraagvlakCore.Category] = []
        for answer in answers where seen.insert(answer.lowercased()).inserted {
            var code = SurveyExtraction.identifier(answer)
            if !codes.insert(code).inserted {
                var n = 2
                while !codes.insert("\(code)_\(n)").inserted { n += 1 }
                code = "\(code)_\(n)"
            }
            options.append(DraagvlakCore.Category(code: code, label: LocalizedText(answer)))
        }
        return options
    }
}
