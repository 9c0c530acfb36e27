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
                sav (SPSS) and xlsx (Excel): the csv's columns with the survey's variable and value
                labels (xlsx: a second sheet with the codebook), plus each respondent's weight; these
                need --output. With several waves (import --wave), the latest, or --wave.
                Example: draagvlak export -c raadpleging-2026 --format sav --output antwoorden.sav
                """)

        @OptionGroup var consultation: ConsultationOption

        @Option(help: "csv, jsonl, sav or xlsx.")
        var format: ResponseExport.Format = .csv

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        @Option(help: "The wave to export (default: the latest).")
        var wave: String?

        func run() throws {
            if format.isFile, output == nil {
                throw ValidationError(
                    "--format \(format.rawValue) writes a file: give it with --output, e.g. --output antwoorden.\(format.rawValue)")
            }
            let c = try consultation.open()
            guard let output else { return try c.export(format, to: .standardOutput, wave: wave) }
            if format.isFile { return try c.export(format, toFile: URL(fileURLWithPath: output), wave: wave) }
            guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                throw InputError("\(output): cannot write the file")
            }
            defer { try? handle.close() }
            try c.export(format, to: handle, wave: wave)
        }
    }
}

extension ResponseExport.Format: ExpressibleByArgument {}
