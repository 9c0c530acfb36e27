public import Foundation

/// An importer for one export format, as a plugin: it recognises its files and streams their
/// records into an `ImportSession`, which normalises and validates them against the survey.
///
/// Plugins live under `Plugins/`, depend on this module only, and are listed in one place
/// (the `Importers` module). Adding a format touches no core file.
public protocol ImporterPlugin: Sendable {
    /// Short name used by `--format` and in messages, e.g. `csv`.
    var format: String { get }
    /// The tool's own name for people ("LimeSurvey", "KoboToolbox/ODK"), for lists of formats
    /// in help texts and pages; by default `format`.
    var name: String { get }
    /// One line for `draagvlak import --help` and detection messages.
    var summary: String { get }
    /// How sure the plugin is that the sample is its format; confidence 0 declines.
    func identify(_ sample: FileSample) -> FormatMatch
    /// Streams the file's records into the session. Problems with the file's structure are
    /// reported to the session; an unreadable file throws `InputError`.
    func read(_ file: ImportFile, into session: ImportSession) throws
}

extension ImporterPlugin {
    public var name: String { format }
}

/// The start of a file, for format detection without reading it whole.
public struct FileSample: Sendable {
    public var url: URL
    /// Up to the first 64 KiB.
    public var head: [UInt8]

    public init(url: URL, head: [UInt8]) {
        self.url = url
        self.head = head
    }

    public static func read(_ url: URL, limit: Int = 65_536) throws -> FileSample {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw InputError("\(url.path): cannot open the file")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: limit) ?? Data()
        return FileSample(url: url, head: [UInt8](data))
    }

    public var fileExtension: String { url.pathExtension.lowercased() }
}

/// A plugin's answer to "is this your format?": a confidence in 0…1 and the reason.
public struct FormatMatch: Sendable {
    public var confidence: Double
    public var reason: String

    public init(confidence: Double, reason: String) {
        self.confidence = confidence
        self.reason = reason
    }

    public static func declined(_ reason: String) -> FormatMatch {
        FormatMatch(confidence: 0, reason: reason)
    }
}

/// A file to import, with how the user asked for it to be read.
public struct ImportFile: Sendable {
    public var url: URL
    /// The name used in messages and stored as the source (the path as the user gave it).
    public var displayName: String
    public var mapping: ColumnMapping?

    public init(url: URL, displayName: String? = nil, mapping: ColumnMapping? = nil) {
        self.url = url
        self.displayName = displayName ?? url.lastPathComponent
        self.mapping = mapping
    }
}
