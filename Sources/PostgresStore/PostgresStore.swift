package import DraagvlakCore
package import Foundation
import Logging
import NIOCore
import PostgresNIO
package import Storage

/// The store in PostgreSQL, for deployments where several `draagvlak serve` instances behind a
/// load balancer share one database: the same tables and semantics as the embedded SQLite
/// store (`ResponseStore`), in a schema of its own (`?schema=` in the URL, default `draagvlak`).
///
/// The engine's API is synchronous (commands, importer plugins); this store bridges to
/// postgres-nio's async client by waiting on the calling thread, which is never one of Swift's
/// cooperative threads (the server calls the store from its blocking-work pool).
package final class PostgresStore: ResponseStorage, OnlineStorage, OfficerStorage, @unchecked Sendable {
    package let location: String
    /// The schema's name as a quoted SQL identifier.
    let schema: String
    let client: PostgresClient
    let logger = Logger(label: "draagvlak.postgres")
    /// Per survey and online channel: its layout and batch, once known (see `submit`).
    let onlineCache = Cache<[String: (Layout, Int)]>([:])
    private let runner: Task<Void, Never>

    /// Connects to `postgres://user:password@host:port/database?schema=name` and brings the
    /// schema up to date (migrations, under a lock so instances starting together agree).
    package init(url text: String) throws {
        guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql",
            let host = url.host, !host.isEmpty, let user = url.user
        else {
            throw StoreError("\(Self.redacted(text)): expected postgres://user:password@host:port/database")
        }
        let database = String(url.path.drop(while: { $0 == "/" }))
        let schema = url.queryItems?.first(where: { $0.name == "schema" })?.value ?? "draagvlak"
        guard schema.range(of: #"^[a-z_][a-z0-9_]{0,62}\z"#, options: .regularExpression) != nil else {
            throw StoreError("\(Self.redacted(text)): the schema name must be lower-case letters, digits and _")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: user, password: url.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration)
        self.client = client
        // Quoted, so names that are also SQL words (user, order) work.
        self.schema = "\"\(schema)\""
        location = Self.redacted(text)
        runner = Task.detached(executorPreference: Self.executor) { await client.run() }
        try migrate()
    }

    deinit {
        runner.cancel()
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "hidden"
        return components.string ?? url
    }

    /// A table name, qualified by the store's schema.
    func t(_ table: String) -> String {
        "\(schema).\(table)"
    }

    // MARK: Waiting for the async client

    /// Where the store's async work runs: Dispatch's threads, not Swift's cooperative pool,
    /// so a caller that waits on a cooperative thread (a test, a task) cannot starve it.
    static let executor = DispatchTaskExecutor()

    /// Runs async work and waits for it on this thread, for at most `timeout` seconds (nil: as
    /// long as it takes, for imports and whole-store reads).
    ///
    /// The limit is there for the server's requests: after PostgreSQL restarts, a query on a
    /// connection the pool still holds has been seen never to finish (scripts/fault-test), and a
    /// request waiting for it would hold its thread and the server's shutdown for ever. Such a
    /// request now fails after `timeout`. The work is only asked to stop (postgres-nio may not
    /// stop a query under way), so a request that timed out may still take effect: an answer with
    /// an invitation code sent again is then refused as answered (409), and the server does not
    /// give back an open answer's place in its network's limit. Work on a held connection (an
    /// import, a snapshot) never has a limit: it must not go on on a connection in use.
    func wait<T: Sendable>(timeout: Double? = 30, _ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let task = Task.detached(executorPreference: Self.executor) {
            do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        if let timeout {
            guard done.wait(timeout: .now() + timeout) == .success else {
                task.cancel()
                throw StoreError("PostgreSQL (\(location)) did not answer within \(Int(timeout)) s")
            }
        } else {
            done.wait()
        }
        do {
            return try box.result!.get()
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresTransactionError where error.closureError is StoreError {
            throw error.closureError!
        } catch {
            throw StoreError("PostgreSQL (\(location)): \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError,
            let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError
        {
            return describe(inner)
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return String(reflecting: error)
        }
        let text = String(reflecting: error)
        if text.contains("CircuitBreaker") || text.contains("connectionCreation") || text.contains("connect") {
            return "cannot connect: is PostgreSQL running there, and are the user, password and database right? (\(text))"
        }
        return text
    }

    /// Holds one connection for a synchronous stretch of work (an import, whose rows come from
    /// a plugin on this thread): `body` runs here, its queries go through `connection.run`.
    func withConnection<T>(_ body: (HeldConnection) throws -> T) throws -> T {
        let handoff = Handoff()
        Task.detached(executorPreference: Self.executor) { [client] in
            do {
                try await client.withConnection { connection in
                    await withCheckedContinuation { (release: CheckedContinuation<Void, Never>) in
                        handoff.give(connection, release: release)
                    }
                }
            } catch {
                handoff.fail(error)
            }
        }
        let connection = try handoff.take()
        defer { handoff.release() }
        return try body(HeldConnection(connection: connection, store: self))
    }

    static func timestamp(_ date: Date = Date()) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// The name of the advisory lock that serialises changes to the question layout, migrations
    /// and imports of this store's schema (across instances) for the length of a transaction.
    var lockName: String { "draagvlak:\(schema)" }
}

/// A connection held by `PostgresStore.withConnection`.
struct HeldConnection {
    let connection: PostgresConnection
    let store: PostgresStore

    @discardableResult
    func run(_ query: PostgresQuery) throws -> [PostgresRow] {
        let connection = connection
        let logger = store.logger
        return try store.wait(timeout: nil) { try await connection.query(query, logger: logger).collect() }
    }
}

final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Hands a connection from the task that leases it to the thread that uses it, and back.
final class Handoff: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var connection: PostgresConnection?
    private var releaseContinuation: CheckedContinuation<Void, Never>?
    private var error: (any Error)?

    func give(_ connection: PostgresConnection, release: CheckedContinuation<Void, Never>) {
        self.connection = connection
        releaseContinuation = release
        ready.signal()
    }

    func fail(_ error: any Error) {
        self.error = error
        ready.signal()
    }

    func take() throws -> PostgresConnection {
        ready.wait()
        if let error { throw StoreError("PostgreSQL: \(PostgresStore.describe(error))") }
        return connection!
    }

    func release() {
        releaseContinuation?.resume()
        releaseContinuation = nil
    }
}

/// Runs tasks' jobs on a concurrent Dispatch queue (see `PostgresStore.executor`).
final class DispatchTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "draagvlak.postgres", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// A value shared between threads, guarded by a lock.
final class Cache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
