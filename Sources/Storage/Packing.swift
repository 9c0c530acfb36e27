package import DraagvlakCore

/// A response as the stores keep it: answers packed into bytes, other answers as JSON. Packed
/// apart from the store (`ResponsePacker`), so an import can pack on its reading thread while
/// the store writes on another.
package struct PackedResponse: Sendable {
    package var respondent: String
    package var line: Int
    package var submittedAt: String?
    package var statements: [UInt8]
    package var categories: [UInt8]
    package var other: String?

    package init(respondent: String, line: Int, submittedAt: String?, statements: [UInt8], categories: [UInt8], other: String?) {
        (self.respondent, self.line, self.submittedAt) = (respondent, line, submittedAt)
        (self.statements, self.categories, self.other) = (statements, categories, other)
    }
}

/// Packs responses for one import's store layout (see `BatchSink.packer`): the same bytes in
/// the SQLite and the PostgreSQL store.
package struct ResponsePacker: Sendable {
    private let layout: Layout
    private let statementBytes: Int
    private let categoryBytes: Int

    package init(layout: Layout) {
        self.layout = layout
        statementBytes = layout.statementBytes
        categoryBytes = layout.categoryBytes
    }

    package func pack(_ response: Response) -> PackedResponse {
        let packed = layout.pack(response, statementBytes: statementBytes, categoryBytes: categoryBytes)
        return PackedResponse(
            respondent: response.respondent, line: response.source.line, submittedAt: response.submittedAt,
            statements: packed.statements, categories: packed.categories,
            other: response.other.isEmpty ? nil : OtherAnswers.encode(response.other))
    }
}
