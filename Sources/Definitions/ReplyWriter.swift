package import DraagvlakCore
import Yams

/// Writes the municipality's reply as `reply.yaml` in the layout `ReplyLoader` reads (and people
/// edit): a header comment, `date`, `wave`, `introduction`, then `themes` and `statements` in
/// the survey's order, each with its title or text as a comment above it.
///
/// Every text is one double-quoted scalar emitted by Yams (libyaml), which escapes what YAML
/// cannot hold as it stands (quotes, backslashes, line breaks, control characters); ids are
/// emitted by Yams too, plain where that is safe. So `ReplyLoader.parse` reads the text back to
/// an equal `Reply`, provided every text is non-empty after trimming spaces (the loader refuses
/// empty texts and trims spaces at both ends, as it does for a file typed by hand). A text whose
/// English is empty or the same as its Dutch is written once, as a plain string, which the
/// loader reads as the same text in both languages.
package enum ReplyWriter {
    package static func yaml(_ reply: Reply, survey: Survey) -> String {
        var out: [String] = [
            "# The municipality's reply to the consultation (participatieverslag): per theme, and for some",
            "# statements, the verdict (adopted, partly, not-adopted, pending) and what it does and why.",
            "# `draagvlak vision`, `report` and `run` print it, and the server's /visie shows it.",
            "# A text is one string for both languages, or {nl: \"…\", en: \"…\"}.",
        ]
        var top: [String] = []
        if let date = reply.date { top.append("date: \(quoted(date))") }
        if let wave = reply.wave {
            top.append("# The wave it answers: only that wave's vision and report carry this reply.")
            top.append("wave: \(quoted(wave))")
        }
        if let introduction = reply.introduction { top.append("introduction: \(localized(introduction))") }
        if !top.isEmpty { out += [""] + top }

        // Themes in the survey's order, then any the survey does not know (the loader names them).
        let themeOrder = survey.themes.map(\.id)
        out.append("")
        if reply.themes.isEmpty {
            out.append("themes: {}")
        } else {
            out.append("themes:")
            for id in ordered(Array(reply.themes.keys), by: themeOrder) {
                if let theme = survey.theme(id) { out.append("  # \(comment(theme.title.nl))") }
                out += answer(id, reply.themes[id]!)
            }
        }
        if !reply.statements.isEmpty {
            out += ["", "statements:"]
            for id in ordered(Array(reply.statements.keys), by: survey.statements.map(\.id)) {
                if let statement = survey.statements.first(where: { $0.id == id }) {
                    out.append("  # \(comment("\(statement.theme): \(statement.text.nl)"))")
                }
                out += answer(id, reply.statements[id]!)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One entry of `themes` or `statements`.
    private static func answer(_ id: String, _ answer: Reply.Answer) -> [String] {
        ["  \(key(id)):", "    verdict: \(answer.verdict.rawValue)", "    text: \(localized(answer.text))"]
    }

    /// `ids` in the order of `order`, the ones not in it after them, sorted.
    private static func ordered(_ ids: [String], by order: [String]) -> [String] {
        let present = Set(ids)
        let known = order.filter { present.contains($0) }
        let knownSet = Set(order)
        return known + ids.filter { !knownSet.contains($0) }.sorted()
    }

    /// One string when both languages say the same (or the English is empty), else `{nl, en}`.
    private static func localized(_ text: LocalizedText) -> String {
        if text.en == text.nl || text.en.isEmpty { return quoted(text.nl) }
        return "{nl: \(quoted(text.nl)), en: \(quoted(text.en))}"
    }

    /// `text` as a double-quoted scalar on one line, as Yams emits it.
    static func quoted(_ text: String) -> String {
        emitted(text, style: .doubleQuoted) ?? SurveyWriter.quote(text)
    }

    /// A mapping key: plain where Yams finds that safe (`S14`, `demografie`), otherwise quoted.
    static func key(_ id: String) -> String {
        emitted(id, style: .any) ?? quoted(id)
    }

    /// One scalar emitted by Yams with no line width limit, so it stays on one line; nil when
    /// Yams fails or writes anything other than one line that can stand after `key: `.
    private static func emitted(_ text: String, style: Node.Scalar.Style) -> String? {
        let node = Node(text, .implicit, style)
        guard var line = try? Yams.serialize(node: node, width: -1, allowUnicode: true) else { return nil }
        while line.hasSuffix("\n") { line.removeLast() }
        guard !line.isEmpty, !line.contains("\n"), !line.contains("\r"), let first = line.first else { return nil }
        // A block scalar, document marker, tag, anchor or alias is no inline value.
        if "|>!&*".contains(first) || line.hasPrefix("---") || line.hasPrefix("...") { return nil }
        return line
    }

    /// A text fit for a `#` comment line: line breaks (also U+2028 and U+2029, which YAML counts
    /// as breaks), control characters and anything YAML refuses in a file become spaces; at most
    /// 100 characters.
    private static func comment(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let allowed: Bool
            switch scalar.value {
            case 0x09, 0x20...0x7E: allowed = true
            case 0x2028, 0x2029, 0xFEFF: allowed = false
            case 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...: allowed = true
            default: allowed = false
            }
            out.unicodeScalars.append(allowed ? scalar : " ")
        }
        let line = out.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return line.count > 100 ? String(line.prefix(99)) + "…" : line
    }
}
