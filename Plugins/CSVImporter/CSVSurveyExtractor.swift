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
        var statements: [Statement] = []
        var demographics: [DemographicQuestion] = []
        var questions: [Question] = []
        var skipped: [String] = []
        var groups: [(id: String, options: [String], columns: [Int])] = []
        var usedIDs = Set<String>()
        /// A valid, unused survey id for a column name.
        func uniqueID(_ name: String) -> String {
            let base = SurveyExtraction.identifier(name)
            var id = base
            var n = 2
            while !usedIDs.insert(id).inserted {
                id = "\(base)-\(n)"
                n += 1
            }
            return id
        }
        for (i, name) in headers.enumerated() where !name.isEmpty && !ColumnPlan.isMetadata(name) {
            if let open = name.firstIndex(of: "["), name.hasSuffix("]") {
                let id = String(name[..<open])
                let option = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
                if let g = groups.firstIndex(where: { $0.id == id }) {
                    groups[g].options.append(option)
                    groups[g].columns.append(i)
                } else {
                    groups.append((id, [option], [i]))
                }
                continue
            }
            let text = LocalizedText(name)
            let numbers = values[i].compactMap { Int($0) }
            let distinct = Array(Set(values[i])).sorted()
            if values[i].isEmpty {
                skipped.append("'\(name)': no answers to tell its kind from")
            } else if Self.looksLikeMetadata(values[i]) {
                skipped.append("'\(name)': ids, dates, times, links or locations, not answers")
            } else if numbers.count == values[i].count, let low = numbers.min(), let high = numbers.max() {
                let scale: Scale? =
                    low >= -1 && high <= 1 && low < 0 ? .vote : low >= 1 && high <= 5 ? .likert5 : low >= 1 && high <= 7 ? .likert7 : nil
                if let scale {
                    statements.append(Statement(id: uniqueID(name), theme: SurveyExtraction.unsortedTheme.id, text: text, scale: scale))
                } else {
                    skipped.append("'\(name)': numbers from \(low) to \(high) are no statement scale")
                }
            } else if values[i].count >= 10, distinct.count <= 12, distinct.count * 3 <= values[i].count {
                // Category codes must be ids; the values as written stay their labels, which the
                // importer also accepts.
                var codes = Set<String>()
                let categories = distinct.map { value -> Category in
                    var code = SurveyExtraction.identifier(value.lowercased())
                    var n = 2
                    while !codes.insert(code).inserted {
                        code = "\(SurveyExtraction.identifier(value.lowercased()))-\(n)"
                        n += 1
                    }
                    return Category(code: code, label: LocalizedText(value))
                }
                demographics.append(DemographicQuestion(id: uniqueID(name), text: text, categories: categories))
            } else if values[i].contains(where: { $0.count > 20 }) || distinct.count > 12 {
                questions.append(Question(id: uniqueID(name), kind: .open, text: text))
            } else {
                skipped.append("'\(name)': too few answers (\(values[i].count)) to tell a category question from an open one")
            }
        }
        for g in groups {
            guard !g.id.trimmingCharacters(in: .whitespaces).isEmpty else {
                skipped.append("columns '[…]' without a question name")
                continue
            }
            let numbers = g.columns.flatMap { values[$0] }.compactMap { Int($0) }
            var optionCodes = Set<String>()
            let options = g.options.map { option -> Category in
                var code = SurveyExtraction.identifier(option)
                var n = 2
                while !optionCodes.insert(code).inserted {
                    code = "\(SurveyExtraction.identifier(option))-\(n)"
                    n += 1
                }
                return Category(code: code, label: LocalizedText(option.isEmpty ? code : option))
            }
            if numbers.allSatisfy({ $0 == 0 || $0 == 1 }) {
                questions.append(Question(id: uniqueID(g.id), kind: .multipleChoice, text: LocalizedText(g.id), options: options))
            } else if g.options.allSatisfy({ Int($0) != nil }) {
                skipped.append("'\(g.id)[…]': numbered columns; if this is a ranking, add it as a ranking question with its options")
            } else {
                questions.append(
                    Question(
                        id: uniqueID(g.id), kind: .points, text: LocalizedText(g.id), options: options,
                        total: numbers.max().map { _ in 100 }))
            }
        }
        let id = SurveyExtraction.identifier(file.deletingPathExtension().lastPathComponent.lowercased())
        return SurveyExtraction(
            survey: Survey(
                id: id, title: LocalizedText(file.deletingPathExtension().lastPathComponent), themes: [SurveyExtraction.unsortedTheme],
                statements: statements, demographics: demographics, questions: questions),
            skipped: skipped)
    }

    /// Values that are ids, timestamps, links or coordinates rather than answers.
    static func looksLikeMetadata(_ values: [String]) -> Bool {
        let sample = values.prefix(50)
        let matches = sample.filter { v in
            v.hasPrefix("uuid:") || v.hasPrefix("http://") || v.hasPrefix("https://")
                || (v.filter { $0 == "-" }.count >= 2 && v.contains(":"))  // 2026-03-01 10:00:00
                || (v.split(separator: " ").count >= 3 && v.split(separator: " ").allSatisfy { Double($0) != nil })  // lat lon alt acc
        }
        return matches.count * 2 > sample.count
    }
}
