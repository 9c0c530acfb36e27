/// Renders a `Document` as Markdown (GitHub-flavoured tables).
package enum MarkdownRenderer {
    package static func render(_ document: Document) -> String {
        var out = ["# \(document.title)", ""]
        for line in document.subtitle { out += [line, ""] }
        for block in document.blocks {
            switch block {
            case .heading(let level, let text, _):
                out += [String(repeating: "#", count: level) + " " + text, ""]
            case .paragraph(let text):
                out += [text, ""]
            case .list(let items):
                out += items.map { "- " + $0 } + [""]
            case .table(let table):
                if let caption = table.caption { out += ["**\(caption)**", ""] }
                out.append("| " + table.header.map(cell).joined(separator: " | ") + " |")
                out.append("| " + table.numeric.map { $0 ? "---:" : "---" }.joined(separator: " | ") + " |")
                for row in table.rows { out.append("| " + row.map(cell).joined(separator: " | ") + " |") }
                out.append("")
            case .chart:
                continue
            case .note(let text):
                out += ["_\(text)_", ""]
            case .quotes(let quotes):
                out += quotes.map { "- “\(verbatim($0))”" } + [""]
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Text shown as written: Markdown and HTML characters escaped, line breaks as spaces, so a
    /// quote cannot become a heading, a link or an image.
    static func verbatim(_ text: String) -> String {
        var out = ""
        for c in text {
            if c.isNewline {
                out.append(" ")
            } else if "\\`*_[]<>|".contains(c) {
                out.append("\\")
                out.append(c)
            } else {
                out.append(c)
            }
        }
        return out
    }

    static func cell(_ text: String) -> String {
        text.replacing("|", with: "\\|").replacing("\n", with: " ")
    }
}
