import ArgumentParser
import Consultation
import DraagvlakCore
import Foundation
import Reports
import Vision

extension Draagvlak {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The whole job on a consultation folder: import, vision, decision tests.",
            discussion: """
                Imports every file in FOLDER/responses (files imported before add nothing), writes the
                vision as Markdown, HTML and JSON, and tests every decision in FOLDER/decisions, into the
                output folder. Exits 0 when every step ran, whatever the verdicts (use 'test' to gate).
                Example: draagvlak run examples/dijkwaard --out out/dijkwaard
                """)

        @Argument(help: "The consultation folder.")
        var folder: String

        @Option(help: "Where to write the documents (default: FOLDER/output).")
        var out: String?

        @Option(help: "Language of the documents: nl or en (default: the consultation's).")
        var lang: Language?

        func run() throws {
            let c = try Consultation(folder: URL(fileURLWithPath: folder))
            let outFolder = out ?? "\(folder)/output"
            let language = lang ?? c.settings.language
            // Decision files are checked first, so a mistake in one stops the run before anything is imported.
            let decisionFolder = "\(folder)/decisions"
            let decisions = FileManager.default.fileExists(atPath: decisionFolder) ? try c.decisions(in: [decisionFolder]) : []
            let responses = "\(folder)/responses"
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: responses)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for file in files {
                let report = try c.importFile(URL(fileURLWithPath: "\(responses)/\(file)"), progress: Progress.forTerminal(file))
                Progress.clear()
                print(Import.describe(report))
            }
            let vision = try c.vision()
            let document = try c.visionDocument(language: language, date: today())
            try emit(document.markdown(vision), to: "\(outFolder)/vision.md")
            try emit(document.html(vision), to: "\(outFolder)/vision.html")
            try emit(String(decoding: try VisionJSON.encode(vision, reply: document.reply), as: UTF8.self), to: "\(outFolder)/vision.json")
            print(
                "Vision of \(Plural.count(vision.respondents, "respondent", "respondents")) → \(outFolder)/vision.md, vision.html, vision.json"
            )

            guard !decisions.isEmpty else { return }
            let reports = DecisionReports(
                try c.assess(decisions, against: vision), survey: vision.survey, language: language, maps: document.maps)
            for line in try reports.write(to: "\(outFolder)/decisions", formats: [.markdown, .html, .json]) { print(line) }
        }
    }
}
