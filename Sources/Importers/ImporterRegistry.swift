import CSVImporter
package import DraagvlakCore
import ExternalImporter
package import Foundation
import GoogleFormsImporter
import LimeSurveyImporter
import ODKImporter
import PolisImporter
import QualtricsImporter
import SPSSImporter
import XLSXImporter

/// The one place that lists the importer plugins. Adding a format means adding its target
/// under `Plugins/` and one line here.
package enum ImporterRegistry {
    package static let plugins: [any ImporterPlugin] = [
        CSVImporter(),
        LimeSurveyImporter(),
        ODKImporter(),
        QualtricsImporter(),
        GoogleFormsImporter(),
        PolisImporter(),
        XLSXImporter(),
        SPSSImporter(),
    ]

    /// The plugins that can also make a survey definition from a file (`draagvlak survey from`).
    package static var extractors: [any SurveyExtractor] {
        plugins.compactMap { $0 as? any SurveyExtractor }
    }

    /// The built-in plugins and the external ones (`draagvlak-import-NAME` executables) found
    /// in `folders` and on the PATH; a built-in format wins over an external one of that name.
    package static func plugins(withExternalFrom folders: [URL]) -> [any ImporterPlugin] {
        let builtIn = Set(plugins.map(\.format))
        return plugins + ExternalImporter.discover(in: folders).filter { !builtIn.contains($0.format) }
    }

    package static func plugin(format: String, among candidates: [any ImporterPlugin] = plugins) -> (any ImporterPlugin)? {
        candidates.first { $0.format == format.lowercased() }
    }

    /// Asks every extractor whether it can make a survey from the file; best first.
    package static func detectStructure(_ sample: FileSample) -> (
        chosen: (any SurveyExtractor)?, answers: [(format: String, match: FormatMatch)]
    ) {
        let answers = extractors.map { (extractor: $0, match: $0.identifyStructure(sample)) }
            .sorted { $0.match.confidence > $1.match.confidence }
        let chosen = answers.first.flatMap { $0.match.confidence > 0 ? $0.extractor : nil }
        return (chosen, answers.map { ($0.extractor.format, $0.match) })
    }

    /// What each plugin said of a file, best first.
    package struct Detection: Sendable {
        package var chosen: (any ImporterPlugin)?
        package var answers: [(format: String, match: FormatMatch)]
    }

    /// Asks every plugin; the most confident one that does not decline wins.
    package static func detect(_ sample: FileSample, among candidates: [any ImporterPlugin] = plugins) -> Detection {
        let answers = candidates.map { (plugin: $0, match: $0.identify(sample)) }
            .sorted { $0.match.confidence > $1.match.confidence }
        let chosen = answers.first.flatMap { $0.match.confidence > 0 ? $0.plugin : nil }
        return Detection(chosen: chosen, answers: answers.map { ($0.plugin.format, $0.match) })
    }
}
