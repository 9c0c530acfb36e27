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
                When the store holds several waves (import --wave), the vision is of the latest (or
                --wave) and says what changed since the wave before it (or --compare).
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

        @Option(help: "The wave the vision is of (default: the latest).")
        var wave: String?

        @Option(
            name: .customLong("compare"),
            help: """
                An earlier wave of this consultation, or an earlier consultation's folder: add what changed since, per \
                statement and group (Newcombe's interval). Default: the wave before.
                """)
        var earlier: String?

        @Flag(help: "Leave out the comparison with the wave before.")
        var noCompare = false

        func validate() throws {
            if noCompare, earlier != nil { throw ValidationError("--no-compare and --compare: give one of them") }
        }

        func run() throws {
            let c = try consultation.open()
            let vision = try c.vision(wave: wave)
            let language = lang ?? c.settings.language
            var document = try c.visionDocument(of: vision, language: language, date: today(), compare: earlier == nil && !noCompare)
            if let earlier { document.comparison = try c.comparison(for: vision, with: earlier) }
            switch format {
            case .markdown, .html:
                try emit(format == .html ? document.html(vision) : document.markdown(vision), to: output)
            case .json:
                try emit(
                    String(decoding: try VisionJSON.encode(vision, comparison: document.comparison, reply: document.reply), as: UTF8.self),
                    to: output)
            }
        }
    }
}
