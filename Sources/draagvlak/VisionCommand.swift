import ArgumentParser
import Consultation
import DraagvlakCore
import Foundation
import Reports
import Vision

/// Output formats of documents.

extension Draagvlak {
    struct VisionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vision",
            abstract: "Write the future-vision document.",
            discussion: """
                What residents broadly support per theme, where groups and opinion groups differ,
                priorities, residents' own words, participation and weighting, the method and its
                settings, provenance, and every statement with its support, interval and class;
                with a reply.yaml in the folder, the chapter "Wat we met uw inbreng doen".
                HTML is one self-contained file with charts (no network needed to view or print it).
                Example: draagvlak vision -c raadpleging-2026 --lang en --output visie.md
                         draagvlak vision -c raadpleging-2026 --format html -o visie.html
                         draagvlak vision -c raadpleging-2026 --format json > visie.json
                """)

        @OptionGroup var consultation: ConsultationOption

        @Option(help: "Language of the document: nl or en (default: the consultation's).")
        var lang: Language?

        @Option(help: "markdown, html or json.")
        var format: DocumentFormat = .markdown

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        @Option(
            name: .customLong("compare"),
            help: "An earlier wave's consultation folder: add what changed since, per statement and group (Newcombe's interval).")
        var earlier: String?

        func run() throws {
            let c = try consultation.open()
            let vision = try c.vision()
            let language = lang ?? c.settings.language
            let comparison = try earlier.map { folder in
                let before = try Consultation(folder: URL(fileURLWithPath: folder), store: nil).vision()
                guard before.respondents > 0 else {
                    throw InputError("--compare \(folder): the earlier wave has no responses in its folder's own store")
                }
                return VisionComparison(earlier: before, later: vision)
            }
            switch format {
            case .markdown, .html:
                var document = try c.visionDocument(language: language, date: today())
                document.comparison = comparison
                try emit(format == .html ? document.html(vision) : document.markdown(vision), to: output)
            case .json:
                try emit(
                    String(decoding: try VisionJSON.encode(vision, comparison: comparison, reply: try c.reply()), as: UTF8.self), to: output
                )
            }
        }
    }
}
