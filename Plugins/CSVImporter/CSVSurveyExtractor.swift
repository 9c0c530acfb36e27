package import DraagvlakCore
package import Foundation
import Readers

/// A survey definition from a plain CSV export's header and first rows: columns of numbers
/// 1–5, 1–7 or −1/0/1 become statements on that scale, columns with a few distinct texts
/// demographic questions, `name[option]` columns checkboxes (0/1) or point allocations, and
/// the rest open questions. Respondent id and timestamp columns are recognised and left out.
extension CSVImporter: SurveyExtractor {
    package func identifyStructure(_ sample: FileSample) -> FormatMatch {
        if String(decoding: sample.head.prefix(200), as: UTF8.self).hasPrefix("class\ttype/scale\tname") {
            return .declined(
                "a LimeSurvey tab-separated structure export; export the survey as .lss (or .lsa) and make the survey from that")
        }
        let match = identify(sample)
        return match.confidence > 0 ? FormatMatch(confidence: min(match.confidence, 0.3), reason: "a CSV header: \(match.reason)") : match
    }

    package func survey(from file: URL, displayName: String) throws -> SurveyExtraction {
        var reader = try CSVReader(url: file, file: displayName)
        defer { reader.close() }
        guard let header = try reader.next() else { throw InputError("\(displayName): the file is empty") }
        let headers = header.fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
        var values = [[String]](repeating: [], count: headers.count)
        var rows = 0
        while rows < 5_000, let record = try reader.next() {
            for (i, field) in record.fields.enumerated() where i < headers.count {
                let text = String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { values[i].append(text) }
            }
            rows += 1
        }
        return TableSurvey.guess(headers: headers, values: values, name: file.deletingPathExtension().lastPathComponent)
    }
}
