package import DraagvlakCore
package import Foundation
import Yams

/// Loads and validates a survey definition (`Surveys/*.yaml`); see `docs/FORMATS.md`.
package enum SurveyLoader {
    package static func load(_ url: URL, displayName: String? = nil) throws -> Survey {
        let name = displayName ?? url.path
        return try parse(readText(url, displayName: name), file: name)
    }

    package static func parse(_ text: String, file: String) throws -> Survey {
        let reader = YAMLReader(file: file)
        guard let root = reader.root(text),
            let fields = reader.mapping(
                root, "",
                required: ["id", "title", "themes", "statements"],
                optional: ["version", "introduction", "scale", "demographics", "questions"])
        else {
            try reader.throwIfProblems("survey")
            throw InputError("\(file): not a survey definition")
        }
        let id = fields["id"].flatMap { reader.identifier($0, "id") } ?? ""
        let version = fields["version"].flatMap { reader.int($0, "version") } ?? 1
        let title = fields["title"].flatMap { reader.localized($0, "title") } ?? LocalizedText("")
        let introduction = fields["introduction"].flatMap { reader.localized($0, "introduction") }
        var defaultScale = Scale.likert5
        if let node = fields["scale"], let scale = scale(node, "scale", reader) { defaultScale = scale }

        var ids = Set<String>()
        func unique(_ id: String, _ node: Node, _ path: String) {
            if !ids.insert(id).inserted { reader.report(node, path, "id '\(id)' is used twice") }
        }

        var themes: [Theme] = []
        for (i, node) in (fields["themes"].flatMap { reader.sequence($0, "themes") } ?? []).enumerated() {
            let path = "themes[\(i)]"
            guard let f = reader.mapping(node, path, required: ["id", "title"]),
                let id = f["id"].flatMap({ reader.identifier($0, "\(path).id") }),
                let title = f["title"].flatMap({ reader.localized($0, "\(path).title") })
            else { continue }
            unique(id, f["id"]!, "\(path).id")
            themes.append(Theme(id: id, title: title))
        }
        let themeIDs = Set(themes.map(\.id))

        var statements: [Statement] = []
        for (i, node) in (fields["statements"].flatMap { reader.sequence($0, "statements") } ?? []).enumerated() {
            let path = "statements[\(i)]"
            guard let f = reader.mapping(node, path, required: ["id", "theme", "text"], optional: ["polarity", "scale", "ambition"]),
                let id = f["id"].flatMap({ reader.identifier($0, "\(path).id") }),
                let theme = f["theme"].flatMap({ reader.string($0, "\(path).theme") }),
                let text = f["text"].flatMap({ reader.localized($0, "\(path).text") })
            else { continue }
            unique(id, f["id"]!, "\(path).id")
            if !themeIDs.contains(theme) {
                reader.report(f["theme"], "\(path).theme", "unknown theme '\(theme)' (themes: \(themes.map(\.id).joined(separator: ", ")))")
            }
            var polarity = Polarity.forAmbition
            if let node = f["polarity"], let value = reader.int(node, "\(path).polarity") {
                if let p = Polarity(rawValue: value) { polarity = p } else { reader.report(node, "\(path).polarity", "must be 1 or -1") }
            }
            let statementScale = f["scale"].flatMap { scale($0, "\(path).scale", reader) } ?? defaultScale
            let ambition = f["ambition"].flatMap { reader.localized($0, "\(path).ambition") }
            statements.append(Statement(id: id, theme: theme, text: text, ambition: ambition, polarity: polarity, scale: statementScale))
        }
        if statements.isEmpty, reader.problems.isEmpty {
            reader.report(fields["statements"], "statements", "a survey needs at least one statement")
        }

        var demographics: [DemographicQuestion] = []
        for (i, node) in (fields["demographics"].flatMap { reader.sequence($0, "demographics") } ?? []).enumerated() {
            let path = "demographics[\(i)]"
            guard let f = reader.mapping(node, path, required: ["id", "text", "categories"]),
                let id = f["id"].flatMap({ reader.identifier($0, "\(path).id") }),
                let text = f["text"].flatMap({ reader.localized($0, "\(path).text") }),
                // A missing required field is reported by `mapping`; skip the entry.
                let categoriesNode = f["categories"]
            else { continue }
            unique(id, f["id"]!, "\(path).id")
            let categories = options(categoriesNode, "\(path).categories", reader)
            demographics.append(DemographicQuestion(id: id, text: text, categories: categories))
        }

        var questions: [Question] = []
        for (i, node) in (fields["questions"].flatMap { reader.sequence($0, "questions") } ?? []).enumerated() {
            let path = "questions[\(i)]"
            guard let f = reader.mapping(node, path, required: ["id", "kind", "text"], optional: ["options", "total"]),
                let id = f["id"].flatMap({ reader.identifier($0, "\(path).id") }),
                let kindName = f["kind"].flatMap({ reader.string($0, "\(path).kind") }),
                let text = f["text"].flatMap({ reader.localized($0, "\(path).text") })
            else { continue }
            unique(id, f["id"]!, "\(path).id")
            guard let kind = Question.Kind(rawValue: kindName) else {
                reader.report(
                    f["kind"], "\(path).kind",
                    "unknown kind '\(kindName)' (expected one of: \(Question.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            var questionOptions: [Category] = []
            if let node = f["options"] {
                questionOptions = options(node, "\(path).options", reader)
            } else if kind != .open {
                reader.report(node, "\(path).options", "a \(kind.rawValue) question needs options")
            }
            var total: Int?
            if let node = f["total"] {
                total = reader.int(node, "\(path).total")
                if kind != .points { reader.report(node, "\(path).total", "only point-allocation questions have a total") }
            }
            questions.append(Question(id: id, kind: kind, text: text, options: questionOptions, total: total))
        }

        try reader.throwIfProblems("survey")
        return Survey(
            id: id, version: version, title: title, introduction: introduction, themes: themes,
            statements: statements, demographics: demographics, questions: questions)
    }

    private static func scale(_ node: Node, _ path: String, _ reader: YAMLReader) -> Scale? {
        guard let name = reader.string(node, path) else { return nil }
        guard let scale = Scale(rawValue: name) else {
            reader.report(node, path, "unknown scale '\(name)' (expected likert5, likert7 or vote)")
            return nil
        }
        return scale
    }

    private static func options(_ node: Node, _ path: String, _ reader: YAMLReader) -> [Category] {
        var result: [Category] = []
        var codes = Set<String>()
        for (i, item) in (reader.sequence(node, path) ?? []).enumerated() {
            let itemPath = "\(path)[\(i)]"
            guard let f = reader.mapping(item, itemPath, required: ["code", "label"]),
                let code = f["code"].flatMap({ reader.identifier($0, "\(itemPath).code") }),
                let label = f["label"].flatMap({ reader.localized($0, "\(itemPath).label") })
            else { continue }
            if !codes.insert(code).inserted { reader.report(f["code"], "\(itemPath).code", "code '\(code)' is used twice") }
            result.append(Category(code: code, label: label))
        }
        if result.isEmpty, reader.problems.isEmpty { reader.report(node, path, "needs at least one option") }
        return result
    }
}
