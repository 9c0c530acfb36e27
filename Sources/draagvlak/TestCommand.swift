import ArgumentParser
import Consultation
import DraagvlakCore
import Foundation

extension Draagvlak {
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Test decisions against the vision.",
            discussion: """
                Each decision file (YAML) has options with effects (−2…+2) on statements or themes,
                optionally per scenario and on groups, and signposts; a file may hold several decisions
                (e.g. a coalition agreement) and a folder is read for every *.yaml in it. Every option is
                assessed: alignment, conflicts, the groups it turns against, alignment in each scenario of
                the consultation's scenario set with maximin, minimax regret and satisficing, and how
                certain the verdict is (posterior draws with a stated seed). Several decisions also get an
                overview, robust options that fit first. Exit code 0 when every decision's preferred option
                fits the vision, 1 when one does not (conflicts, mixed or too little basis), 2 on bad input.
                Example: draagvlak test -c raadpleging-2026 besluiten/bibliotheek.yaml
                         draagvlak test -c raadpleging-2026 besluiten/ --format html --out rapporten/
                """)

        @OptionGroup var consultation: ConsultationOption

        @Argument(help: "Decision files or folders of them.")
        var decisions: [String]

        @Option(help: "Language of the report: nl or en (default: the consultation's).")
        var lang: Language?

        @Option(help: "markdown, html or json.")
        var format: DocumentFormat = .markdown

        @Option(help: "Write one report per decision (and an overview) into this folder instead of standard output.")
        var out: String?

        @Option(help: "Posterior draws for the certainty of each verdict (0 to skip).")
        var draws: Int = 10_000

        @Option(help: "Seed of the posterior draws; the same seed gives the same figures.")
        var seed: UInt64 = 2040

        @Option(help: "The wave to test against (default: the latest, where signposts are read).")
        var wave: String?

        func validate() throws {
            guard draws >= 0 else { throw ValidationError("--draws must be 0 or more") }
        }

        func run() throws {
            let c = try consultation.open()
            let decisions = try c.decisions(in: self.decisions)
            let vision = try c.vision(wave: wave)
            // The vision's survey names the opinion groups too.
            let reports = DecisionReports(
                try c.assess(decisions, against: vision, draws: draws, seed: seed), survey: vision.survey,
                language: lang ?? c.settings.language, maps: try c.maps(language: lang ?? c.settings.language))
            if let out {
                for line in try reports.write(to: out, formats: [format]) { print(line) }
            } else {
                try emit(try reports.text(format), to: nil)
                if format == .html, reports.assessments.count > 1 {
                    FileHandle.standardError.write(Data("The reports per decision need --out FOLDER.\n".utf8))
                }
            }
            if !reports.allFit { throw ExitCode(1) }
        }
    }
}
