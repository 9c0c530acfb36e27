import ArgumentParser
import Consultation
import DraagvlakCore
import Foundation

extension Draagvlak {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a consultation folder.",
            discussion: """
                Copies the survey into the folder as survey.yaml and writes consultation.yaml with the
                default thresholds; the store and the secret for pseudonyms are created beside it.
                Example: draagvlak init raadpleging-2026 --survey Surveys/toekomstvisie.yaml --name "Gemeente Dijkwaard"
                """)

        @Argument(help: "The folder to create.")
        var folder: String

        @Option(help: "The survey definition (YAML).")
        var survey: String = "Surveys/toekomstvisie.yaml"

        @Option(help: "The consultation's name, as documents show it.")
        var name: String?

        func run() throws {
            let url = URL(fileURLWithPath: folder)
            let consultation = try Consultation.create(
                at: url, name: name ?? url.lastPathComponent, surveyFile: URL(fileURLWithPath: survey))
            print("Created consultation '\(consultation.settings.name)' in \(folder)")
            print("  survey: \(consultation.survey.id) (\(Plural.count(consultation.survey.statements.count, "statement", "statements")), \(Plural.count(consultation.survey.themes.count, "theme", "themes")))")
            print("  settings: \(folder)/\(Consultation.settingsFile)")
            print("Next: draagvlak import -c \(folder) EXPORT.csv")
        }
    }
}
