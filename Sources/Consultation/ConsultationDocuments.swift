import Definitions
package import DraagvlakCore
import Foundation
package import Maps
package import Reports
package import Vision

extension Consultation {
    /// The maps `consultation.yaml` names, read and joined to their dimension's categories, by
    /// dimension id; labels in `language`. GeoPackage files (`.gpkg`) are read with SQLite, any
    /// other as GeoJSON. Throws an `InputError` naming the file and feature when one is wrong.
    package func maps(language: Language) throws -> [String: PreparedMap] {
        var result: [String: PreparedMap] = [:]
        for (dimension, source) in settings.maps {
            guard let question = survey.demographics.first(where: { $0.id == dimension }) else { continue }
            let url = Self.resolve(source.file, in: folder)
            let name = Self.display(url)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw InputError(
                    Problem(
                        SourceLocation(file: Self.display(folder.appendingPathComponent(Self.settingsFile))),
                        .field("maps.\(dimension).file"),
                        "no boundaries file at \(name)"))
            }
            let categories = question.categories.map { (code: $0.code, area: source.codes[$0.code] ?? $0.code, label: $0.label[language]) }
            let codes = Set(categories.map(\.area))
            let map =
                url.pathExtension.lowercased() == "gpkg"
                ? try GeoPackageReader.read(url, displayName: name, layer: source.layer, codeProperty: source.property, codes: codes)
                : try GeoJSONReader.read(url, displayName: name, codeProperty: source.property, codes: codes)
            result[dimension] = try PreparedMap(map, categories: categories, file: name)
        }
        return result
    }
}

extension Consultation {
    /// What changed since an earlier wave, for `vision` (docs/METHOD.md §10). `earlier` is a
    /// wave of this store or the folder of an earlier consultation; without it, the wave
    /// before `vision`'s in this store, and nil when there is none.
    package func comparison(for vision: Vision, with earlier: String? = nil) throws -> VisionComparison? {
        let waves = try self.waves()
        let before: Vision
        if let earlier, let index = waves.firstIndex(of: earlier) {
            guard let now = waves.firstIndex(of: vision.wave), index < now else {
                throw InputError(
                    "--compare \(earlier): not a wave before '\(vision.wave)' (the waves in order: \(waves.joined(separator: ", ")))")
            }
            before = try self.vision(wave: earlier)
        } else if let earlier {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: earlier, isDirectory: &isFolder), isFolder.boolValue else {
                let named = waves.filter { $0 != Wave.single }.map { "'\($0)'" }.joined(separator: ", ")
                throw InputError(
                    "--compare \(earlier): neither a wave of this consultation\(named.isEmpty ? "" : " (\(named))") nor a consultation folder"
                )
            }
            before = try Consultation(folder: URL(fileURLWithPath: earlier), store: nil).vision()
        } else {
            guard let index = waves.firstIndex(of: vision.wave), index > 0 else { return nil }
            before = try self.vision(wave: waves[index - 1])
        }
        guard before.respondents > 0 else {
            throw InputError("\(earlier.map { "--compare \($0)" } ?? "wave '\(before.wave)'"): the earlier wave has no responses")
        }
        return VisionComparison(earlier: before, later: vision)
    }

    /// The vision document of `vision` as this consultation writes it: with its maps, what
    /// changed since the wave before (unless `compare` is false) and, once officers have written
    /// one for its wave, the municipality's reply.
    package func visionDocument(of vision: Vision, language: Language, date: String, compare: Bool = true) throws -> VisionDocument {
        var document = VisionDocument(
            language: language, date: date, maps: try maps(language: language), reply: try reply(for: vision.wave))
        if compare { document.comparison = try comparison(for: vision) }
        return document
    }

    /// The file officers write the municipality's reply in, in the consultation folder.
    package static let replyFile = "reply.yaml"

    /// The municipality's reply to `wave` (`reply.yaml`): nil when the folder has none yet, or
    /// its reply answers another wave.
    package func reply(for wave: String) throws -> Reply? {
        guard let reply = try reply(), reply.wave == nil || reply.wave == wave else { return nil }
        return reply
    }

    /// The municipality's reply (`reply.yaml`), nil when the folder has none yet.
    package func reply() throws -> Reply? {
        let url = folder.appendingPathComponent(Self.replyFile)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try ReplyLoader.load(url, survey: survey, displayName: Self.display(url))
    }
}
