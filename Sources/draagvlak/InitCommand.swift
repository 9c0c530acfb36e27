import ArgumentParser
import Consultation
import Definitions
import DraagvlakCore
import Foundation

extension Draagvlak {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a consultation folder.",
            discussion: """
                Copies the survey into the folder as survey.yaml and writes consultation.yaml with the
                default thresholds; the store and the secret for pseudonyms are created beside it.
                --survey takes the name of a built-in survey (\(BuiltIn.surveyNames.joined(separator: ", "))) or a survey file.
                Example: draagvlak init raadpleging-2026 --survey toekomstvisie --name "Gemeente Dijkwaard"
                """)

        @Argument(help: "The folder to create.")
        var folder: String

        @Option(help: "A built-in survey (\(BuiltIn.surveyNames.joined(separator: ", "))) or a survey definition file (YAML).")
        var survey: String = "toekomstvisie"

        @Option(help: "The consultation's name, as documents show it.")
        var name: String?

        func run() throws {
            let url = URL(fileURLWithPath: folder)
            let consultation: Consultation
            switch try BuiltIn.survey(survey) {
            case .file(let file, _):
                consultation = try Consultation.create(at: url, name: name ?? url.lastPathComponent, surveyFile: file)
            case .builtIn(let surveyName, let text):
                // `create` copies a file: the built-in text goes through a scratch copy, removed afterwards.
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: scratch) }
                let file = scratch.appendingPathComponent("\(surveyName).yaml")
                try text.write(to: file, atomically: true, encoding: .utf8)
                consultation = try Consultation.create(at: url, name: name ?? url.lastPathComponent, surveyFile: file)
            }
            print("Created consultation '\(consultation.settings.name)' in \(folder)")
            print(
                "  survey: \(consultation.survey.id) (\(Plural.count(consultation.survey.statements.count, "statement", "statements")), \(Plural.count(consultation.survey.themes.count, "theme", "themes")))"
            )
            print("  settings: \(folder)/\(Consultation.settingsFile)")
            print("Next: draagvlak import -c \(folder) EXPORT.csv")
        }
    }
}
