package import DraagvlakCore
package import Foundation

/// The surveys and scenario sets that ship with Draagvlak, built into the program: a binary
/// copied anywhere (`/usr/local/bin`, say) has them, with no files beside it. `--survey
/// toekomstvisie` names a built-in survey and `scenarios: sociaal-domein` in consultation.yaml a
/// built-in scenario set; a path to a file works as before, and an existing file wins.
///
/// Their sources are `Surveys/*.yaml` and `Surveys/scenarios/*.yaml`, named by file name without
/// `.yaml`; `scripts/embed-surveys` copies them into `BuiltInFiles.swift` (generated), and
/// DefinitionsTests fails when that file is out of date.
///
/// (Everything built-in lives in this folder: scripts/fuzz compiles only the files directly in
/// Sources/Definitions, so nothing there may refer to it.)
package enum BuiltIn {
    /// A definition named on the command line or in consultation.yaml: a file, or a built-in text.
    package enum Source: Sendable, Equatable {
        case file(URL, displayName: String)
        case builtIn(name: String, text: String)

        /// How problems name it: the path, or `NAME (built in)`.
        package var displayName: String {
            switch self {
            case .file(_, let displayName): return displayName
            case .builtIn(let name, _): return "\(name) (built in)"
            }
        }

        /// The definition's text.
        package func text() throws -> String {
            switch self {
            case .file(let url, let displayName): return try readText(url, displayName: displayName)
            case .builtIn(_, let text): return text
            }
        }
    }

    /// The names of the built-in surveys, sorted.
    package static var surveyNames: [String] { surveyTexts.keys.sorted() }

    /// The names of the built-in scenario sets, sorted.
    package static var scenarioSetNames: [String] { scenarioSetTexts.keys.sorted() }

    /// The YAML of the built-in survey `name` (Surveys/NAME.yaml), if there is one.
    package static func surveyText(named name: String) -> String? { surveyTexts[name] }

    /// The YAML of the built-in scenario set `name` (Surveys/scenarios/NAME.yaml), if there is one.
    package static func scenarioSetText(named name: String) -> String? { scenarioSetTexts[name] }

    /// Resolves a `--survey` argument: a file (relative to the working folder) when there is
    /// one, else the name of a built-in survey; anything else is an error that lists the names.
    package static func survey(_ argument: String) throws -> Source {
        let url = URL(fileURLWithPath: argument)
        if isFile(url) { return .file(url, displayName: argument) }
        if let text = surveyTexts[argument] { return .builtIn(name: argument, text: text) }
        throw InputError("\(argument): no such survey file, and no built-in survey by that name (built in: \(list(surveyNames)))")
    }

    /// Resolves `scenarios` in consultation.yaml (`settingsFile`, as problems name it): a file
    /// relative to the consultation `folder` (or absolute) when there is one, else the name of a
    /// built-in scenario set; anything else is an error on the field that lists the names.
    package static func scenarioSet(_ reference: String, relativeTo folder: URL, settingsFile: String) throws -> Source {
        let url = (reference.hasPrefix("/") ? URL(fileURLWithPath: reference) : folder.appendingPathComponent(reference))
            .standardizedFileURL
        if isFile(url) { return .file(url, displayName: display(url)) }
        if let text = scenarioSetTexts[reference] { return .builtIn(name: reference, text: text) }
        throw InputError(
            Problem(
                SourceLocation(file: settingsFile), .field("scenarios"),
                "no scenario set at \(display(url)), and no built-in scenario set by that name (built in: \(list(scenarioSetNames)))"))
    }

    /// A regular file (a folder of the same name does not count, so `draagvlak init toekomstvisie`
    /// does not hide the built-in survey afterwards).
    static func isFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// A path relative to the working folder when it lies inside it, as Consultation shows paths.
    static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}

extension SurveyLoader {
    /// Loads a survey from a file or a built-in text (see `BuiltIn.survey(_:)`).
    package static func load(_ source: BuiltIn.Source) throws -> Survey {
        try parse(source.text(), file: source.displayName)
    }
}

extension ScenarioLoader {
    /// Loads a scenario set from a file or a built-in text.
    package static func load(_ source: BuiltIn.Source) throws -> ScenarioSet {
        try parse(source.text(), file: source.displayName)
    }

    /// Loads `scenarios` from consultation.yaml: a file relative to the consultation `folder`,
    /// or the name of a built-in scenario set (`scenarios: sociaal-domein`).
    package static func load(reference: String, relativeTo folder: URL, settingsFile: String) throws -> ScenarioSet {
        try load(BuiltIn.scenarioSet(reference, relativeTo: folder, settingsFile: settingsFile))
    }
}
