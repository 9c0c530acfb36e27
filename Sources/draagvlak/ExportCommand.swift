public import ArgumentParser
public import Consultation
import DraagvlakCore
import Foundation

extension Draagvlak {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the normalised responses for R, SPSS or Python.",
            discussion: """
                csv: one row per respondent, a column per question (ranking as codes joined by ';',
                points and checkboxes one column per option). jsonl: one object per respondent with
                respondent (pseudonym), source {file, line}, submittedAt and answers {questionId: value}.
                Example: draagvlak export -c raadpleging-2026 --format jsonl --output antwoorden.jsonl
                """)

        @OptionGroup var consultation: ConsultationOption

        @Option(help: "csv or jsonl.")
        var format: ResponseExport.Format = .csv

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func run() throws {
            let c = try consultation.open()
            guard let output else { return try c.export(format, to: .standardOutput) }
            guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                throw InputError("\(output): cannot write the file")
            }
            defer { try? handle.close() }
            try c.export(format, to: handle)
        }
    }
}

extension ResponseExport.Format: ExpressibleByArgument {}
