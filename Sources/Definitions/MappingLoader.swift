package import DraagvlakCore
package import Foundation
import Yams

/// Loads a column mapping file (`--mapping`): which export column holds which question.
///
/// ```yaml
/// respondent: "Response ID"
/// submittedAt: "Submitted"
/// columns:
///   "Q1. Meer woningen voor starters": S01
/// ignore: ["IP address"]
/// values:
///   S01: {"Zeer mee eens": 5}
/// ```
package enum MappingLoader {
    package static func load(_ url: URL, survey: Survey, displayName: String? = nil) throws -> ColumnMapping {
        let name = displayName ?? url.path
        return try parse(readText(url, displayName: name), file: name, survey: survey)
    }

    package static func parse(_ text: String, file: String, survey: Survey) throws -> ColumnMapping {
        let reader = YAMLReader(file: file)
        guard let root = reader.root(text),
            let f = reader.mapping(root, "", optional: ["respondent", "submittedAt", "columns", "ignore", "values"])
        else {
            try reader.throwIfProblems("mapping")
            throw InputError("\(file): not a mapping file")
        }
        var mapping = ColumnMapping()
        mapping.respondentColumn = f["respondent"].flatMap { reader.string($0, "respondent") }
        mapping.submittedAtColumn = f["submittedAt"].flatMap { reader.string($0, "submittedAt") }
        if let node = f["columns"], let columns = reader.mapping(node, "columns") {
            for (header, value) in columns {
                guard let target = reader.string(value, "columns.\(header)") else { continue }
                let id = target.split(separator: "[").first.map(String.init) ?? target
                if survey.reference(to: id) == nil {
                    reader.report(value, "columns.\(header)", "'\(target)' is not a question of survey '\(survey.id)'")
                }
                mapping.columns[header] = target
            }
        }
        if let node = f["ignore"], let list = reader.sequence(node, "ignore") {
            for (i, item) in list.enumerated() { if let s = reader.string(item, "ignore[\(i)]") { mapping.ignored.insert(s) } }
        }
        if let node = f["values"], let questions = reader.mapping(node, "values") {
            for (question, labels) in questions {
                if survey.reference(to: question) == nil {
                    reader.report(labels, "values.\(question)", "'\(question)' is not a question of survey '\(survey.id)'")
                }
                guard let entries = reader.mapping(labels, "values.\(question)") else { continue }
                var map: [String: String] = [:]
                for (label, code) in entries { if let c = reader.string(code, "values.\(question).\(label)") { map[label] = c } }
                mapping.values[question] = map
            }
        }
        try reader.throwIfProblems("mapping")
        return mapping
    }
}
