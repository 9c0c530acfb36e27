package import DraagvlakCore

/// Writes a survey definition as YAML in the layout `SurveyLoader` reads (and people edit):
/// the output of `draagvlak survey from`, with comments saying what to complete.
package enum SurveyWriter {
    package static func yaml(_ extraction: SurveyExtraction, source: String) -> String {
        let s = extraction.survey
        var out: [String] = [
            "# Survey definition made by `draagvlak survey from \(source)`.",
            "# Complete it before importing: sort the statements into themes (replace the placeholder",
            "# theme '\(SurveyExtraction.unsortedTheme.id)'), set polarity -1 on statements worded against their ambition,",
            "# and check the Dutch and English texts. Importing this tool's exports needs no mapping file.",
        ]
        if s.statements.isEmpty {
            out.append("#")
            out.append("# NOTE: this export has no statement-like question (a 5- or 7-point scale, or votes).")
            out.append("# A vision needs statements: add at least one under 'statements' before importing.")
        }
        if !extraction.skipped.isEmpty {
            out.append("#")
            out.append("# Left out:")
            out += extraction.skipped.map { "#   - \($0)" }
        }
        out += ["", "id: \(quote(s.id))", "version: \(s.version)", "", "title:"] + localized(s.title, indent: 2)
        if let intro = s.introduction { out += ["", "introduction:"] + localized(intro, indent: 2) }
        out += ["", "themes:"]
        for theme in s.themes {
            out.append("  - id: \(quote(theme.id))")
            out.append("    title: {nl: \(quote(theme.title.nl)), en: \(quote(theme.title.en))}")
        }
        out += ["", s.statements.isEmpty ? "statements: []" : "statements:"]
        for st in s.statements {
            out.append("  - id: \(quote(st.id))")
            out.append("    theme: \(quote(st.theme))")
            out.append("    polarity: \(st.polarity.rawValue)")
            out.append("    scale: \(quote(st.scale.rawValue))")
            out.append("    text:")
            out += localized(st.text, indent: 6)
        }
        if !s.demographics.isEmpty {
            out += ["", "demographics:"]
            for d in s.demographics {
                out.append("  - id: \(quote(d.id))")
                out.append("    text:")
                out += localized(d.text, indent: 6)
                out.append("    categories:")
                for c in d.categories {
                    out.append("      - code: \(quote(c.code))")
                    out.append("        label: {nl: \(quote(c.label.nl)), en: \(quote(c.label.en))}")
                }
            }
        }
        if !s.questions.isEmpty {
            out += ["", "questions:"]
            for q in s.questions {
                out.append("  - id: \(quote(q.id))")
                out.append("    kind: \(quote(q.kind.rawValue))")
                if let total = q.total { out.append("    total: \(total)") }
                out.append("    text:")
                out += localized(q.text, indent: 6)
                if !q.options.isEmpty {
                    out.append("    options:")
                    for c in q.options {
                        out.append("      - code: \(quote(c.code))")
                        out.append("        label: {nl: \(quote(c.label.nl)), en: \(quote(c.label.en))}")
                    }
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func localized(_ text: LocalizedText, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        return ["\(pad)nl: \(quote(text.nl))", "\(pad)en: \(quote(text.en))"]
    }

    /// A double-quoted YAML scalar.
    static func quote(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": continue
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
