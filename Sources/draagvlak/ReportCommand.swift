import ArgumentParser
import Consultation
import DraagvlakCore
import Foundation
import Reports

extension Draagvlak {
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write the participation report: what the municipality does with residents' input.",
            discussion: """
                The participatieverslag on its own: what residents broadly support, the municipality's
                reply per theme and statement from reply.yaml in the consultation folder (what it
                takes over, what not, and why) beside each statement's figures, and who took part.
                Example: draagvlak report -c raadpleging-2026 --format html -o participatieverslag.html
                """)

        @OptionGroup var consultation: ConsultationOption

        @Option(help: "Language of the document: nl or en (default: the consultation's).")
        var lang: Language?

        @Option(help: "markdown or html.")
        var format: DocumentFormat = .markdown

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        @Option(help: "The wave the report is of (default: the wave reply.yaml names, else the latest).")
        var wave: String?

        func run() throws {
            let c = try consultation.open()
            let file = Consultation.display(c.folder.appendingPathComponent(Consultation.replyFile))
            guard let reply = try c.reply() else {
                throw InputError("\(file): no reply yet; write the municipality's reply per theme there (see the README)")
            }
            guard format != .json else { throw InputError("report: --format json is not offered; the reply is in the vision's documents") }
            let vision = try c.vision(wave: wave ?? reply.wave)
            if let answered = reply.wave, answered != vision.wave {
                throw InputError("\(file): the reply answers wave '\(answered)', not '\(vision.wave)'")
            }
            let document = VisionDocument(language: lang ?? c.settings.language, date: today())
            try emit(
                format == .html
                    ? document.participationReportHTML(vision, reply: reply) : document.participationReportMarkdown(vision, reply: reply),
                to: output)
        }
    }
}
