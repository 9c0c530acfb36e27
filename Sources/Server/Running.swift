import Consultation
import Dispatch
import Foundation
import Hummingbird
import HummingbirdBcrypt
package import Logging
import ServiceLifecycle

extension DraagvlakServer {
    /// Runs the server until SIGTERM or SIGINT; then stops accepting connections and finishes
    /// the requests in flight (Hummingbird's graceful shutdown), for at most 30 s, before
    /// returning.
    package func runUntilStopped(logger: Logger) throws {
        let app = application(logger: logger)
        var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(30)
        let group = ServiceGroup(configuration: configuration)
        let box = ErrorBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await group.run() } catch { box.error = error }
            done.signal()
        }
        done.wait()
        if let error = box.error { throw error }
    }

    /// A bcrypt hash of an officer's password (cost 12), for `draagvlak user add`.
    package static func hashPassword(_ password: String) -> String {
        Bcrypt.hash(password, cost: 12)
    }
}

private final class ErrorBox: @unchecked Sendable {
    var error: (any Error)?
}

/// Structured logs: one JSON object per line on standard error (time, level, label, message and
/// metadata), for the log collectors of a deployment.
package struct JSONLogHandler: LogHandler {
    package let label: String
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]

    package init(label: String) {
        self.label = label
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var object: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue, "label": label,
            "message": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = "\(value)" }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            FileHandle.standardError.write(data + Data("\n".utf8))
        }
    }
}
