package import DraagvlakCore
package import Foundation
import Importers

/// Turning a survey tool's structure file or an export's header into a survey definition
/// (`draagvlak survey from`), with the format named or detected as for imports.
extension Consultation {
    /// The survey in `url`, read by the extractor of `format`, or by the one detection chooses.
    /// `detected` is the format detection chose (nil when it was named).
    package static func extractSurvey(from url: URL, format: String? = nil, displayName: String) throws -> (
        extraction: SurveyExtraction, detected: String?
    ) {
        guard FileManager.default.fileExists(atPath: url.path) else { throw InputError("\(displayName): no such file") }
        if let format {
            guard let chosen = ImporterRegistry.extractors.first(where: { $0.format == format.lowercased() }) else {
                throw InputError(
                    "unknown format '\(format)' for a survey definition (formats: \(ImporterRegistry.extractors.map(\.format).joined(separator: ", ")))"
                )
            }
            return (try chosen.survey(from: url, displayName: displayName), nil)
        }
        let detection = ImporterRegistry.detectStructure(try FileSample.read(url))
        guard let chosen = detection.chosen else {
            let reasons = detection.answers.map { "  \($0.format): \($0.match.reason)" }.joined(separator: "\n")
            throw InputError("\(displayName): no format could make a survey from this file. Tried:\n\(reasons)")
        }
        return (try chosen.survey(from: url, displayName: displayName), chosen.format)
    }

    /// The formats `import` knows (the importer registry's plugins), each with its name and
    /// summary, for help texts and pages.
    package static var formats: [(format: String, name: String, summary: String)] {
        ImporterRegistry.plugins.map { ($0.format, $0.name, $0.summary) }
    }
}
