import Definitions
package import DraagvlakCore
import Foundation
package import Maps
package import Reports

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
    /// The vision document as this consultation writes it: with its maps and, once officers
    /// have written one, the municipality's reply.
    package func visionDocument(language: Language, date: String) throws -> VisionDocument {
        VisionDocument(language: language, date: date, maps: try maps(language: language), reply: try reply())
    }

    /// The file officers write the municipality's reply in, in the consultation folder.
    package static let replyFile = "reply.yaml"

    /// The municipality's reply (`reply.yaml`), nil when the folder has none yet.
    package func reply() throws -> Reply? {
        let url = folder.appendingPathComponent(Self.replyFile)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try ReplyLoader.load(url, survey: survey, displayName: Self.display(url))
    }
}
