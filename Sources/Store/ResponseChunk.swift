import DraagvlakCore
import Foundation
import GRDB
import Storage

/// Up to `ResponseChunk.capacity` respondents of one import, column by column: the row of the
/// `response_chunk` table (see `Migrations.swift`, v4).
///
/// One row per respondent cost SQLite a table insert and a unique-index insert per respondent;
/// a chunk costs one insert per thousand respondents, and the pseudonyms' unique index
/// (`respondent_key`) is filled in sorted runs. Readers decode a chunk's columns once.
struct ResponseChunk {
    static let capacity = 1024

    var count = 0
    /// Every respondent's packed statements are this wide (one import packs them alike).
    var statementBytes: Int
    var categoryBytes: Int
    var pseudonyms = TextColumn()
    /// Each respondent's line in its file, 8 bytes little-endian.
    var lines: [UInt8] = []
    var submittedAt = TextColumn()
    var statements: [UInt8] = []
    var categories: [UInt8] = []
    var other = TextColumn()

    init(statementBytes: Int, categoryBytes: Int) {
        self.statementBytes = statementBytes
        self.categoryBytes = categoryBytes
    }

    /// Whether `row` is packed as wide as this chunk's rows.
    func fits(_ row: PackedResponse) -> Bool {
        row.statements.count == statementBytes && row.categories.count == categoryBytes
    }

    mutating func append(_ row: PackedResponse) {
        count += 1
        pseudonyms.append(row.respondent)
        withUnsafeBytes(of: Int64(row.line).littleEndian) { lines.append(contentsOf: $0) }
        submittedAt.append(row.submittedAt)
        statements.append(contentsOf: row.statements)
        categories.append(contentsOf: row.categories)
        other.append(row.other)
    }

    /// The key of a pseudonym in `respondent_key`: the 16 bytes of a keyed hash written as 32
    /// hexadecimal digits (the consultation's pseudonyms) after a 0, or any other text's UTF-8
    /// after a 1, so the two kinds never meet.
    static func key(_ pseudonym: String) -> [UInt8] {
        var key: [UInt8] = []
        appendKey(pseudonym, to: &key)
        return key
    }

    /// Appends `key(pseudonym)` to `buffer`.
    static func appendKey(_ pseudonym: String, to buffer: inout [UInt8]) {
        if let value = UInt128(hexPseudonym: pseudonym) {
            buffer.append(0)
            withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
        } else {
            buffer.append(1)
            buffer.append(contentsOf: pseudonym.utf8)
        }
    }
}

extension ResponseChunk {
    /// Stores the chunk as one row of `response_chunk`.
    func insert(_ db: Database, batch: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO response_chunk (batch, count, statementBytes, categoryBytes, pseudonyms, lines, submittedAt, statements, categories, other)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                batch, count, statementBytes, categoryBytes, Data(pseudonyms.bytes), Data(lines), Data(submittedAt.bytes),
                Data(statements), Data(categories), Data(other.bytes),
            ])
    }

    /// The line of the chunk's `i`th respondent, from a stored `lines` column.
    static func line(_ lines: UnsafeRawBufferPointer, _ i: Int) -> Int {
        Int(Int64(littleEndian: lines.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)))
    }

    /// Checks a stored chunk's fixed-width columns against its count.
    static func check(count: Int, statementBytes: Int, categoryBytes: Int, statements: Int, categories: Int, lines: Int?) throws {
        guard statements == count * statementBytes, categories == count * categoryBytes, lines.map({ $0 == count * 8 }) ?? true else {
            throw StoreError("a stored chunk of responses is damaged (its columns do not hold \(count) respondents)")
        }
    }
}

/// Texts (or none) one after another: per entry its length as 4 bytes little-endian (all ones
/// for none) and its UTF-8.
struct TextColumn {
    private(set) var bytes: [UInt8] = []
    private static let none = UInt32.max

    mutating func append(_ text: String?) {
        guard var text else {
            withUnsafeBytes(of: Self.none.littleEndian) { bytes.append(contentsOf: $0) }
            return
        }
        text.withUTF8 { utf8 in
            withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
    }

    /// Every entry of a stored column, in order; fails on a damaged column.
    static func decode(_ data: Data, count: Int) throws -> [String?] {
        var texts: [String?] = []
        texts.reserveCapacity(count)
        try data.withUnsafeBytes { raw in
            var offset = 0
            while texts.count < count {
                guard offset + 4 <= raw.count else { throw StoreError("a stored chunk of responses is damaged (a text column ends early)") }
                let length = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                offset += 4
                if length == none {
                    texts.append(nil)
                    continue
                }
                let end = offset + Int(length)
                guard end <= raw.count else { throw StoreError("a stored chunk of responses is damaged (a text runs past its column)") }
                texts.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[offset..<end]), as: UTF8.self))
                offset = end
            }
        }
        return texts
    }
}
