/// A document as a list of blocks, written once and rendered as Markdown or as a
/// self-contained HTML page — so the vision and the decision reports say the same thing in
/// both formats.
///
/// Text in paragraphs, list items and table cells may use `**strong**`, `_emphasis_`, `` `code` `` and links
/// to neighbouring files, `[text](file)` (no schemes: a document links to nothing outside).
public struct Document: Sendable {
    public var title: String
    /// The line under the title (consultation, date).
    public var subtitle: [String]
    public var language: String
    public var blocks: [Block]

    public init(title: String, subtitle: [String] = [], language: String, blocks: [Block] = []) {
        self.title = title
        self.subtitle = subtitle
        self.language = language
        self.blocks = blocks
    }
}

/// One block of a document.
public enum Block: Sendable {
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
public struct DocumentTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var numeric: [Bool]
    public var caption: String?

    public init(header: [String], rows: [[String]], numeric: [Bool]? = nil, caption: String? = nil) {
        self.header = header
        self.rows = rows
        self.numeric = numeric ?? header.map { _ in false }
        self.caption = caption
    }
}

/// An accessible SVG chart: `title` and `summary` are its text alternative (SVG `<title>` and
/// `<desc>`), so a screen reader says what the chart shows; `body` is the SVG's inner markup.
public struct Chart: Sendable {
    public var id: String
    public var title: String
    public var summary: String
    public var width: Int
    public var height: Int
    public var body: String

    public init(id: String, title: String, summary: String, width: Int, height: Int, body: String) {
        self.id = id
        self.title = title
        self.summary = summary
        self.width = width
        self.height = height
        self.body = body
    }
}
