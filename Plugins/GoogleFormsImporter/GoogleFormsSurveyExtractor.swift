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

        let columns = texts.indices.dropFirst().map { (Self.questionID($0), texts[$0], values[$0]) }
        return TableSurvey.guessByPosition(columns, name: file.deletingPathExtension().lastPathComponent)
    }
}
