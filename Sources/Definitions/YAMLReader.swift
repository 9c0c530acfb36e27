import DraagvlakCore
package import Foundation
import Yams

/// Walks a composed YAML document with the path of every node, collecting problems that name
/// file, line, column and field instead of stopping at the first.
final class YAMLReader {
    let file: String
    private(set) var problems: [Problem] = []

    init(file: String) {
        self.file = file
    }

    /// Parses the text; a syntax error becomes a problem with its position.
    func root(_ text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                report(nil, nil, "the file is empty")
                return nil
            }
            return node
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
                problems.append(
                    Problem(SourceLocation(file: file, line: mark.line, column: mark.column), nil, "not valid YAML: \(problem)"))
            default:
                report(nil, nil, "not valid YAML: \(error)")
            }
            return nil
        } catch {
            report(nil, nil, "not valid YAML: \(error)")
            return nil
        }
    }

    func problemsAppend(_ problem: Problem) {
        problems.append(problem)
    }

    func report(_ node: Node?, _ path: String?, _ message: String) {
        let location = SourceLocation(file: file, line: node?.mark?.line, column: node?.mark?.column)
        problems.append(Problem(location, path.map { .field($0) }, message))
    }

    /// A mapping's entries by key; unknown keys and missing required keys are reported.
    func mapping(_ node: Node, _ path: String, required: [String] = [], optional: [String] = []) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(node, path.isEmpty ? nil : path, "expected a mapping (key: value pairs)")
            return nil
        }
        var result: [String: Node] = [:]
        let allowed = Set(required + optional)
        for (key, value) in mapping {
            guard let name = key.string else {
                report(key, path, "keys must be text")
                continue
            }
            if !allowed.isEmpty, !allowed.contains(name) {
                report(key, join(path, name), "unknown field (expected one of: \((required + optional).joined(separator: ", ")))")
                continue
            }
            if result[name] != nil {
                report(key, join(path, name), "appears twice")
            }
            result[name] = value
        }
        for key in required where result[key] == nil {
            report(node, join(path, key), "is missing")
        }
        return result
    }

    func sequence(_ node: Node, _ path: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(node, path, "expected a list")
            return nil
        }
        return Array(sequence)
    }

    func string(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(node, path, "expected text")
            return nil
        }
        let value = scalar.string.trimmingCharacters(in: .whitespaces)
        if value.isEmpty {
            report(node, path, "is empty")
            return nil
        }
        return value
    }

    func int(_ node: Node, _ path: String) -> Int? {
        guard case .scalar(let scalar) = node,
            let value = Int(scalar.string.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "+", with: ""))
        else {
            report(node, path, "expected a whole number")
            return nil
        }
        return value
    }

    func double(_ node: Node, _ path: String) -> Double? {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingCharacters(in: .whitespaces)) else {
            report(node, path, "expected a number")
            return nil
        }
        return value
    }

    /// `{nl: "…", en: "…"}`, or one text used for both languages.
    func localized(_ node: Node, _ path: String) -> LocalizedText? {
        if case .scalar = node {
            return string(node, path).map { LocalizedText($0) }
        }
        guard let fields = mapping(node, path, required: ["nl", "en"]),
            let nl = fields["nl"].flatMap({ string($0, join(path, "nl")) }),
            let en = fields["en"].flatMap({ string($0, join(path, "en")) })
        else { return nil }
        return LocalizedText(nl: nl, en: en)
    }

    /// An identifier: letters, digits, `_`, `-` and `.`, starting with a letter or digit.
    func identifier(_ node: Node, _ path: String) -> String? {
        guard let value = string(node, path) else { return nil }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-.+"))
        if value.unicodeScalars.contains(where: { !allowed.contains($0) }) || value.contains("[") {
            report(node, path, "'\(value)' is not a valid id (use letters, digits, '_', '-', '.', '+')")
            return nil
        }
        return value
    }

    func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func throwIfProblems(_ what: String) throws {
        if !problems.isEmpty {
            throw error(what)
        }
    }

    /// The problems found so far as one error about the `what` (e.g. "survey").
    func error(_ what: String) -> InputError {
        InputError("\(file): the \(what) has \(Plural.count(problems.count, "problem", "problems"))", problems: problems)
    }
}

/// Reads a definition file as text, with a clear error when it is missing or not UTF-8.
func readText(_ url: URL, displayName: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: url.path) else {
        throw InputError("\(displayName): cannot read the file (does it exist?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw InputError("\(displayName): the file is not UTF-8 text")
    }
    return text
}

/// A flat settings file (`key: value` lines, e.g. the server's settings), read through the same
/// YAML reader as every definition file: each entry with its line, and a file that is not a
/// mapping of plain values reported with its position.
package enum SettingsFile {
    package static func entries(_ url: URL, displayName: String) throws -> [(key: String, value: String, line: Int)] {
        let reader = YAMLReader(file: displayName)
        guard let root = reader.root(try readText(url, displayName: displayName)) else { throw reader.error("settings file") }
        guard case .mapping(let mapping) = root else {
            reader.report(root, nil, "expected a mapping of settings (key: value)")
            throw reader.error("settings file")
        }
        var entries: [(key: String, value: String, line: Int)] = []
        for (key, value) in mapping {
            guard let name = key.string, let text = value.string else {
                reader.report(value, key.string, "expected a plain value")
                continue
            }
            entries.append((name, text, value.mark?.line ?? 0))
        }
        if !reader.problems.isEmpty { throw reader.error("settings file") }
        return entries
    }
}
