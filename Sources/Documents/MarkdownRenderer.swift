/// Renders a `Document` as Markdown (GitHub-flavoured tables).
public enum MarkdownRenderer {
    public static func render(_ document: Document) -> String {
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
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func cell(_ text: String) -> String {
        text.replacing("|", with: "\\|").replacing("\n", with: " ")
    }
}
