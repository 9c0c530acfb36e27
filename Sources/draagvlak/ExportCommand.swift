import ArgumentParser
import Consultation
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

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

        @OptionGroup var consultation: ConsultationOption

        @Option(help: "csv or jsonl.")
        var format: Format = .csv

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func run() throws {
            let c = try consultation.open()
            let survey = c.survey
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil), let h = FileHandle(forWritingAtPath: output) else {
                    throw InputError("\(output): cannot write the file")
                }
                handle = h
            } else {
                handle = .standardOutput
            }
            defer { if output != nil { try? handle.close() } }
            var buffer = ""
            func flush(_ force: Bool = false) {
                if force || buffer.utf8.count > 1 << 20 {
                    handle.write(Data(buffer.utf8))
                    buffer = ""
                }
            }
            let columns = ResponseColumns(survey: survey)
            if format == .csv { buffer += columns.header.map(csvField).joined(separator: ",") + "\n" }
            try c.store.forEachResponse(survey: survey) { response in
                switch format {
                case .csv: buffer += columns.row(response).map(csvField).joined(separator: ",") + "\n"
                case .jsonl: buffer += try jsonLine(response, survey: survey) + "\n"
                }
                flush()
            }
            flush(true)
        }
    }
}

func csvField(_ text: String) -> String {
    guard text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// The export's columns: metadata, demographics, statements, then the other questions.
struct ResponseColumns {
    let survey: Survey
    let header: [String]

    init(survey: Survey) {
        self.survey = survey
        var header = ["respondent", "source_file", "source_line", "submitted_at"]
        header += survey.demographics.map(\.id) + survey.statements.map(\.id)
        for q in survey.questions {
            switch q.kind {
            case .points, .multipleChoice: header += q.options.map { "\(q.id)[\($0.code)]" }
            default: header.append(q.id)
            }
        }
        self.header = header
    }

    func row(_ r: Response) -> [String] {
        var row = [r.respondent, r.source.file, String(r.source.line), r.submittedAt ?? ""]
        row += survey.demographics.enumerated().map { d, q in r.categories[d].map { q.categories[$0].code } ?? "" }
        row += r.statements.map { $0.map { String($0) } ?? "" }
        for q in survey.questions {
            let value = r.other[q.id]
            switch (q.kind, value) {
            case (.points, .points(let points)?): row += q.options.map { points[$0.code].map(String.init) ?? "" }
            case (.multipleChoice, .choices(let codes)?): row += q.options.map { codes.contains($0.code) ? "1" : "0" }
            case (.points, _), (.multipleChoice, _): row += q.options.map { _ in "" }
            case (_, .choice(let code)?): row.append(code)
            case (_, .ranking(let codes)?), (_, .choices(let codes)?): row.append(codes.joined(separator: ";"))
            case (_, .text(let text)?): row.append(text)
            default: row.append("")
            }
        }
        return row
    }
}

/// One response as the JSON line of the export contract.
func jsonLine(_ r: Response, survey: Survey) throws -> String {
    var answers: [String: Any] = [:]
    for (d, q) in survey.demographics.enumerated() { if let c = r.categories[d] { answers[q.id] = q.categories[c].code } }
    for (s, statement) in survey.statements.enumerated() { if let v = r.statements[s] { answers[statement.id] = Int(v) } }
    for (id, value) in r.other {
        switch value {
        case .choice(let code): answers[id] = code
        case .choices(let codes), .ranking(let codes): answers[id] = codes
        case .points(let points): answers[id] = points
        case .text(let text): answers[id] = text
        }
    }
    var object: [String: Any] = [
        "respondent": r.respondent,
        "source": ["file": r.source.file, "line": r.source.line],
        "answers": answers,
    ]
    object["submittedAt"] = r.submittedAt ?? NSNull()
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
}
