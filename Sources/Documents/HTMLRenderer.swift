/// Renders a `Document` as one self-contained HTML file: styles inline, charts as inline SVG,
/// no scripts, fonts or images from elsewhere — it opens offline and prints cleanly.
///
/// Accessibility: one `h1`, a table of contents, `lang` set, tables with header cells and
/// captions, every chart an `<svg role="img">` with `<title>` and `<desc>`, colours from a
/// colour-blind-safe palette and every value also written as text.
package enum HTMLRenderer {
    package static func render(_ document: Document) -> String {
        var body: [String] = []
        var toc: [String] = []
        for block in document.blocks {
            switch block {
            case .heading(let level, let text, let id):
                body.append("<h\(level) id=\"\(escape(id))\">\(inline(text))</h\(level)>")
                if level == 2 { toc.append("<li><a href=\"#\(escape(id))\">\(inline(text))</a></li>") }
            case .paragraph(let text):
                body.append("<p>\(inline(text))</p>")
            case .list(let items):
                body.append("<ul>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ul>")
            case .table(let table):
                body.append(render(table))
            case .chart(let chart):
                body.append(render(chart))
            case .note(let text):
                body.append("<p class=\"note\">\(inline(text))</p>")
            case .quotes(let quotes):
                body.append("<ul class=\"quotes\">" + quotes.map { "<li><q>\(escape($0))</q></li>" }.joined() + "</ul>")
            }
        }
        let subtitle = document.subtitle.map { "<p class=\"subtitle\">\(inline($0))</p>" }.joined(separator: "\n")
        let contents = document.language == "nl" ? "Inhoud" : "Contents"
        return """
            <!DOCTYPE html>
            <html lang="\(escape(document.language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(document.title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(escape(document.title))</h1>
            \(subtitle)
            </header>
            <nav aria-label="\(contents)"><h2 class="toc-title">\(contents)</h2><ol>\(toc.joined())</ol></nav>
            \(body.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    static func render(_ table: DocumentTable) -> String {
        var html = "<div class=\"table\"><table>"
        if let caption = table.caption { html += "<caption>\(inline(caption))</caption>" }
        html += "<thead><tr>"
        for (i, h) in table.header.enumerated() {
            html += "<th scope=\"col\"\(table.numeric[i] ? " class=\"num\"" : "")>\(inline(h))</th>"
        }
        html += "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>"
            for (i, cell) in row.enumerated() {
                let numeric = i < table.numeric.count && table.numeric[i]
                html += i == 0 ? "<th scope=\"row\">\(inline(cell))</th>" : "<td\(numeric ? " class=\"num\"" : "")>\(inline(cell))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    static func render(_ chart: Chart) -> String {
        let id = escape(chart.id)
        return """
            <figure class="chart" id="\(id)">
            <svg role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(chart.width) \(chart.height)" width="\(chart.width)" height="\(chart.height)" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">
            <title id="\(id)-title">\(escape(chart.title))</title>
            <desc id="\(id)-desc">\(escape(chart.summary))</desc>
            \(chart.body)
            </svg>
            <figcaption>\(escape(chart.title))</figcaption>
            </figure>
            """
    }

    /// Escapes text for HTML content and attribute values.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escapes, then turns `` `code` ``, `**strong**`, `_emphasis_` and `[text](relative-link)` into elements.
    static func inline(_ text: String) -> String {
        var html = escape(text)
        html = html.replacing(/\[([^\]]+)\]\(([^)\s:]+)\)/) { match in "<a href=\"\(match.output.2)\">\(match.output.1)</a>" }
        html = replacePairs(html, "`", "<code>", "</code>")
        html = replacePairs(html, "**", "<strong>", "</strong>")
        html = replacePairs(html, "_", "<em>", "</em>")
        return html
    }

    /// Replaces each pair of `mark` with open/close tags; an unpaired mark stays as it is.
    static func replacePairs(_ text: String, _ mark: String, _ open: String, _ close: String) -> String {
        let parts = text.split(separator: mark, omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return text }
        var out = String(parts[0])
        var i = 1
        while i < parts.count {
            if i + 1 < parts.count, mark != "_" || isWordBoundary(parts[i - 1].last, parts[i + 1].first) {
                out += open + parts[i] + close + parts[i + 1]
                i += 2
            } else {
                out += mark + parts[i]
                i += 1
            }
        }
        return out
    }

    /// `_` marks emphasis only outside words, so identifiers like `group_id` stay as they are.
    static func isWordBoundary(_ before: Character?, _ after: Character?) -> Bool {
        !(before?.isLetter ?? false || before?.isNumber ?? false) && !(after?.isLetter ?? false || after?.isNumber ?? false)
    }

    static let style = """
        :root{--ink:#1a1a1a;--muted:#555;--rule:#d0d0d0;--accent:#3b2a7a;--bg:#fff}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:60rem;margin:0 auto;padding:1.5rem}
        h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0}
        h2{font-size:1.4rem;margin-top:2.5rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem}
        h3{font-size:1.1rem;margin-top:1.6rem}
        .subtitle{color:var(--muted);margin:.2rem 0}
        nav ol{columns:2;padding-left:1.2rem}
        .toc-title{font-size:1rem;border:0;margin-top:1rem}
        a{color:var(--accent)}
        a:focus,a:hover{outline:2px solid var(--accent);outline-offset:2px}
        .table{overflow-x:auto}
        table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem;width:100%}
        caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{border-bottom:1px solid var(--rule);padding:.3rem .5rem;text-align:left;vertical-align:top}
        thead th{border-bottom:2px solid var(--ink)}
        tbody th{font-weight:normal}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .note{color:var(--muted);font-size:.85rem}
        code{font-size:.85em;overflow-wrap:anywhere}
        figure.chart{margin:1rem 0;overflow-x:auto}
        figure.chart svg{max-width:100%;height:auto}
        figcaption{color:var(--muted);font-size:.85rem}
        @media print{
          body{font-size:10.5pt}
          main{max-width:none;padding:0}
          nav{display:none}
          h2{break-before:page;border-color:#000}
          h2:first-of-type{break-before:auto}
          figure,table,tr{break-inside:avoid}
          a{color:inherit;text-decoration:none}
        }
        """
}
