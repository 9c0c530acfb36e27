package import DraagvlakCore
package import Foundation

/// An importer written in any language: an executable named `draagvlak-import-NAME`, on the
/// PATH or in a consultation's `plugins/` folder, that speaks Draagvlak's JSON Lines protocol
/// (docs/PLUGINS.md) on stdin and stdout. It takes part in detection and import like a built-in
/// plugin. A plugin that crashes, hangs (no output for `timeout` seconds) or writes something
/// that is not the protocol gets a clear error, and nothing of the file is stored (the import is
/// one transaction).
package struct ExternalImporter: ImporterPlugin {
    /// The protocol version this build speaks; a plugin must answer with the same.
    package static let protocolVersion = 1
    package static let prefix = "draagvlak-import-"

    package let executable: URL
    package let format: String
    /// Seconds without output after which the plugin counts as hung.
    package var timeout: TimeInterval

    package init(executable: URL, timeout: TimeInterval = 30) {
        self.executable = executable
        self.format = String(executable.lastPathComponent.dropFirst(Self.prefix.count)).lowercased()
        self.timeout = timeout
    }

    package var summary: String { "external plugin \(executable.path)" }

    /// Every `draagvlak-import-*` executable in `folders` and on the PATH (the first of a name wins).
    package static func discover(in folders: [URL], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [ExternalImporter]
    {
        let path = (environment["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        var seen = Set<String>()
        var found: [ExternalImporter] = []
        for folder in folders + path {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasPrefix(prefix) && name.count > prefix.count {
                let url = folder.appendingPathComponent(name)
                guard FileManager.default.isExecutableFile(atPath: url.path), seen.insert(name).inserted else { continue }
                found.append(ExternalImporter(executable: url))
            }
        }
        return found
    }

    // MARK: Detection

    package func identify(_ sample: FileSample) -> FormatMatch {
        let request: [String: Any] = [
            "protocol": Self.protocolVersion, "command": "detect", "file": sample.url.path,
            "head": Data(sample.head).base64EncodedString(),
        ]
        do {
            var answer: [String: Any]?
            try run(request, file: sample.url.lastPathComponent) { message, _ in
                if answer == nil { answer = message }
            }
            guard let answer, let confidence = (answer["confidence"] as? NSNumber)?.doubleValue else {
                return .declined("plugin \(format) gave no confidence")
            }
            let reason = answer["reason"] as? String ?? ""
            return FormatMatch(confidence: min(1, max(0, confidence)), reason: reason)
        } catch {
            return .declined("plugin \(format) failed: \(error)")
        }
    }

    // MARK: Import

    package func read(_ file: ImportFile, into session: ImportSession) throws {
        let request: [String: Any] = [
            "protocol": Self.protocolVersion, "command": "read", "file": file.url.path, "displayName": file.displayName,
        ]
        var begun = false
        var ended = false
        try run(request, file: file.displayName) { message, outputLine in
            let type = message["type"] as? String
            let origin = "\(file.displayName): plugin \(format), output line \(outputLine)"
            switch type {
            case "header":
                guard !begun, let columns = message["columns"] as? [String] else {
                    throw InputError("\(origin): a second header, or a header without 'columns'")
                }
                begun = true
                guard session.begin(headers: columns, line: Self.int(message["line"]) ?? 1) else { return }
            case "record":
                guard begun else { throw InputError("\(origin): a record before the header") }
                guard let fields = message["fields"] as? [Any] else { throw InputError("\(origin): a record without 'fields'") }
                let strings = fields.map { value -> String in
                    switch value {
                    case let s as String: s
                    case let n as NSNumber: n.stringValue
                    default: ""
                    }
                }
                try session.record(strings, line: Self.int(message["line"]) ?? 0)
            case "problem":
                let location = SourceLocation(file: file.displayName, line: Self.int(message["line"]))
                let subject = (message["field"] as? String).map(Problem.Subject.field)
                session.report(Problem(location, subject, message["message"] as? String ?? "(no message)"))
            case "note":
                if let text = message["message"] as? String { session.note("plugin \(format): \(text)") }
            case "end":
                ended = true
            default:
                throw InputError("\(origin): unknown message type '\(type ?? "none")'")
            }
        }
        guard ended else { throw InputError("\(file.displayName): plugin \(format) stopped without an 'end' message; nothing was stored") }
    }

    static func int(_ value: Any?) -> Int? { (value as? NSNumber)?.intValue }

    /// Ignores SIGPIPE for the process, once.
    static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Runs the plugin with one request on stdin and hands each output line, parsed, to `handle`.
    /// Throws when the plugin cannot start, writes a line that is not a JSON object, speaks
    /// another protocol version, exits with an error, or is silent for `timeout` seconds.
    func run(_ request: [String: Any], file: String, _ handle: ([String: Any], Int) throws -> Void) throws {
        let process = Process()
        process.executableURL = executable
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw InputError("\(file): plugin \(format) could not be started: \(error.localizedDescription)") }

        // A watchdog ends a plugin that stays silent too long.
        let activity = Activity()
        let watchdog = DispatchSource.makeTimerSource(queue: .global())
        watchdog.schedule(deadline: .now() + 1, repeating: 1)
        watchdog.setEventHandler { [timeout] in
            if activity.silentFor > timeout, process.isRunning {
                activity.timedOut = true
                kill(process.processIdentifier, SIGKILL)
            }
        }
        watchdog.resume()
        defer { watchdog.cancel() }
        // Collect stderr in the background so a chatty plugin cannot block on a full pipe.
        let stderrBox = Activity()
        let stderrDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            stderrBox.text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile().suffix(2_000), as: UTF8.self)
            stderrDone.signal()
        }

        // A plugin may exit without reading its input: a write to the closed pipe must then fail
        // (EPIPE), not kill Draagvlak with SIGPIPE; and the write runs apart from the reading, so a
        // plugin that answers before reading everything cannot deadlock us.
        Self.ignoreBrokenPipes
        let body = try JSONSerialization.data(withJSONObject: request) + Data("\n".utf8)
        let writer = input.fileHandleForWriting
        DispatchQueue.global().async {
            try? writer.write(contentsOf: body)
            try? writer.close()
        }

        var buffer = Data()
        var lineNumber = 0
        var failure: (any Error)?
        let reader = output.fileHandleForReading
        while failure == nil {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            activity.touch()
            buffer.append(chunk)
            while failure == nil, let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                lineNumber += 1
                guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { continue }
                guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    failure = InputError(
                        "\(file): plugin \(format) wrote invalid JSON on output line \(lineNumber): \(String(decoding: line.prefix(120), as: UTF8.self))"
                    )
                    break
                }
                if let version = Self.int(object["protocol"]), version != Self.protocolVersion {
                    failure = InputError(
                        "\(file): plugin \(format) speaks protocol \(version); this Draagvlak speaks \(Self.protocolVersion)")
                    break
                }
                do { try handle(object, lineNumber) } catch { failure = error }
            }
        }
        if failure != nil, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        stderrDone.wait()
        if activity.timedOut {
            throw InputError("\(file): plugin \(format) gave no output for \(Int(timeout)) seconds and was stopped; nothing was stored")
        }
        if let failure { throw failure }
        if !buffer.isEmpty, !buffer.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) {
            throw InputError("\(file): plugin \(format) ended with an unfinished line (no newline)")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how =
                process.terminationReason == .uncaughtSignal
                ? "was killed by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
            let detail = stderrBox.text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw InputError(
                "\(file): plugin \(format) \(how); nothing was stored\(detail.isEmpty ? "" : ". It said: \(detail.split(separator: "\n").suffix(3).joined(separator: " | "))")"
            )
        }
    }
}

/// When the plugin last wrote something, shared with the watchdog.
final class Activity: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date()
    private var _timedOut = false
    private var _text = ""

    func touch() { lock.withLock { last = Date() } }
    var silentFor: TimeInterval { lock.withLock { Date().timeIntervalSince(last) } }
    var timedOut: Bool {
        get { lock.withLock { _timedOut } }
        set { lock.withLock { _timedOut = newValue } }
    }
    var text: String {
        get { lock.withLock { _text } }
        set { lock.withLock { _text = newValue } }
    }
}
