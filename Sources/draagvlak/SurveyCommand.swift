import ArgumentParser
import Consultation
import Definitions
import DraagvlakCore
import Foundation

extension Draagvlak {
    /// `draagvlak survey from FILE`: a survey definition from a tool's structure or export.
    struct SurveyGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "survey",
            abstract: "Work with survey definitions.",
            subcommands: [From.self])
    }

    struct From: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "from",
            abstract: "Make a survey definition (YAML) from a tool's survey structure or an export.",
            discussion: """
                Reads a LimeSurvey .lss/.lsa, an ODK/KoboToolbox XForm, a Qualtrics .qsf, a Polis
                comments.csv, a CSV header, an Excel workbook (Microsoft Forms or a header row) or an
                SPSS .sav with its labels, and writes a survey definition: statements (with their
                scale), demographic questions and other questions, in a placeholder theme. Complete it
                with themes and polarity; importing the tool's exports against it then needs no mapping
                file. The format is detected; --format overrides.
                Example: draagvlak survey from survey_841748.lss --output Surveys/kleuren.yaml
                """)

        @Argument(help: "The structure or export file.")
        var file: String

        @Option(help: "The format, when detection should not decide.")
        var format: String?

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func run() throws {
            let (extraction, detected) = try Consultation.extractSurvey(from: URL(fileURLWithPath: file), format: format, displayName: file)
            if let detected { FileHandle.standardError.write(Data("\(file): read as \(detected)\n".utf8)) }
            let s = extraction.survey
            try emit(SurveyWriter.yaml(extraction, source: file), to: output)
            if s.statements.isEmpty {
                FileHandle.standardError.write(
                    Data(
                        "note: the file has no statement-like question (5- or 7-point scale, or votes); add at least one statement before importing\n"
                            .utf8))
            }
            FileHandle.standardError.write(
                Data(
                    "\(Plural.count(s.statements.count, "statement", "statements")), \(Plural.count(s.demographics.count, "demographic question", "demographic questions")), \(Plural.count(s.questions.count, "other question", "other questions"))\(extraction.skipped.isEmpty ? "" : "; \(extraction.skipped.count) left out (listed at the top)")\n"
                        .utf8))
        }
    }
}
