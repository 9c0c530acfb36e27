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
                Imports every file in FOLDER/responses (files imported before add nothing; the files of a
                subfolder, e.g. responses/2028/, into the wave it names), writes the vision of the latest
                wave as Markdown, HTML and JSON (with what changed since the wave before, when there is
                one), and tests every decision in FOLDER/decisions against it, into the output folder.
                Exits 0 when every step ran, whatever the verdicts (use 'test' to gate).
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
            for (file, wave) in try Self.responseFiles(in: "\(folder)/responses") {
                let report = try c.importFile(URL(fileURLWithPath: file), wave: wave, progress: Progress.forTerminal(file))
                Progress.clear()
                print(Import.describe(report))
            }
            let vision = try c.vision()
            let document = try c.visionDocument(of: vision, language: language, date: today())
            try emit(document.markdown(vision), to: "\(outFolder)/vision.md")
            try emit(document.html(vision), to: "\(outFolder)/vision.html")
            try emit(
                String(decoding: try VisionJSON.encode(vision, comparison: document.comparison, reply: document.reply), as: UTF8.self),
                to: "\(outFolder)/vision.json")
            let of =
                vision.wave == Wave.single
                ? "" : " (wave \(vision.wave)\(document.comparison.map { ", compared with \($0.earlier)" } ?? ""))"
            print(
                "Vision of \(Plural.count(vision.respondents, "respondent", "respondents"))\(of) → \(outFolder)/vision.md, vision.html, vision.json"
            )

            guard !decisions.isEmpty else { return }
            let reports = DecisionReports(
                try c.assess(decisions, against: vision), survey: vision.survey, language: language, maps: document.maps)
            for line in try reports.write(to: "\(outFolder)/decisions", formats: [.markdown, .html, .json]) { print(line) }
        }

        /// The files in `folder`, each with its wave: a file directly in it belongs to the
        /// current wave (nil: consultation.yaml's `wave:`), a file in a subfolder to the wave the
        /// subfolder names.
        static func responseFiles(in folder: String) throws -> [(file: String, wave: String?)] {
            let fm = FileManager.default
            var files: [(String, String?)] = []
            var subfolders: [String] = []
            for name in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter({ !$0.hasPrefix(".") }).sorted() {
                var isFolder: ObjCBool = false
                _ = fm.fileExists(atPath: "\(folder)/\(name)", isDirectory: &isFolder)
                if isFolder.boolValue { subfolders.append(name) } else { files.append(("\(folder)/\(name)", nil)) }
            }
            for wave in Wave.order(subfolders) {
                if let problem = Wave.problem(wave) { throw InputError("\(folder)/\(wave): not a wave's folder: \(problem)") }
                let names = try fm.contentsOfDirectory(atPath: "\(folder)/\(wave)").filter { !$0.hasPrefix(".") }.sorted()
                files += names.map { ("\(folder)/\(wave)/\($0)", wave) }
            }
            return files
        }
    }
}
