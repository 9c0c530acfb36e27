public import DraagvlakCore
import Foundation
import GRDB

/// Writes one file's responses inside the import transaction, through one prepared statement.
public final class BatchWriter {
    /// What happened to one response.
    public enum Outcome: Sendable, Equatable {
        case added
        /// Already stored by an earlier import; left as it was.
        case repeated
        /// The same respondent appeared earlier in this same file, at `line`.
        case duplicateInFile(line: Int)
    }

    private let db: Database
    private let batch: Int64
    private let layout: Layout
    private let insert: GRDB.Statement
    private let statementBytes: Int
    private let categoryBytes: Int
    public private(set) var added = 0
    public private(set) var repeated = 0

    init(db: Database, batch: Int64, layout: Layout) throws {
        self.db = db
        self.batch = batch
        self.layout = layout
        statementBytes = layout.statementBytes
        categoryBytes = layout.categoryBytes
        insert = try db.makeStatement(sql: """
            INSERT INTO respondent (pseudonym, batch, line, submittedAt, statements, categories, other)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pseudonym) DO NOTHING
            """)
    }

    @discardableResult
    public func add(_ response: Response) throws -> Outcome {
        let packed = layout.pack(response, statementBytes: statementBytes, categoryBytes: categoryBytes)
        let other = response.other.isEmpty ? nil : OtherAnswers.encode(response.other)
        try insert.execute(arguments: [
            response.respondent, batch, response.source.line, response.submittedAt,
            Data(packed.statements), Data(packed.categories), other,
        ])
        if db.changesCount > 0 {
            added += 1
            return .added
        }
        let earlier = try Row.fetchOne(db, sql: "SELECT batch, line FROM respondent WHERE pseudonym = ?", arguments: [response.respondent])
        if let earlier, earlier["batch"] as Int64 == batch {
            return .duplicateInFile(line: earlier["line"])
        }
        repeated += 1
        return .repeated
    }
}
