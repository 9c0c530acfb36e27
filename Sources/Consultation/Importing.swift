import Crypto
import Definitions
package import DraagvlakCore
package import Foundation
import Importers
import Storage

/// What importing one file did.
package struct ImportReport: Sendable {
    package var file: String
    package var format: String
    /// Why the format was chosen (detection), or "named" when the caller named it.
    package var reason: String
    package var records: Int
    package var added: Int
    /// Respondents already stored by an earlier import, left as they were.
    package var repeated: Int
    /// Set when the very same file had been imported before.
    package var alreadyImported: (importedAt: String, added: Int)?
    package var notes: [String]
}

extension Consultation {
    /// Imports one file: detects (or takes) its format, validates every record, and stores all of
    /// it in one transaction — or, when any record is bad, nothing, throwing every problem found.
    ///
    /// `wave` names the round of asking the file belongs to (by default the current wave,
    /// `wave:` in consultation.yaml, which is `Wave.single` for a consultation that asks once);
    /// its respondents are pseudonymised within that wave.
    package func importFile(
        _ url: URL, format: String? = nil, mapping: URL? = nil, displayName: String? = nil, wave asked: String? = nil,
        progress: ((_ bytesRead: Int64, _ total: Int64) -> Void)? = nil
    ) throws -> ImportReport {
        let name = displayName ?? Self.display(url)
        let wave = asked ?? settings.wave
        if wave != Wave.single, let problem = Wave.problem(wave) { throw InputError("wave '\(wave)': \(problem)") }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw InputError("\(name): no such file")
        }
        let (plugin, reason) = try choosePlugin(url, name: name, format: format)
        let columnMapping = try mapping.map { try MappingLoader.load($0, survey: survey, displayName: Self.display($0)) }
        let (digest, size) = try Self.digest(url, mapping: columnMapping)

