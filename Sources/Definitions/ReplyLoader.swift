package import DraagvlakCore
package import Foundation
import Yams

/// Loads `reply.yaml`, the municipality's reply per theme and statement; theme and statement
/// ids are checked against the survey, and every mistake is reported with file, line and field.
///
/// ```yaml
/// date: 2027-03-12
/// wave: "2026"          # optional: the wave it answers (without it, every wave)
/// introduction: "U gaf ons … Hieronder leest u wat we ermee doen."
/// themes:
///   wonen: {verdict: partly, text: "…"}
/// statements:
///   S14: {verdict: not-adopted, text: {nl: "…", en: "…"}}
/// ```
package enum ReplyLoader {
    package static func load(_ url: URL, survey: Survey, displayName: String? = nil) throws -> Reply {
        let name = displayName ?? url.path
        return try parse(readText(url, displayName: name), file: name, survey: survey)
    }

    package static func parse(_ text: String, file: String, survey: Survey) throws -> Reply {
        let reader = YAMLReader(file: file)
        guard let root = reader.root(text),
            let f = reader.mapping(root, "", optional: ["date", "wave", "introduction", "themes", "statements"])
        else {
            try reader.throwIfProblems("reply")
            throw InputError("\(file): not a reply file")
        }
        var reply = Reply()
        reply.date = f["date"].flatMap { reader.string($0, "date") }
        if let node = f["wave"], let wave = reader.string(node, "wave") {
            if let problem = Wave.problem(wave) { reader.report(node, "wave", problem) } else { reply.wave = wave }
        }
        reply.introduction = f["introduction"].flatMap { reader.localized($0, "introduction") }
        // Only themes with statements: the chapter answers a theme beside what residents said of it.
        let themes = Set(survey.statements.map(\.theme))
        let statements = Set(survey.statements.map(\.id))
        func answers(_ key: String, known: Set<String>, noun: String) -> [String: Reply.Answer] {
            guard let node = f[key], let entries = reader.mapping(node, key) else { return [:] }
            var result: [String: Reply.Answer] = [:]
            for (id, entry) in entries {
                let path = "\(key).\(id)"
                guard known.contains(id) else {
                    reader.report(entry, path, "the survey has no \(noun) '\(id)'")
                    continue
                }
                guard let a = reader.mapping(entry, path, required: ["verdict", "text"]),
                    let verdictNode = a["verdict"], let value = reader.string(verdictNode, "\(path).verdict"),
                    let text = a["text"].flatMap({ reader.localized($0, "\(path).text") })
                else { continue }
                guard let verdict = Reply.Verdict(rawValue: value) else {
                    let allowed = Reply.Verdict.allCases.map(\.rawValue).joined(separator: ", ")
                    reader.report(verdictNode, "\(path).verdict", "expected one of: \(allowed)")
                    continue
                }
                result[id] = Reply.Answer(verdict: verdict, text: text)
            }
            return result
        }
        reply.themes = answers("themes", known: themes, noun: "theme")
        reply.statements = answers("statements", known: statements, noun: "statement")
        try reader.throwIfProblems("reply")
        return reply
    }
}
