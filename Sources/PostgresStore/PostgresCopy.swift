import Dispatch
import DraagvlakCore
import Foundation
import NIOCore
import PostgresNIO
import Storage

/// An import's rows into PostgreSQL in bulk: streamed through one `COPY … FROM STDIN` into a
/// temporary table on the connection the import holds, then moved into `respondent` by one
/// `INSERT … SELECT … ON CONFLICT DO NOTHING` when the file has been read (`finish`).
///
/// One statement for the whole file instead of a round trip per row: the rows travel as COPY's
/// text format in buffers of about a megabyte while the plugin goes on reading. Duplicates
/// within the file are found here, as rows arrive (a plugin must hear of them by line);
/// respondents an earlier import holds are counted by the final insert.
final class PostgresBatchSink: BatchSink {
    let packer: ResponsePacker
    private(set) var added = 0
    private(set) var repeated = 0
    private(set) var duplicates: [DuplicateRow] = []
    /// The respondent of each of `duplicates`.
    private var duplicated: [String] = []
    private var finished = false
    private let held: HeldConnection
    private let schema: String
    private let batch: Int
    /// The file's respondents so far, by pseudonym (keyed hashes as 128-bit numbers, anything
    /// else as text): the line each was first seen on.
    private var seen: [UInt128: Int] = [:]
    private var seenOther: [String: Int] = [:]
    private var staged = 0
    private var buffer = ByteBuffer()
    private var copy: CopyStream?

    static let table = "draagvlak_incoming"
    private static let bufferSize = 1 << 20

    init(held: HeldConnection, schema: String, batch: Int, packer: ResponsePacker) throws {
        self.held = held
        self.schema = schema
        self.batch = batch
        self.packer = packer
        try held.run(
            """
            CREATE TEMPORARY TABLE \(unescaped: Self.table) (pseudonym TEXT NOT NULL, line BIGINT NOT NULL, submitted TEXT,
                statements BYTEA NOT NULL, categories BYTEA NOT NULL, other TEXT) ON COMMIT DROP
            """)
        buffer.reserveCapacity(Self.bufferSize + 4096)
    }

    func add(_ row: PackedResponse) throws {
        let first: Int?
        if let key = UInt128(hexPseudonym: row.respondent) {
            first = seen[key]
            if first == nil { seen[key] = row.line }
        } else {
            first = seenOther[row.respondent]
            if first == nil { seenOther[row.respondent] = row.line }
        }
        if let first {
            duplicates.append(DuplicateRow(line: row.line, firstLine: first))
            duplicated.append(row.respondent)
            return
        }
        CopyText.append(row, to: &buffer)
        staged += 1
        if buffer.readableBytes >= Self.bufferSize { try send() }
    }

    /// Ends the COPY and stores the staged rows; `added` and `repeated` are final after it.
    func finish() throws {
        guard !finished else { return }
        finished = true
        guard staged > 0 else { return }
        try send()
        try copy?.finish()
        copy = nil
        try storeStaged()
    }

    /// Moves the staged rows into `respondent`; counts what was added, what an earlier import
    /// holds, and which of the file's second rows were of such respondents (repeats, not
    /// duplicates: as in the SQLite store, a stored respondent is a repeat however often a file
    /// holds it).
    private func storeStaged() throws {
        // The temporary table was only appended to, so its scan returns the file's order and
        // the ids follow it (an ORDER BY would sort a million rows for the same order).
        let rows = try held.run(
            """
            WITH stored AS (
                INSERT INTO \(unescaped: schema).respondent (pseudonym, batch, line, submittedAt, statements, categories, other)
                SELECT pseudonym, \(batch), line, submitted, statements, categories, other FROM pg_temp.\(unescaped: Self.table)
                ON CONFLICT (pseudonym) DO NOTHING RETURNING 1)
            SELECT count(*) FROM stored
            """)
        added = try rows[0].decode(Int.self)
        repeated = staged - added
        guard !duplicated.isEmpty else { return }
        let unique = Array(Set(duplicated))
        var storedEarlier = Set<String>()
        for row in try held.run(
            "SELECT pseudonym FROM \(unescaped: schema).respondent WHERE pseudonym = ANY(\(unique)) AND batch <> \(batch)")
        {
            storedEarlier.insert(try row.decode(String.self))
        }
        let kept = zip(duplicates, duplicated).filter { !storedEarlier.contains($0.1) }
        repeated += duplicates.count - kept.count
        duplicates = kept.map(\.0)
    }

