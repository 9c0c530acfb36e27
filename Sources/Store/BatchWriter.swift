import DraagvlakCore
import Foundation
import GRDB
import GRDBSQLite
package import Storage

/// Writes one file's responses inside the SQLite import transaction, through one prepared
/// statement.
package final class BatchWriter: BatchSink {
    /// What storing one row did (added, or already stored).
    package typealias Outcome = RowOutcome

    private let db: Database
    private let batch: Int64
    private let insert: GRDB.Statement
    package private(set) var added = 0
    package private(set) var repeated = 0

    init(db: Database, batch: Int64, layout: Layout) throws {
        self.db = db
        self.batch = batch
        packer = ResponsePacker(layout: layout)
        insert = try db.makeStatement(
            sql: """
                INSERT INTO respondent (pseudonym, batch, line, submittedAt, statements, categories, other)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pseudonym) DO NOTHING
                """)
    }

    /// Packs responses into rows; safe to use on another thread than the writer's, so that an
    /// import can pack while the store writes.
    package let packer: ResponsePacker

    @discardableResult
    package func add(_ row: PackedResponse) throws -> Outcome {
        try insertRow(row)
        if db.changesCount > 0 {
            added += 1
            return .accepted
        }
        let earlier = try Row.fetchOne(db, sql: "SELECT batch, line FROM respondent WHERE pseudonym = ?", arguments: [row.respondent])
        if let earlier, earlier["batch"] as Int64 == batch {
            return .duplicateInFile(line: earlier["line"])
        }
        repeated += 1
        return .accepted
    }

    /// The prepared INSERT, bound through SQLite's C API: GRDB's `StatementArguments` box every
    /// value, which costs more than SQLite's own work at a million rows.
    private func insertRow(_ row: PackedResponse) throws {
        let statement = insert.sqliteStatement
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        var code = bindText(statement, 1, row.respondent)
        code |= sqlite3_bind_int64(statement, 2, batch)
        code |= sqlite3_bind_int64(statement, 3, Int64(row.line))
        code |= bindText(statement, 4, row.submittedAt)
        code |= row.statements.withUnsafeBytes {
            sqlite3_bind_blob(statement, 5, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), Self.transient)
        }
        code |= row.categories.withUnsafeBytes {
            sqlite3_bind_blob(statement, 6, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), Self.transient)
        }
        code |= bindText(statement, 7, row.other)
        guard code == SQLITE_OK else {
            throw StoreError("cannot store a response: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
        }
        let step = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard step == SQLITE_DONE else {
            throw StoreError("cannot store a response: \(String(cString: sqlite3_errstr(step)))")
        }
    }

    /// SQLite copies the bound bytes (they live only during the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func bindText(_ statement: OpaquePointer?, _ index: Int32, _ text: String?) -> Int32 {
        guard var text else { return sqlite3_bind_null(statement, index) }
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, nil) }
            return sqlite3_bind_text(
                statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(utf8.count), Self.transient)
        }
    }
}