        final class Box: @unchecked Sendable { var session: ImportSession? }
        struct Rejected: Error {}
        let box = Box()
        let outcome: BatchOutcome
        do {
            outcome = try store.importBatch(file: name, digest: digest, format: plugin.format, wave: wave, survey: survey) { writer in
                // Two threads: the plugin reads, validates and pseudonymises on one; this one
                // (the store's writer) stores, through a bounded queue, so memory stays flat.
                let pipe = ResponsePipe(capacity: 8192)
                let packer = writer.packer
                let session = ImportSession(
                    survey: survey, file: name, mapping: columnMapping, recordIDPrefix: digest,
                    pseudonymise: { [unowned self] in self.pseudonym($0, wave: wave) },
                    accept: { try pipe.put(packer.pack($0)) })
                box.session = session
                session.onProgress = progress.map { report in { report($0, size) } }
                // The session is used by the reading thread alone until it has finished.
                nonisolated(unsafe) let readingSession = session
                let reader = Thread {
                    do {
                        try plugin.read(ImportFile(url: url, displayName: name, mapping: columnMapping), into: readingSession)
                        pipe.finish(nil)
                    } catch {
                        pipe.finish(error)
                    }
                }
                reader.stackSize = 8 << 20
                reader.start()
                do {
                    while let responses = pipe.take() {
                        for response in responses { try writer.add(response) }
                    }
                } catch {
                    pipe.cancel()
                    _ = pipe.waitForReader()
                    throw error
                }
                if let error = pipe.waitForReader() { throw error }
                try writer.finish()
                for duplicate in writer.duplicates {
                    session.report(
                        Problem(
                            SourceLocation(file: name, line: duplicate.line), nil, "the same respondent as on line \(duplicate.firstLine)"))
                }
                if session.hasProblems { throw Rejected() }
            }
        } catch is Rejected {
            let session = box.session!
            let count = session.problems.count + session.omitted
            throw InputError(
                "\(name): read as \(plugin.format) (\(reason)); rejected, nothing was stored: \(Plural.count(count, "problem", "problems")) in \(Plural.count(session.records, "record", "records"))",
                problems: session.problems, omitted: session.omitted)
        } catch let error as InputError {
            // The file could not be read to the end; show the records' problems found before that too.
            guard let session = box.session, session.hasProblems else { throw error }
            let found = session.problems.count + session.omitted
            throw InputError(
                "\(error.summary)\n\(name): also, before that, \(Plural.count(found, "problem", "problems")) in \(Plural.count(session.records, "record", "records")); nothing was stored",
                problems: error.problems + session.problems, omitted: session.omitted)
        }
        switch outcome {
        case .alreadyImported(_, let importedAt, let added):
            return ImportReport(
                file: name, format: plugin.format, reason: reason, records: 0, added: 0, repeated: 0,
                alreadyImported: (importedAt, added), notes: [])
        case .imported(let added, let repeated):
            return ImportReport(
                file: name, format: plugin.format, reason: reason, records: box.session?.records ?? 0,
                added: added, repeated: repeated, alreadyImported: nil, notes: box.session?.notes ?? [])
        }
    }

    /// The importers this consultation can use: the built-in ones and external plugins in its
    /// `plugins/` folder or on the PATH.
    package var importers: [any ImporterPlugin] {
        ImporterRegistry.plugins(withExternalFrom: [folder.appendingPathComponent("plugins")])
    }

    private func choosePlugin(_ url: URL, name: String, format: String?) throws -> (any ImporterPlugin, String) {
        let candidates = importers
        if let format {
            guard let plugin = ImporterRegistry.plugin(format: format, among: candidates) else {
                throw InputError("format '\(format)': unknown (known: \(candidates.map(\.format).joined(separator: ", ")))")
            }
            return (plugin, "named")
        }
        let detection = ImporterRegistry.detect(try FileSample.read(url), among: candidates)
        guard let chosen = detection.chosen else {
            let tried = detection.answers.map { "  \($0.format): \($0.match.reason)" }.joined(separator: "\n")
            throw InputError("\(name): the format was not recognised. Tried:\n\(tried)\nName the format to read it anyway.")
        }
        let reason = detection.answers.first.map { "\($0.match.reason), confidence \(String(format: "%.2f", $0.match.confidence))" } ?? ""
        return (chosen, reason)
    }

    /// SHA-256 of the file's bytes (and of the mapping, which changes how they read), and its size.
    static func digest(_ url: URL, mapping: ColumnMapping?) throws -> (String, Int64) {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw InputError("\(url.path): cannot open the file") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        if let mapping {
            // Dictionaries have no stable order; sort so the same mapping always hashes the same.
            var parts = ["respondent=\(mapping.respondentColumn ?? "")", "submittedAt=\(mapping.submittedAtColumn ?? "")"]
            parts += mapping.columns.sorted { $0.key < $1.key }.map { "column \($0.key)=\($0.value)" }
            parts += mapping.ignored.sorted().map { "ignore \($0)" }
            parts += mapping.values.sorted { $0.key < $1.key }.flatMap { q, labels in
                labels.sorted { $0.key < $1.key }.map { "value \(q) \($0.key)=\($0.value)" }
            }
            hasher.update(data: Data(parts.joined(separator: "\n").utf8))
        }
        return (hex(hasher.finalize()), size)
    }
}

/// The bounded queue between an import's reading thread and the store's writer: the reader
/// `put`s responses (blocking while the queue is full), the writer `take`s them in runs.
/// Either side can end it: the reader with `finish` (an error or nil), the writer with `cancel`.
private final class ResponsePipe: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var queue: [PackedResponse] = []
    private var finished = false
    private var readerDone = false
    private var readerError: (any Error)?
    private var cancelled = false

    struct Cancelled: Error {}

    init(capacity: Int) {
        self.capacity = capacity
        queue.reserveCapacity(capacity)
    }

    func put(_ response: PackedResponse) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity, !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        queue.append(response)
        if queue.count == 1 || queue.count >= capacity / 4 { condition.broadcast() }
    }

    /// The responses queued so far (waiting for some), or nil when the reader has finished and
    /// everything was taken.
    func take() -> [PackedResponse]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.count < capacity / 4, !finished { condition.wait() }
        if queue.isEmpty, finished { return nil }
        var taken: [PackedResponse] = []
        taken.reserveCapacity(capacity)
        swap(&taken, &queue)
        condition.broadcast()
        return taken
    }

    func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        readerDone = true
        readerError = error
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the reading thread to end; its error, if it failed (not by `cancel`).
    func waitForReader() -> (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        while !readerDone { condition.wait() }
        return readerError is Cancelled ? nil : readerError
    }
}