    /// Stops a COPY under way (the import failed); the caller then rolls back.
    func abandon() {
        copy?.cancel()
        copy = nil
    }

    private func send() throws {
        guard buffer.readableBytes > 0 else { return }
        if copy == nil {
            copy = CopyStream(
                connection: held.connection, table: Self.table,
                columns: ["pseudonym", "line", "submitted", "statements", "categories", "other"], store: held.store)
        }
        try copy!.send(buffer)
        buffer = ByteBuffer()
        buffer.reserveCapacity(Self.bufferSize + 4096)
    }
}

/// One `COPY … FROM STDIN` fed from a synchronous thread: buffers are handed to a task that
/// writes them, at most `depth` waiting, so memory stays bounded when the database is slower
/// than the file.
final class CopyStream: @unchecked Sendable {
    private let space: DispatchSemaphore
    private let ended = DispatchSemaphore(value: 0)
    private let continuation: AsyncStream<ByteBuffer>.Continuation
    private let lock = NSLock()
    private var failure: (any Error)?
    private var cancelled = false
    /// Whether the task's end has been waited for (`ended` is signalled once).
    private var joined = false
    private let store: PostgresStore

    init(connection: PostgresConnection, table: String, columns: [String], store: PostgresStore, depth: Int = 4) {
        space = DispatchSemaphore(value: depth)
        self.store = store
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        self.continuation = continuation
        let logger = store.logger
        Task.detached(executorPreference: PostgresStore.executor) { [self] in
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    for await buffer in stream {
                        if self.isCancelled { throw CancellationError() }
                        try await writer.write(buffer)
                        self.space.signal()
                    }
                    if self.isCancelled { throw CancellationError() }
                }
                self.end(nil)
            } catch {
                self.end(error)
            }
        }
    }

    private var isCancelled: Bool { lock.withLock { cancelled } }

    private func end(_ error: (any Error)?) {
        lock.withLock { failure = error }
        // Wakes a sender waiting for room, which then sees the failure.
        space.signal()
        ended.signal()
    }

    private func checkFailure() throws {
        if let error = lock.withLock({ failure }) {
            throw StoreError("PostgreSQL (\(store.location)): \(PostgresStore.describe(error))")
        }
    }

    func send(_ buffer: ByteBuffer) throws {
        space.wait()
        try checkFailure()
        continuation.yield(buffer)
    }

    /// Waits until the database has taken every row.
    func finish() throws {
        continuation.finish()
        join()
        try checkFailure()
    }

    /// Stops the COPY (the database gets a CopyFail) and waits for its task; safe after `finish`.
    func cancel() {
        lock.withLock { cancelled = true }
        continuation.finish()
        join()
    }

    private func join() {
        guard !lock.withLock({ joined }) else { return }
        ended.wait()
        lock.withLock { joined = true }
    }
}

/// COPY's text format: columns separated by tabs, rows by newlines, `\N` for NULL, and
/// backslash, tab, newline and carriage return escaped; `bytea` as `\x` and hexadecimal.
enum CopyText {
    static func append(_ row: PackedResponse, to buffer: inout ByteBuffer) {
        text(row.respondent, &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeString(String(row.line))
        buffer.writeInteger(UInt8(ascii: "\t"))
        text(row.submittedAt, &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        bytes(row.statements, &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        bytes(row.categories, &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        text(row.other, &buffer)
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    static func text(_ value: String?, _ buffer: inout ByteBuffer) {
        guard var value else {
            buffer.writeStaticString("\\N")
            return
        }
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() {
                let escaped: UInt8
                switch byte {
                case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
                case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
                case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
                case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
                default: continue
                }
                buffer.writeBytes(UnsafeBufferPointer(rebasing: utf8[start..<index]))
                buffer.writeInteger(UInt8(ascii: "\\"))
                buffer.writeInteger(escaped)
                start = index + 1
            }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func bytes(_ value: [UInt8], _ buffer: inout ByteBuffer) {
        // `\\x`: COPY's escape for one backslash, then bytea's hex form.
        buffer.writeStaticString("\\\\x")
        for byte in value {
            buffer.writeInteger(hexDigits[Int(byte >> 4)])
            buffer.writeInteger(hexDigits[Int(byte & 15)])
        }
    }
}
