package import DraagvlakCore
package import Foundation
import Yams

/// Loads `consultation.yaml`: name, survey, language, population margins, thresholds and the
/// scenario set.
/// Margins are checked against the survey (known dimensions and categories, shares adding up
/// to 1) by `validate(_:against:)`, once the survey is loaded.
package enum ConsultationLoader {
    package static func load(_ url: URL, displayName: String? = nil) throws -> ConsultationSettings {
        let name = displayName ?? url.path
        return try parse(readText(url, displayName: name), file: name)
    }

    package static func parse(_ text: String, file: String) throws -> ConsultationSettings {
        let reader = YAMLReader(file: file)
        guard let root = reader.root(text),
            let f = reader.mapping(
                root, "", required: ["name", "survey"], optional: ["language", "margins", "thresholds", "scenarios", "maps", "wave"])
        else {
            try reader.throwIfProblems("consultation")
            throw InputError("\(file): not a consultation file")
        }
        var settings = ConsultationSettings(
            name: f["name"].flatMap { reader.string($0, "name") } ?? "",
            surveyPath: f["survey"].flatMap { reader.string($0, "survey") } ?? "")
        if let node = f["scenarios"] { settings.scenariosPath = reader.string(node, "scenarios") }
        if let node = f["wave"], let wave = reader.string(node, "wave") {
            if let problem = Wave.problem(wave) { reader.report(node, "wave", problem) } else { settings.wave = wave }
        }
        if let node = f["language"], let value = reader.string(node, "language") {
            if let language = Language(rawValue: value) {
                settings.language = language
            } else {
                reader.report(node, "language", "expected nl or en")
            }
        }
        if let node = f["margins"], let dimensions = reader.mapping(node, "margins") {
            for (dimension, shares) in dimensions {
                let path = "margins.\(dimension)"
                guard let categories = reader.mapping(shares, path) else { continue }
                var row: [String: Double] = [:]
                for (code, value) in categories {
                    guard let share = reader.double(value, "\(path).\(code)") else { continue }
                    if share < 0 || share > 1 { reader.report(value, "\(path).\(code)", "a share must lie between 0 and 1") }
                    row[code] = share
                }
                let total = row.values.reduce(0, +)
                if abs(total - 1) > 0.005 { reader.report(shares, path, "shares add up to \(total), not 1") }
                settings.margins[dimension] = row
            }
        }
        if let node = f["maps"], let dimensions = reader.mapping(node, "maps") {
            for (dimension, entry) in dimensions {
                let path = "maps.\(dimension)"
                guard let m = reader.mapping(entry, path, required: ["file"], optional: ["layer", "property", "codes"]) else { continue }
                var source = MapSource(file: m["file"].flatMap { reader.string($0, "\(path).file") } ?? "")
                source.layer = m["layer"].flatMap { reader.string($0, "\(path).layer") }
                source.property = m["property"].flatMap { reader.string($0, "\(path).property") }
                if let codes = m["codes"], let pairs = reader.mapping(codes, "\(path).codes") {
                    for (category, value) in pairs { source.codes[category] = reader.string(value, "\(path).codes.\(category)") }
                }
                settings.maps[dimension] = source
            }
        }
        if let node = f["thresholds"] {
            let names = ["kMin", "nMin", "broadSupport", "majority", "groupFloor", "polarisation", "confidence", "fit"]
            if let t = reader.mapping(node, "thresholds", optional: names) {
                var thresholds = Thresholds()
                if let n = t["kMin"], let v = reader.int(n, "thresholds.kMin") {
                    if v < 5 { reader.report(n, "thresholds.kMin", "must be at least 5 (docs/METHOD.md §7)") }
                    thresholds.kMin = v
                }
                if let n = t["nMin"], let v = reader.int(n, "thresholds.nMin") { thresholds.nMin = max(1, v) }
                func share(_ key: String, _ set: (Double) -> Void) {
                    guard let n = t[key], let v = reader.double(n, "thresholds.\(key)") else { return }
                    if v <= 0 || v >= 1 { reader.report(n, "thresholds.\(key)", "must lie strictly between 0 and 1") }
                    set(v)
                }
                share("broadSupport") { thresholds.broadSupport = $0 }
                share("majority") { thresholds.majority = $0 }
                share("groupFloor") { thresholds.groupFloor = $0 }
                share("polarisation") { thresholds.polarisation = $0 }
                share("confidence") { thresholds.confidence = $0 }
                share("fit") { thresholds.fit = $0 }
                settings.thresholds = thresholds
            }
        }
        try reader.throwIfProblems("consultation")
        return settings
    }

    /// Checks that every margin names a demographic question of the survey and its categories.
    package static func validate(_ settings: ConsultationSettings, against survey: Survey, file: String) throws {
        var problems: [Problem] = []
        let location = SourceLocation(file: file)
        for (dimension, shares) in settings.margins.sorted(by: { $0.key < $1.key }) {
            guard let question = survey.demographics.first(where: { $0.id == dimension }) else {
                problems.append(Problem(location, .field("margins.\(dimension)"), "the survey has no demographic question '\(dimension)'"))
                continue
            }
            for code in shares.keys.sorted() where question.categoryIndex(code: code) == nil {
                problems.append(Problem(location, .field("margins.\(dimension).\(code)"), "'\(dimension)' has no category '\(code)'"))
            }
            // A category left out would get weight 0 and silently vanish from every weighted figure.
            for category in question.categories where shares[category.code] == nil {
                problems.append(
                    Problem(
                        location, .field("margins.\(dimension)"),
                        "no share for category '\(category.code)' (give every category its population share, 0 if none)"))
            }
        }
        for (dimension, source) in settings.maps.sorted(by: { $0.key < $1.key }) {
            guard let question = survey.demographics.first(where: { $0.id == dimension }) else {
                problems.append(Problem(location, .field("maps.\(dimension)"), "the survey has no demographic question '\(dimension)'"))
                continue
            }
            for code in source.codes.keys.sorted() where question.categoryIndex(code: code) == nil {
                problems.append(Problem(location, .field("maps.\(dimension).codes.\(code)"), "'\(dimension)' has no category '\(code)'"))
            }
        }
        if !problems.isEmpty { throw InputError("\(file): the margins or maps do not match the survey", problems: problems) }
    }
}
