package import DraagvlakCore
import Foundation

/// Survey definitions guessed from a table of answers (a header and up to a few thousand rows),
/// shared by the importers of tabular exports (CSV, Google Forms, Excel) for `survey from`.
package enum TableSurvey {
    /// A survey from a header of question names: columns of numbers 1–5, 1–7 or −1/0/1 become
    /// statements on that scale, columns with a few distinct texts demographic questions,
    /// `name[option]` columns checkboxes (0/1) or point allocations, and the rest open
    /// questions. Respondent id and timestamp columns are recognised and left out.
    package static func guess(headers: [String], values: [[String]], name: String) -> SurveyExtraction {
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
            } else if looksLikeMetadata(values[i]) {
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
        let id = SurveyExtraction.identifier(name.lowercased())
        return SurveyExtraction(
            survey: Survey(
                id: id, title: LocalizedText(name), themes: [SurveyExtraction.unsortedTheme],
                statements: statements, demographics: demographics, questions: questions),
            skipped: skipped)
    }

    /// Values that are ids, timestamps, links or coordinates rather than answers.
    package static func looksLikeMetadata(_ values: [String]) -> Bool {
        let sample = values.prefix(50)
        let matches = sample.filter { v in
            v.hasPrefix("uuid:") || v.hasPrefix("http://") || v.hasPrefix("https://")
                || (v.filter { $0 == "-" }.count >= 2 && v.contains(":"))  // 2026-03-01 10:00:00
                || (v.split(separator: " ").count >= 3 && v.split(separator: " ").allSatisfy { Double($0) != nil })  // lat lon alt acc
        }
        return matches.count * 2 > sample.count
    }

    /// A survey from a form tool's export, whose header holds question texts: each column is a
    /// question named by its position (`id`), its text kept. Whole numbers 1–5, 1–7 or −1…1 make
    /// a statement on that scale, `;`-joined answers a checkbox question, a few repeated answers
    /// a choice question (a demographic question when it asks for a district, age band,
    /// housing or gender, so the vision can compare those groups), and the rest open questions.
    /// Columns that look like personal data (name, e-mail, phone, address) are left out.
    package static func guessByPosition(_ columns: [(id: String, text: String, values: [String])], name: String) -> SurveyExtraction {
        var statements: [Statement] = []
        var demographics: [DemographicQuestion] = []
        var questions: [Question] = []
        var skipped: [String] = []
        let theme = SurveyExtraction.unsortedTheme.id
        for (id, name, answers) in columns {
            let text = LocalizedText(name)
            if looksPersonal(name) {
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
                questions.append(Question(id: id, kind: .multipleChoice, text: text, options: options(parts)))
                continue
            }
            let distinct = Set(answers).count
            if distinct <= 12, distinct < answers.count, asksForAGroup(name) {
                demographics.append(DemographicQuestion(id: id, text: text, categories: options(answers)))
            } else if distinct <= 12, distinct < answers.count {
                questions.append(Question(id: id, kind: .choice, text: text, options: options(answers)))
            } else {
                questions.append(Question(id: id, kind: .open, text: text))
            }
        }
        return SurveyExtraction(
            survey: Survey(
                id: SurveyExtraction.identifier(name.lowercased()), title: LocalizedText(name),
                themes: [SurveyExtraction.unsortedTheme], statements: statements, demographics: demographics, questions: questions),
            skipped: skipped)
    }

    /// Words of a question text that ask which group a resident belongs to.
    static let groupWords: Set<String> = [
        "wijk", "buurt", "dorp", "kern", "stadsdeel", "woonplaats", "leeftijd", "leeftijdsgroep", "woonsituatie", "geslacht",
        "gender", "district", "neighbourhood", "neighborhood", "age",
    ]

    static func asksForAGroup(_ text: String) -> Bool {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).contains { groupWords.contains(String($0)) }
    }

    /// Words of a question text that mark personal data, which is never stored.
    static let personalWords: Set<String> = [
        "name", "naam", "voornaam", "achternaam", "email", "mail", "phone", "telefoon", "telefoonnummer",
        "address", "adres", "username",
    ]

    package static func looksPersonal(_ text: String) -> Bool {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).contains { personalWords.contains(String($0)) }
    }

    /// The distinct answers in order of first appearance, as options coded by their text.
    package static func options(_ answers: [String]) -> [DraagvlakCore.Category] {
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
