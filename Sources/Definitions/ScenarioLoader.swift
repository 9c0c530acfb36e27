package import DraagvlakCore
package import Foundation

/// Loads a scenario set (`Surveys/scenarios/*.yaml`): an id, a title, and scenarios with an id,
/// title, summary and drivers, each in Dutch and English.
package enum ScenarioLoader {
    package static func load(_ url: URL, displayName: String? = nil) throws -> ScenarioSet {
        let name = displayName ?? url.path
        return try parse(readText(url, displayName: name), file: name)
    }

    package static func parse(_ text: String, file: String) throws -> ScenarioSet {
        let reader = YAMLReader(file: file)
        guard let root = reader.root(text),
            let f = reader.mapping(root, "", required: ["id", "title", "scenarios"], optional: ["description"])
        else {
            try reader.throwIfProblems("scenario set")
            throw InputError("\(file): not a scenario set")
        }
        var set = ScenarioSet(
            id: f["id"].flatMap { reader.identifier($0, "id") } ?? "",
            title: f["title"].flatMap { reader.localized($0, "title") } ?? LocalizedText(""),
            description: f["description"].flatMap { reader.localized($0, "description") }, scenarios: [])
        var ids = Set<String>()
        for (i, node) in (f["scenarios"].flatMap { reader.sequence($0, "scenarios") } ?? []).enumerated() {
            let path = "scenarios[\(i)]"
            guard let s = reader.mapping(node, path, required: ["id", "title", "summary"], optional: ["drivers"]),
                let id = s["id"].flatMap({ reader.identifier($0, "\(path).id") })
            else { continue }
            if !ids.insert(id).inserted { reader.report(s["id"], "\(path).id", "scenario '\(id)' is defined twice") }
            let drivers = (s["drivers"].flatMap { reader.sequence($0, "\(path).drivers") } ?? []).enumerated().compactMap { j, d in
                reader.localized(d, "\(path).drivers[\(j)]")
            }
            set.scenarios.append(
                Scenario(
                    id: id, title: s["title"].flatMap { reader.localized($0, "\(path).title") } ?? LocalizedText(id),
                    summary: s["summary"].flatMap { reader.localized($0, "\(path).summary") } ?? LocalizedText(""), drivers: drivers))
        }
        if set.scenarios.isEmpty { reader.report(f["scenarios"], "scenarios", "a scenario set needs at least one scenario") }
        try reader.throwIfProblems("scenario set")
        return set
    }
}
