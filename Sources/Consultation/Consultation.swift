import Crypto
import Definitions
package import DraagvlakCore
package import Foundation
import Importers
import PostgresStore
package import Storage
import Store
package import Vision

/// A consultation folder: `consultation.yaml` (settings), the survey it names, the embedded
/// store, and the secret that keys respondent pseudonyms. Every command works on one.
///
/// Sendable because nothing in it changes after opening (every property is a constant, and the
/// store serialises its own writes), so the server shares one among its requests.
package final class Consultation: @unchecked Sendable {
    package static let settingsFile = "consultation.yaml"
    package static let storeFile = "draagvlak.sqlite"
    /// Kept apart from the store, so a copy of the store alone cannot be matched to raw ids.
    package static let secretFile = ".draagvlak-secret"

    package let folder: URL
    package let settings: ConsultationSettings
    package let survey: Survey
    /// The scenario set decisions are tested in (`scenarios` in consultation.yaml), if any.
    package let scenarios: ScenarioSet?
    /// The responses: the folder's SQLite store or PostgreSQL. Within the package only; the CLI
    /// and the server go through the consultation's own methods.
    package let store: any ConsultationStorage
    /// HMAC-SHA256 keyed with the consultation's secret, before any data: copied per pseudonym,
    /// so the key schedule is computed once per consultation instead of once per respondent.
    private let keyedMAC: HMAC<SHA256>

    /// Opens the consultation in `folder`. Its responses are in the folder's embedded SQLite
    /// store, or in PostgreSQL when `store` (or the environment variable `DRAAGVLAK_STORE`) is a
    /// `postgres://user:password@host:port/database?schema=name` URL.
    package init(folder: URL, store storeURL: String? = ProcessInfo.processInfo.environment["DRAAGVLAK_STORE"]) throws {
        self.folder = folder
        let settingsURL = folder.appendingPathComponent(Self.settingsFile)
        guard FileManager.default.fileExists(atPath: settingsURL.path) else {
            throw InputError(
                "\(folder.path): not a consultation folder (no \(Self.settingsFile)); create one with 'draagvlak init \(folder.path)'")
        }
        let settingsName = Self.display(settingsURL)
        settings = try ConsultationLoader.load(settingsURL, displayName: settingsName)
        let surveyURL = Self.resolve(settings.surveyPath, in: folder)
        guard FileManager.default.fileExists(atPath: surveyURL.path) else {
            throw InputError(
                Problem(SourceLocation(file: settingsName), .field("survey"), "no survey definition at \(Self.display(surveyURL))"))
        }
        survey = try SurveyLoader.load(surveyURL, displayName: Self.display(surveyURL))
        try ConsultationLoader.validate(settings, against: survey, file: settingsName)
        scenarios = try settings.scenariosPath.map {
            try ScenarioLoader.load(reference: $0, relativeTo: folder, settingsFile: settingsName)
        }
        keyedMAC = HMAC<SHA256>(key: try Self.loadOrCreateKey(folder.appendingPathComponent(Self.secretFile)))
        if let storeURL, !storeURL.isEmpty {
            guard storeURL.hasPrefix("postgres://") || storeURL.hasPrefix("postgresql://") else {
                throw InputError("store '\(storeURL)': expected a postgres:// URL (without one, the folder's own SQLite store is used)")
            }
            store = try PostgresStore(url: storeURL)
        } else {
            store = try ResponseStore(path: folder.appendingPathComponent(Self.storeFile).path)
        }
    }

    /// Creates a consultation folder for `surveyFile`, which is copied in as `survey.yaml`.
    @discardableResult
    package static func create(at folder: URL, name: String, surveyFile: URL) throws -> Consultation {
        let fm = FileManager.default
        let settingsURL = folder.appendingPathComponent(settingsFile)
        if fm.fileExists(atPath: settingsURL.path) {
            throw InputError("\(folder.path) already holds a consultation (\(settingsFile) exists)")
        }
        _ = try SurveyLoader.load(surveyFile, displayName: display(surveyFile))
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let surveyCopy = folder.appendingPathComponent("survey.yaml")
        if !fm.fileExists(atPath: surveyCopy.path) { try fm.copyItem(at: surveyFile, to: surveyCopy) }
        let yaml = """
            # A Draagvlak consultation. See the README for every setting.
            name: "\(name.replacingOccurrences(of: "\"", with: "'"))"
            survey: survey.yaml
            language: nl
            # Population shares per demographic question (e.g. from CBS), for weighting:
            # margins:
            #   district: {centrum: 0.18, noord: 0.22, ...}
            # The scenarios decisions are tested in: a built-in set or a file relative to this folder:
            # scenarios: sociaal-domein
            thresholds:
              kMin: 10          # groups smaller than this are never shown
              nMin: 20          # statements with fewer answers: too little input
              broadSupport: 0.6
              majority: 0.5
              groupFloor: 0.5
              polarisation: 0.3
              fit: 0.2          # a decision option fits at this alignment (−1…1) or more

            """
        try yaml.write(to: settingsURL, atomically: true, encoding: .utf8)
        return try Consultation(folder: folder)
    }

    /// A path from `consultation.yaml`: absolute, or relative to the consultation folder.
    package static func resolve(_ path: String, in folder: URL) -> URL {
        (path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)).standardizedFileURL
    }

    package static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    private static func loadOrCreateKey(_ url: URL) throws -> SymmetricKey {
        if let data = FileManager.default.contents(atPath: url.path) {
            guard let text = String(data: data, encoding: .utf8),
                let bytes = Self.hexBytes(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32
            else {
                throw InputError(
                    "\(url.path): the consultation secret is damaged; restore it from a backup (without it, re-imports cannot be recognised)"
                )
            }
            return SymmetricKey(data: bytes)
        }
        let key = SymmetricKey(size: .bits256)
        let hex = key.withUnsafeBytes { Self.hex($0) }
        guard FileManager.default.createFile(atPath: url.path, contents: Data((hex + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw InputError("\(url.path): cannot write the consultation secret")
        }
        return key
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex; `String(format:)` is far too slow for a million pseudonyms.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// The keyed pseudonym of a raw respondent id: HMAC-SHA256 with the consultation's secret,
    /// the first 128 bits in hex. In a named wave the wave's name goes in first, so one person
    /// answering in two waves is two respondents, whose pseudonyms cannot be linked.
    package func pseudonym(_ rawID: String, wave: String = Wave.single) -> String {
        var mac = keyedMAC
        if wave != Wave.single {
            var prefix = "wave \(wave)\u{0}"
            prefix.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        }
        var id = rawID
        id.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return Self.hex(mac.finalize().prefix(16))
    }

    // MARK: Vision

    /// The vision of `wave` as stored now; without a wave, of the latest (docs/METHOD.md §10).
    /// Throws when the store holds no wave by that name.
    package func vision(wave asked: String? = nil) throws -> Vision {
        let status = try store.status()
        let wave = try self.wave(asked, in: status)
        let table = try store.responseTable(survey: survey, wave: wave)
        let sources = status.batches.filter { $0.wave == wave }.map {
            SourceCount(file: $0.file, format: $0.format, respondents: $0.added, digest: $0.digest)
        }
        var vision = VisionBuilder(survey: survey, thresholds: settings.thresholds, consultation: settings.name).build(
            table, sources: sources, margins: settings.margins)
        let signals = try store.openSignals(wave: wave)
        if signals.answers > 0 { vision.openAnswers = OpenAnswerSignals(answers: signals.answers, sharingASignal: signals.sharingASignal) }
        vision.wave = wave
        return vision
    }

    /// The waves the store holds, in order (`Wave.order`).
    package func waves() throws -> [String] {
        try store.status().waves
    }

    /// `asked` when the store holds it, the latest wave when nil.
    func wave(_ asked: String?, in status: StoreStatus) throws -> String {
        let waves = status.waves
        guard let asked else { return waves.last ?? Wave.single }
        guard waves.contains(asked) else {
            let held = waves.map { $0 == Wave.single ? "(unnamed)" : "'\($0)'" }.joined(separator: ", ")
            throw InputError("wave '\(asked)': not in this consultation's store (it holds \(held.isEmpty ? "no responses" : held))")
        }
        return asked
    }
}
