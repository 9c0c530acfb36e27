import DraagvlakCore
import Foundation
import GRDB
import GRDBSQLite
package import Storage

/// Writes one file's responses inside the SQLite import transaction: rows are held until a
/// chunk is full (`ResponseChunk.capacity`), then their pseudonyms go into `respondent_key` in
/// sorted order (a repeat or a duplicate is found there) and the new ones into one chunk row.
package final class BatchWriter: BatchSink {
    private let db: Database
    private let batch: Int64
    private let insertKey: GRDB.Statement
    private var pending: [PackedResponse] = []
    package private(set) var added = 0
    package private(set) var repeated = 0
    package private(set) var duplicates: [DuplicateRow] = []

    init(db: Database, batch: Int64, layout: Layout) throws {
        self.db = db
        self.batch = batch
        packer = ResponsePacker(layout: layout)
        insertKey = try db.makeStatement(
            sql: "INSERT INTO respondent_key (pseudonym, batch, line) VALUES (?, ?, ?) ON CONFLICT (pseudonym) DO NOTHING")
        pending.reserveCapacity(ResponseChunk.capacity)
    }

    /// Packs responses into rows; safe to use on another thread than the writer's, so that an
    /// import can pack while the store writes.
    package let packer: ResponsePacker

    package func add(_ row: PackedResponse) throws {
        pending.append(row)
        if pending.count >= ResponseChunk.capacity { try flush() }
    }

    package func finish() throws {
        try flush()
        duplicates.sort { $0.line < $1.line }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        // Every key of the chunk in one buffer (no array per key), then their order: keys in
        // sorted order go into the index page after page; among equal keys the earlier line goes
        // first, so a duplicate names the line its respondent was first on.
        var keys: [UInt8] = []
        keys.reserveCapacity(pending.count * 17)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(pending.count)
        for row in pending {
            let start = keys.count
            ResponseChunk.appendKey(row.respondent, to: &keys)
            ranges.append(start..<keys.count)
        }
        let order = keys.withUnsafeBytes { bytes in
            ranges.indices.sorted { a, b in
                let (x, y) = (ranges[a], ranges[b])
                let common = min(x.count, y.count)
                let c = memcmp(bytes.baseAddress! + x.lowerBound, bytes.baseAddress! + y.lowerBound, common)
                if c != 0 { return c < 0 }
                return x.count != y.count ? x.count < y.count : a < b
            }
        }
        var taken = [Bool](repeating: false, count: pending.count)
        try keys.withUnsafeBytes { bytes in
            for i in order {
                let key = UnsafeRawBufferPointer(rebasing: bytes[ranges[i]])
                if try insert(key: key, line: pending[i].line) {
                    taken[i] = true
                    continue
                }
                let earlier = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT batch, line FROM respondent_key WHERE pseudonym = ?"), arguments: [Data(key)])
                if let earlier, earlier["batch"] as Int64 == batch {
                    duplicates.append(DuplicateRow(line: pending[i].line, firstLine: earlier["line"]))
                } else {
                    repeated += 1
                }
            }
        }
        var chunk: ResponseChunk?
        for (i, row) in pending.enumerated() where taken[i] {
            if let full = chunk, !full.fits(row) {
                try full.insert(db, batch: batch)
                chunk = nil
            }
            if chunk == nil { chunk = ResponseChunk(statementBytes: row.statements.count, categoryBytes: row.categories.count) }
            chunk!.append(row)
            added += 1
        }
        try chunk?.insert(db, batch: batch)
        pending.removeAll(keepingCapacity: true)
    }

    /// The prepared key insert, bound through SQLite's C API (GRDB's `StatementArguments` box
    /// every value, which costs more than SQLite's own work at a million rows). True when the
    /// key is new.
    private func insert(key: UnsafeRawBufferPointer, line: Int) throws -> Bool {
        let statement = insertKey.sqliteStatement
        sqlite3_reset(statement)
        var code = sqlite3_bind_blob(statement, 1, key.baseAddress, Int32(key.count), Self.transient)
        code |= sqlite3_bind_int64(statement, 2, batch)
        code |= sqlite3_bind_int64(statement, 3, Int64(line))
        guard code == SQLITE_OK else {
            throw StoreError("cannot store a response: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
        }
        let step = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard step == SQLITE_DONE else {
            throw StoreError("cannot store a response: \(String(cString: sqlite3_errstr(step)))")
        }
        return sqlite3_changes(db.sqliteConnection) > 0
    }

    /// SQLite copies the bound bytes (they live only during the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
