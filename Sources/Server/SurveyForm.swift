import DraagvlakCore
import Foundation

/// The residents' form, built from the survey definition: every statement as a radio group per
/// theme, demographics as radio groups, and the other questions by kind (choice, checkboxes,
/// ranking as one select per place, point allocation as number fields, open text). Field names
/// are the export column names of `Consultation.formFields`, so a posted form validates exactly
/// like an imported record.
struct SurveyForm {
    let survey: Survey
    let language: Language

    /// Errors per form field name, from the validation's problems.
    typealias Errors = [String: String]

    func context(values: [String: String], errors: Errors) -> [String: Any] {
        var themes: [[String: Any]] = []
        for theme in survey.themes {
            let statements = survey.statements.filter { $0.theme == theme.id }
            guard !statements.isEmpty else { continue }
            themes.append([
                "title": theme.title[language],
                "statements": statements.map { statement -> [String: Any] in
                    let options = statement.scale.labels(language).enumerated().map { i, point -> [String: Any] in
                        control(
                            [
                                "name": statement.id, "value": String(point.value), "label": point.label,
                                "checked": values[statement.id] == String(point.value),
                            ], question: statement.id, first: i == 0, errors: errors)
                    }
                    return withError(
                        ["anchor": anchor(statement.id), "text": statement.text[language], "options": options], errors[statement.id])
                },
            ])
        }
        var questions: [[String: Any]] = survey.demographics.map { question in
            let options = question.categories.enumerated().map { i, category -> [String: Any] in
                control(
                    [
                        "name": question.id, "value": category.code, "label": category.label[language],
                        "checked": values[question.id] == category.code,
                    ],
                    question: question.id, first: i == 0, errors: errors)
            }
            return withError(
                ["anchor": anchor(question.id), "text": question.text[language], "radios": ["options": options]], errors[question.id])
        }
        for question in survey.questions {
            var item: [String: Any] = ["anchor": anchor(question.id), "text": question.text[language]]
            switch question.kind {
            case .choice:
                item["radios"] = [
                    "options": question.options.enumerated().map { i, option -> [String: Any] in
                        control(
                            [
                                "name": question.id, "value": option.code, "label": option.label[language],
                                "checked": values[question.id] == option.code,
                            ],
                            question: question.id, first: i == 0, errors: errors)
                    }
                ]
            case .multipleChoice:
                item["checkboxes"] = [
                    "options": question.options.enumerated().map { i, option -> [String: Any] in
                        let name = "\(question.id)[\(option.code)]"
                        return control(
                            ["name": name, "label": option.label[language], "checked": values[name] == "1"], question: question.id,
                            first: i == 0, errors: errors)
                    }
                ]
            case .ranking:
                let rankWord = UIText.table(language)["rank"]!
                item["selects"] = question.options.indices.map { i -> [String: Any] in
                    let name = "\(question.id)[\(i + 1)]"
                    return control(
                        [
                            "id": i == 0 ? focusID(question.id) : "\(anchor(question.id))-\(i + 1)", "name": name,
                            "label": "\(rankWord) \(i + 1)",
                            "options": question.options.map { option -> [String: Any] in
                                ["value": option.code, "label": option.label[language], "checked": values[name] == option.code]
                            },
                        ], question: question.id, first: false, errors: errors)
                }
            case .points:
                if let total = question.total {
                    item["hint"] = String(format: UIText.counted(UIText.table(language), "pointsHint", total), total)
                }
                item["numbers"] = question.options.enumerated().map { i, option -> [String: Any] in
                    let name = "\(question.id)[\(option.code)]"
                    return control(
                        [
                            "id": i == 0 ? focusID(question.id) : "\(anchor(question.id))-\(option.code)", "name": name,
                            "label": option.label[language], "value": values[name] ?? "",
                        ],
                        question: question.id, first: false, errors: errors, hint: question.total != nil)
                }
            case .open:
                item["textarea"] = control(
                    [
                        "id": focusID(question.id), "name": question.id, "label": question.text[language],
                        "value": values[question.id] ?? "",
                    ], question: question.id, first: false, errors: errors)
            }
            questions.append(withError(item, errors[question.id]))
        }
        var summary: [[String: Any]] = []
        for name in orderedQuestionIDs where errors[name] != nil {
            summary.append(["anchor": name.isEmpty ? "main" : focusID(name), "label": label(of: name), "message": errors[name]!])
        }
        var context: [String: Any] = [
            "surveyTitle": survey.title[language], "themes": themes, "questions": questions,
            "errors": summary, "hasErrors": !summary.isEmpty,
        ]
        if let introduction = survey.introduction?[language] { context["introduction"] = introduction }
        return context
    }

    /// Problems of a submission, by the question they are about (a part field `Q[x]` counts for
    /// its question `Q`).
    static func errors(from problems: [Problem]) -> Errors {
        var errors: Errors = [:]
        for problem in problems {
            let name: String
            switch problem.subject {
            case .column(let column)?, .field(let column)?: name = column.split(separator: "[").first.map(String.init) ?? column
            case nil: name = ""
            }
            errors[name] = errors[name].map { "\($0); \(problem.message)" } ?? problem.message
        }
        return errors
    }

    private var orderedQuestionIDs: [String] {
        survey.statements.map(\.id) + survey.demographics.map(\.id) + survey.questions.map(\.id) + [""]
    }

    private func label(of id: String) -> String {
        if let s = survey.statements.first(where: { $0.id == id }) { return s.text[language] }
        if let d = survey.demographics.first(where: { $0.id == id }) { return d.text[language] }
        if let q = survey.questions.first(where: { $0.id == id }) { return q.text[language] }
        return survey.title[language]
    }

    private func anchor(_ id: String) -> String {
        "q-" + id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? String($0) : "-" }.joined()
    }

    /// The id of a question's first control, where the error summary's link lands.
    private func focusID(_ id: String) -> String {
        anchor(id) + "-first"
    }

    /// A form control tied to its question's error (and hint): `aria-invalid` and
    /// `aria-describedby`; the first control of a group carries the id the summary links to.
    private func control(_ item: [String: Any], question: String, first: Bool, errors: Errors, hint: Bool = false) -> [String: Any] {
        var item = item
        if first { item["firstID"] = focusID(question) }
        var describedBy: [String] = []
        if errors[question] != nil {
            item["invalid"] = true
            describedBy.append(anchor(question) + "-error")
        }
        if hint { describedBy.append(anchor(question) + "-hint") }
        if !describedBy.isEmpty { item["describedBy"] = describedBy.joined(separator: " ") }
        return item
    }

    private func withError(_ item: [String: Any], _ error: String?) -> [String: Any] {
        var item = item
        if let error { item["error"] = error }
        return item
    }
}
