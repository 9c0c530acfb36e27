public import DraagvlakCore
public import Foundation

/// A survey definition from a plain CSV export's header and first rows: columns of numbers
/// 1–5, 1–7 or −1/0/1 become statements on that scale, columns with a few distinct texts
/// demographic questions, `name[option]` columns checkboxes (0/1) or point allocations, and
/// the rest open questions. Respondent id and timestamp columns are recognised and left out.
extension CSVImporter: SurveyExtractor {
    public func identifyStructure(_ sample: FileSample) -> FormatMatch {
        let match = identify(sample)
        return match.confidence > 0 ? FormatMatch(confidence: min(match.confidence, 0.3), reason: "a CSV header: \(match.reason)") : match
    }

    public func survey(from file: URL, displayName: String) throws -> SurveyExtraction {
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
        var statements: [Statement] = [], demographics: [DemographicQuestion] = [], questions: [Question] = []
        var skipped: [String] = []
        var groups: [(id: String, options: [String], columns: [Int])] = []
        for (i, name) in headers.enumerated() where !name.isEmpty && !ColumnPlan.isMetadata(name) {
            if let open = name.firstIndex(of: "["), name.hasSuffix("]") {
                let id = String(name[..<open]), option = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
                if let g = groups.firstIndex(where: { $0.id == id }) {
                    groups[g].options.append(option)
                    groups[g].columns.append(i)
                } else {
                    groups.append((id, [option], [i]))
                }
                continue
            }
            let id = SurveyExtraction.identifier(name)
            let text = LocalizedText(name)
            let numbers = values[i].compactMap { Int($0) }
            if values[i].isEmpty {
                skipped.append("'\(name)': no answers to tell its kind from")
            } else if numbers.count == values[i].count, let low = numbers.min(), let high = numbers.max() {
                if low >= -1 && high <= 1 && low < 0 {
                    statements.append(Statement(id: id, theme: SurveyExtraction.unsortedTheme.id, text: text, scale: .vote))
                } else if low >= 1 && high <= 5 {
                    statements.append(Statement(id: id, theme: SurveyExtraction.unsortedTheme.id, text: text, scale: .likert5))
                } else if low >= 1 && high <= 7 {
                    statements.append(Statement(id: id, theme: SurveyExtraction.unsortedTheme.id, text: text, scale: .likert7))
                } else {
                    skipped.append("'\(name)': numbers from \(low) to \(high) are no statement scale")
                }
            } else {
                let distinct = Array(Set(values[i])).sorted()
                if distinct.count <= 12 && distinct.count * 3 <= max(3, values[i].count) {
                    demographics.append(DemographicQuestion(id: id, text: text, categories: distinct.map { Category(code: $0, label: LocalizedText($0)) }))
                } else {
                    questions.append(Question(id: id, kind: .open, text: text))
                }
            }
        }
        for g in groups {
            let numbers = g.columns.flatMap { values[$0] }.compactMap { Int($0) }
            let options = g.options.map { Category(code: $0, label: LocalizedText($0)) }
            if numbers.allSatisfy({ $0 == 0 || $0 == 1 }) {
                questions.append(Question(id: SurveyExtraction.identifier(g.id), kind: .multipleChoice, text: LocalizedText(g.id), options: options))
            } else if g.options.allSatisfy({ Int($0) != nil }) {
                skipped.append("'\(g.id)[…]': numbered columns; if this is a ranking, add it as a ranking question with its options")
            } else {
                questions.append(Question(id: SurveyExtraction.identifier(g.id), kind: .points, text: LocalizedText(g.id), options: options,
                                          total: numbers.max().map { _ in 100 }))
            }
        }
        let id = SurveyExtraction.identifier(file.deletingPathExtension().lastPathComponent.lowercased())
        return SurveyExtraction(
            survey: Survey(id: id, title: LocalizedText(file.deletingPathExtension().lastPathComponent), themes: [SurveyExtraction.unsortedTheme],
                           statements: statements, demographics: demographics, questions: questions),
            skipped: skipped)
    }
}
