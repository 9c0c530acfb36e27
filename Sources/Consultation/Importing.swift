public import DraagvlakCore
public import Foundation
import Crypto
import Definitions
import Importers
import Store

/// What importing one file did.
public struct ImportReport: Sendable {
    public var file: String
    public var format: String
    /// Why the format was chosen (detection), or "given with --format".
    public var reason: String
    public var records: Int
    public var added: Int
    /// Respondents already stored by an earlier import, left as they were.
    public var repeated: Int
    /// Set when the very same file had been imported before.
    public var alreadyImported: (importedAt: String, added: Int)?
    public var notes: [String]
}

extension Consultation {
    /// Imports one file: detects (or takes) its format, validates every record, and stores all of
    /// it in one transaction — or, when any record is bad, nothing, throwing every problem found.
    public func importFile(
        _ url: URL, format: String? = nil, mapping: URL? = nil,
        progress: ((_ bytesRead: Int64, _ total: Int64) -> Void)? = nil
    ) throws -> ImportReport {
        let name = Self.display(url)
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
            outcome = try store.importBatch(file: name, digest: digest, format: plugin.format, survey: survey) { writer in
                let session = ImportSession(
                    survey: survey, file: name, mapping: columnMapping, recordIDPrefix: digest,
                    pseudonymise: { [unowned self] in self.pseudonym($0) },
                    accept: { response in
                        if case .duplicateInFile(let line) = try writer.add(response) {
                            box.session?.report(Problem(SourceLocation(file: name, line: response.source.line), nil,
                                                        "the same respondent as on line \(line)"))
                        }
                    })
                box.session = session
                session.onProgress = progress.map { report in { report($0, size) } }
                try plugin.read(ImportFile(url: url, displayName: name, mapping: columnMapping), into: session)
                if session.hasProblems { throw Rejected() }
            }
        } catch is Rejected {
            let session = box.session!
            let count = session.problems.count + session.omitted
            throw InputError("\(name): read as \(plugin.format) (\(reason)); rejected, nothing was stored: \(count) problem\(count == 1 ? "" : "s") in \(session.records) records",
                             problems: session.problems, omitted: session.omitted)
        } catch let error as InputError {
            // The file could not be read to the end; show the records' problems found before that too.
            guard let session = box.session, session.hasProblems else { throw error }
            throw InputError("\(error.summary)\n\(name): also, before that, \(session.problems.count + session.omitted) problem(s) in \(session.records) records; nothing was stored",
                             problems: error.problems + session.problems, omitted: session.omitted)
        }
        switch outcome {
        case .alreadyImported(_, let importedAt, let added):
            return ImportReport(file: name, format: plugin.format, reason: reason, records: 0, added: 0, repeated: 0,
                                alreadyImported: (importedAt, added), notes: [])
        case .imported(let added, let repeated):
            return ImportReport(file: name, format: plugin.format, reason: reason, records: box.session?.records ?? 0,
                                added: added, repeated: repeated, alreadyImported: nil, notes: box.session?.notes ?? [])
        }
    }

    /// The importers this consultation can use: the built-in ones and external plugins in its
    /// `plugins/` folder or on the PATH.
    public var importers: [any ImporterPlugin] {
        ImporterRegistry.plugins(withExternalFrom: [folder.appendingPathComponent("plugins")])
    }

    private func choosePlugin(_ url: URL, name: String, format: String?) throws -> (any ImporterPlugin, String) {
        let candidates = importers
        if let format {
            guard let plugin = ImporterRegistry.plugin(format: format, among: candidates) else {
                throw InputError("--format \(format): unknown format (known: \(candidates.map(\.format).joined(separator: ", ")))")
            }
            return (plugin, "given with --format")
        }
        let detection = ImporterRegistry.detect(try FileSample.read(url), among: candidates)
        guard let chosen = detection.chosen else {
            let tried = detection.answers.map { "  \($0.format): \($0.match.reason)" }.joined(separator: "\n")
            throw InputError("\(name): the format was not recognised. Tried:\n\(tried)\nName the format with --format.")
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
