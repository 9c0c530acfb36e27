package import DraagvlakCore
package import Foundation
import Yams

/// Loads decision files: one decision, or several under `decisions:` (e.g. the points of a
/// coalition agreement). Effects are checked against the survey, scenario effects against the
/// scenario set and group effects against the demographic questions, so every mistake is
/// reported with file, line and field — all of them at once.
package enum DecisionLoader {
    package static func load(_ url: URL, survey: Survey, scenarios: ScenarioSet? = nil, displayName: String? = nil) throws -> [Decision] {
        let name = displayName ?? url.path
        return try parse(
            readText(url, displayName: name), file: name, survey: survey, scenarios: scenarios,
            defaultID: url.deletingPathExtension().lastPathComponent)
    }

    package static func parse(_ text: String, file: String, survey: Survey, scenarios: ScenarioSet? = nil, defaultID: String = "decision")
        throws -> [Decision]
    {
        let reader = YAMLReader(file: file)
        guard let root = reader.root(text) else {
            try reader.throwIfProblems("decision")
            return []
        }
        var decisions: [Decision] = []
        if case .mapping(let m) = root, m.keys.contains(where: { $0.string == "decisions" }) {
            if let f = reader.mapping(root, "", required: ["decisions"], optional: ["title"]),
                let list = f["decisions"].flatMap({ reader.sequence($0, "decisions") })
            {
                for (i, node) in list.enumerated() {
                    if let d = decision(node, "decisions[\(i)]", reader, survey, scenarios, defaultID: "\(defaultID)-\(i + 1)") {
                        decisions.append(d)
                    }
                }
            }
        } else if let d = decision(root, "", reader, survey, scenarios, defaultID: defaultID) {
            decisions.append(d)
        }
        var ids = Set<String>()
        for (i, d) in decisions.enumerated() where !ids.insert(d.id).inserted {
            let location = SourceLocation(file: file, line: d.source?.line)
            reader.problemsAppend(Problem(location, .field("decisions[\(i)].id"), "decision id '\(d.id)' is used twice"))
        }
        for (i, d) in decisions.enumerated() where d.id == "overzicht" {
            reader.problemsAppend(
                Problem(
                    SourceLocation(file: file, line: d.source?.line), .field(decisions.count > 1 ? "decisions[\(i)].id" : "id"),
                    "'overzicht' is the name of the overview report; choose another id"))
        }
        try reader.throwIfProblems("decision file")
        return decisions
    }

    private static func decision(
        _ node: Node, _ path: String, _ reader: YAMLReader, _ survey: Survey, _ scenarios: ScenarioSet?, defaultID: String
    ) -> Decision? {
        func p(_ key: String) -> String { reader.join(path, key) }
        guard let f = reader.mapping(node, path, required: ["title", "options"], optional: ["id", "question", "preferred"]) else {
            return nil
        }
        let id = f["id"].flatMap { reader.identifier($0, p("id")) } ?? defaultID
        let title = f["title"].flatMap { reader.localized($0, p("title")) } ?? LocalizedText("")
        let question = f["question"].flatMap { reader.localized($0, p("question")) } ?? title
        var options: [DecisionOption] = []
        var optionIDs = Set<String>()
        for (i, item) in (f["options"].flatMap { reader.sequence($0, p("options")) } ?? []).enumerated() {
            let path = p("options[\(i)]")
            guard
                let o = reader.mapping(
                    item, path, required: ["id", "title"],
                    optional: ["description", "effects", "scenarios", "groups", "signposts", "statusQuo"]),
                let id = o["id"].flatMap({ reader.identifier($0, "\(path).id") })
            else { continue }
            if !optionIDs.insert(id).inserted { reader.report(o["id"], "\(path).id", "duplicate option '\(id)'") }
            let title = o["title"].flatMap { reader.localized($0, "\(path).title") } ?? LocalizedText(id)
            let description = o["description"].flatMap { reader.localized($0, "\(path).description") }
            var statusQuo = false
            if let node = o["statusQuo"] {
                if let b = node.bool { statusQuo = b } else { reader.report(node, "\(path).statusQuo", "expected true or false") }
            }
            let effects = o["effects"].map { effectList($0, "\(path).effects", reader, survey, allowZero: false) } ?? []
            var scenarioEffects: [String: [Effect]] = [:]
            if let node = o["scenarios"], let entries = reader.mapping(node, "\(path).scenarios") {
                for (scenario, value) in entries.sorted(by: { $0.key < $1.key }) {
                    let scenarioPath = "\(path).scenarios.\(scenario)"
                    if let scenarios, scenarios.scenario(scenario) == nil {
                        reader.report(
                            value, scenarioPath,
                            "scenario '\(scenario)' is not in the scenario set '\(scenarios.id)' (\(scenarios.scenarios.map(\.id).joined(separator: ", ")))"
                        )
                        continue
                    } else if scenarios == nil {
                        reader.report(
                            value, scenarioPath,
                            "the consultation names no scenario set ('scenarios' in consultation.yaml), so scenario '\(scenario)' is unknown"
                        )
                        continue
                    }
                    scenarioEffects[scenario] = effectList(value, scenarioPath, reader, survey, allowZero: true)
                }
            }
            var groupEffects: [GroupEffect] = []
            if let node = o["groups"], let dimensions = reader.mapping(node, "\(path).groups") {
                for (dimension, value) in dimensions.sorted(by: { $0.key < $1.key }) {
                    let dimensionPath = "\(path).groups.\(dimension)"
                    guard let question = survey.demographics.first(where: { $0.id == dimension }) else {
                        reader.report(
                            value, dimensionPath,
                            "the survey has no demographic question '\(dimension)' (\(survey.demographics.map(\.id).joined(separator: ", ")))"
                        )
                        continue
                    }
                    guard let categories = reader.mapping(value, dimensionPath) else { continue }
                    for (code, strengthNode) in categories.sorted(by: { $0.key < $1.key }) {
                        let groupPath = "\(dimensionPath).\(code)"
                        guard question.categoryIndex(code: code) != nil else {
                            reader.report(strengthNode, groupPath, "'\(dimension)' has no category '\(code)'")
                            continue
                        }
                        guard let strength = reader.int(strengthNode, groupPath) else { continue }
                        guard Effect.range.contains(strength) else {
                            reader.report(strengthNode, groupPath, "effect \(strength) is out of range (−2 … +2)")
                            continue
                        }
                        groupEffects.append(GroupEffect(dimension: dimension, category: code, strength: strength))
                    }
                }
            }
            var signposts: [Signpost] = []
            for (j, node) in (o["signposts"].flatMap { reader.sequence($0, "\(path).signposts") } ?? []).enumerated() {
                let signpostPath = "\(path).signposts[\(j)]"
                guard let sp = reader.mapping(node, signpostPath, required: ["indicator", "revisit"], optional: ["support"]),
                    let indicator = sp["indicator"].flatMap({ reader.localized($0, "\(signpostPath).indicator") }),
                    let revisit = sp["revisit"].flatMap({ reader.localized($0, "\(signpostPath).revisit") })
                else { continue }
                let signal = sp["support"].flatMap { supportSignal($0, "\(signpostPath).support", reader, survey) }
                signposts.append(Signpost(indicator: indicator, revisit: revisit, support: signal))
            }
            if id == Decision.statusQuoID && !statusQuo {
                reader.report(
                    o["id"], "\(path).id",
                    "the id '\(Decision.statusQuoID)' is for the status quo: add 'statusQuo: true' or choose another id")
            }
            if statusQuo, options.contains(where: \.isStatusQuo) {
                reader.report(
                    o["statusQuo"], "\(path).statusQuo", "a decision has one status quo; another option is already marked 'statusQuo: true'"
                )
            }
            if !statusQuo && effects.isEmpty && scenarioEffects.values.allSatisfy(\.isEmpty) {
                reader.report(item, path, "an option needs effects (or 'statusQuo: true' for the status quo)")
            }
            options.append(
                DecisionOption(
                    id: id, title: title, description: description, effects: effects, scenarioEffects: scenarioEffects,
                    groupEffects: groupEffects, signposts: signposts, isStatusQuo: statusQuo))
        }
        if options.count + (options.contains(where: \.isStatusQuo) ? 0 : 1) < 2 {
            reader.report(f["options"], p("options"), "a decision needs at least one option besides the status quo")
        }
        let preferred: String
        if let node = f["preferred"], let value = reader.string(node, p("preferred")) {
            // The status quo may be preferred also when it is added automatically.
            let statusQuoAdded = !options.contains(where: \.isStatusQuo) && value == Decision.statusQuoID
            if !optionIDs.contains(value) && !statusQuoAdded { reader.report(node, p("preferred"), "'\(value)' is not one of the options") }
            preferred = value
        } else {
            preferred = options.first(where: { !$0.isStatusQuo })?.id ?? ""
        }
        var decision = Decision(
            id: id, title: title, question: question, options: options, preferred: preferred,
            source: SourceLocation(file: reader.file, line: node.mark?.line))
        decision.addStatusQuoIfMissing()
        return decision
    }

    /// `{statement or theme id: −2…+2}`; in a scenario, 0 removes a general effect.
    private static func effectList(_ node: Node, _ path: String, _ reader: YAMLReader, _ survey: Survey, allowZero: Bool) -> [Effect] {
        guard let entries = reader.mapping(node, path) else { return [] }
        var effects: [Effect] = []
        for (target, value) in entries.sorted(by: { $0.key < $1.key }) {
            let effectPath = "\(path).\(target)"
            guard let strength = reader.int(value, effectPath) else { continue }
            if !Effect.range.contains(strength) {
                reader.report(value, effectPath, "effect \(strength) is out of range (−2 … +2)")
                continue
            }
            if strength == 0 && !allowZero { continue }
            if survey.statements.contains(where: { $0.id == target }) {
                effects.append(Effect(.statement(target), strength))
            } else if survey.theme(target) != nil {
                effects.append(Effect(.theme(target), strength))
            } else {
                reader.report(value, effectPath, "'\(target)' is neither a statement nor a theme of survey '\(survey.id)'")
            }
        }
        return effects
    }

    /// `{statement: S14, below: 0.5}`, optionally with `group: {district: centrum}`.
    private static func supportSignal(_ node: Node, _ path: String, _ reader: YAMLReader, _ survey: Survey) -> SupportSignal? {
        guard let f = reader.mapping(node, path, required: ["statement"], optional: ["below", "above", "group"]),
            let statementNode = f["statement"], let statement = reader.string(statementNode, "\(path).statement")
        else { return nil }
        guard survey.statements.contains(where: { $0.id == statement }) else {
            reader.report(statementNode, "\(path).statement", "the survey has no statement '\(statement)'")
            return nil
        }
        let bounds = [("below", SupportSignal.Direction.below), ("above", .above)].compactMap { key, direction in
            f[key].map { (node: $0, key: key, direction: direction) }
        }
        guard bounds.count == 1, let bound = bounds.first else {
            reader.report(node, path, "give exactly one of below and above")
            return nil
        }
        guard let threshold = reader.double(bound.node, "\(path).\(bound.key)") else { return nil }
        guard (0...1).contains(threshold) else {
            reader.report(bound.node, "\(path).\(bound.key)", "a share between 0 and 1 (0.5 is 50%)")
            return nil
        }
        var signal = SupportSignal(statement: statement, direction: bound.direction, threshold: threshold)
        if let groupNode = f["group"], let group = reader.mapping(groupNode, "\(path).group") {
            guard group.count == 1, let (dimension, codeNode) = group.first,
                let code = reader.string(codeNode, "\(path).group.\(dimension)")
            else {
                reader.report(groupNode, "\(path).group", "name one group, as {dimension: category}")
                return nil
            }
            guard survey.category(dimension, code) != nil else {
                reader.report(codeNode, "\(path).group.\(dimension)", "the survey has no group '\(dimension): \(code)'")
                return nil
            }
            signal.dimension = dimension
            signal.category = code
        }
        return signal
    }
}
