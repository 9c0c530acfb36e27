public import DraagvlakCore
import Foundation
import CSVImporter

/// The one place that lists the importer plugins. Adding a format means adding its target
/// under `Plugins/` and one line here.
public enum ImporterRegistry {
    public static let plugins: [any ImporterPlugin] = [
        CSVImporter(),
    ]

    public static func plugin(format: String) -> (any ImporterPlugin)? {
        plugins.first { $0.format == format.lowercased() }
    }

    /// What each plugin said of a file, best first.
    public struct Detection: Sendable {
        public var chosen: (any ImporterPlugin)?
        public var answers: [(format: String, match: FormatMatch)]
    }

    /// Asks every plugin; the most confident one that does not decline wins.
    public static func detect(_ sample: FileSample) -> Detection {
        let answers = plugins.map { (plugin: $0, match: $0.identify(sample)) }
            .sorted { $0.match.confidence > $1.match.confidence }
        let chosen = answers.first.flatMap { $0.match.confidence > 0 ? $0.plugin : nil }
        return Detection(chosen: chosen, answers: answers.map { ($0.plugin.format, $0.match) })
    }
}
