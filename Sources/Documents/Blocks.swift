/// A document as a list of blocks, written once and rendered as Markdown or as a
/// self-contained HTML page — so the vision and the decision reports say the same thing in
/// both formats.
///
/// Text in paragraphs, list items and table cells may use `**strong**`, `_emphasis_`, `` `code` `` and links
/// to neighbouring files, `[text](file)` (no schemes: a document links to nothing outside).
package struct Document: Sendable {
    package var title: String
    /// The line under the title (consultation, date).
    package var subtitle: [String]
    package var language: String
    package var blocks: [Block]

    package init(title: String, subtitle: [String] = [], language: String, blocks: [Block] = []) {
        self.title = title
        self.subtitle = subtitle
        self.language = language
        self.blocks = blocks
    }
}

/// One block of a document.
package enum Block: Sendable {
    /// A section heading (level 2 or 3); `id` is the HTML anchor.
    case heading(level: Int, text: String, id: String)
    case paragraph(String)
    case list([String])
    case table(DocumentTable)
    /// An SVG chart; Markdown leaves it out, because the tables beside it carry its figures.
    case chart(Chart)
    /// Small print under a table or chart.
    case note(String)
    /// Residents' own words, quoted verbatim: no inline marks, every character escaped.
    case quotes([String])
}

/// A table with a header row; numeric columns are right-aligned.
package struct DocumentTable: Sendable {
    package var header: [String]
    package var rows: [[String]]
    package var numeric: [Bool]
    package var caption: String?

    package init(header: [String], rows: [[String]], numeric: [Bool]? = nil, caption: String? = nil) {
        self.header = header
        self.rows = rows
        self.numeric = numeric ?? header.map { _ in false }
        self.caption = caption
    }
}

/// An accessible SVG chart: `title` and `summary` are its text alternative (SVG `<title>` and
/// `<desc>`), so a screen reader says what the chart shows; `body` is the SVG's inner markup.
package struct Chart: Sendable {
    package var id: String
    package var title: String
    package var summary: String
    package var width: Int
    package var height: Int
    package var body: String

    package init(id: String, title: String, summary: String, width: Int, height: Int, body: String) {
        self.id = id
        self.title = title
        self.summary = summary
        self.width = width
        self.height = height
        self.body = body
    }
}
