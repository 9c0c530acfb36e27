package import DraagvlakCore
import Foundation
import Readers

/// Imports Qualtrics CSV exports: the current three header rows (export tags, question text,
/// `{"ImportId":"QID4_1"}`), the 2016–17 "Insights" variant (`{'ImportId': 'QID4-1-1'}`) and the
/// legacy two-row export (`V1…V10`).
///
/// Columns are keyed on the ImportId, so that renamed export tags do not matter: `QID4_1` is the
/// statement or question `QID4_1` of the survey that `survey(from:)` makes of the `.qsf` or the
/// CSV header. A column `QIDn_k` that is option `k` of a checkbox, point or ranking question `QIDn`
/// is read as `QIDn[k]` (rankings: the columns hold each option's rank). Personal data — names,
/// e-mail, IP address, location — is never read. `-99` (seen but unanswered) is no answer.
/// Unfinished responses, survey previews and spam are skipped; test responses (Status 2) are
/// imported with a note, because every generated sample response is one.
package struct QualtricsImporter: ImporterPlugin {
    package init() {}

    package var format: String { "qualtrics" }
    package var name: String { "Qualtrics" }
    package var summary: String { "Qualtrics CSV export (three header rows with ImportIds, or the legacy V1…V10 layout)" }

    package func identify(_ sample: FileSample) -> FormatMatch {
        let rows = CSVSample.records(sample.head, limit: 3)
        switch QualtricsHeader.generation(of: rows) {
        case .current:
            return FormatMatch(confidence: 0.95, reason: "three header rows, the third of {\"ImportId\":…} cells (Qualtrics 2017+)")
        case .insights:
            return FormatMatch(confidence: 0.95, reason: "three header rows, the third of {'ImportId': …} cells (Qualtrics 2016–17)")
        case .legacy:
            return FormatMatch(confidence: 0.9, reason: "header rows V1, V2, … and ResponseID, ResponseSet, … (legacy Qualtrics export)")
        case nil:
            return .declined(
                "no Qualtrics header: neither a third row of ImportIds ({\"ImportId\":…}) nor V1, V2, … over ResponseID, ResponseSet")
        }
    }

    /// How one output column is made from the file's columns.
    enum Output {
        case field(Int)
        /// The current export's one-column checkbox answer, `1,3`.
        case commaList(Int)
        /// A ranking: (column, option code) pairs whose cells hold the option's rank.
        case ranking([(column: Int, code: String)])
    }

    /// The survey column a question key is read as, and how.
    static func plan(_ header: QualtricsHeader, survey: Survey) -> (headers: [String], outputs: [Output]) {
        var headers: [String] = []
        var outputs: [Output] = []
        var rankings: [String: Int] = [:]
        var submitted: (rank: Int, output: Int)?
        for (i, column) in header.columns.enumerated() {
            switch column.role {
            case .ignored, .status, .finished:
                continue
            case .respondent:
                guard !headers.contains("respondent") else { continue }
                headers.append("respondent")
                outputs.append(.field(i))
            case .submittedAt(let rank):
                if let earlier = submitted {
                    if rank < earlier.rank {
                        outputs[earlier.output] = .field(i)
                        submitted = (rank, earlier.output)
                    }
                    continue
                }
                submitted = (rank, outputs.count)
                headers.append("submitted_at")
                outputs.append(.field(i))
            case .question(let key):
                let id = SurveyExtraction.identifier(key)
                if let reference = survey.reference(to: id) {
                    headers.append(id)
                    if case .question(let q) = reference, survey.questions[q].kind == .multipleChoice {
                        outputs.append(.commaList(i))
                    } else {
                        outputs.append(.field(i))
                    }
                    continue
                }
                if let split = key.lastIndex(of: "_") {
                    let parent = SurveyExtraction.identifier(String(key[..<split]))
                    let code = String(key[key.index(after: split)...])
                    if case .question(let q)? = survey.reference(to: parent),
                        survey.questions[q].options.contains(where: { $0.code == code })
                    {
                        switch survey.questions[q].kind {
                        case .multipleChoice, .points:
                            headers.append("\(parent)[\(code)]")
                            outputs.append(.field(i))
                            continue
                        case .ranking:
                            if let at = rankings[parent], case .ranking(let parts) = outputs[at] {
                                outputs[at] = .ranking(parts + [(column: i, code: code)])
                            } else {
                                rankings[parent] = outputs.count
                                headers.append(parent)
                                outputs.append(.ranking([(column: i, code: code)]))
                            }
                            continue
                        case .choice, .open:
                            break
                        }
                    }
                }
                // Asked by no survey question: named by its export tag, so the summary is legible.
                headers.append(column.tag.isEmpty ? id : column.tag)
                outputs.append(.field(i))
            }
        }
        return (headers, outputs)
    }

    /// Qualtrics's "seen but unanswered" code.
    static func answer(_ field: String) -> String {
        field == "-99" ? "" : field
    }

    package func read(_ file: ImportFile, into session: ImportSession) throws {
        var reader = try CSVReader(url: file.url, file: file.displayName, delimiter: UInt8(ascii: ","))
        defer { reader.close() }
        let header = try QualtricsHeader.read(&reader, file: file.displayName)
        let (headers, outputs) = Self.plan(header, survey: session.survey)
        guard session.begin(headers: headers, line: header.line) else { return }
        let statusColumn = header.columns.firstIndex { $0.role == .status }
        let finishedColumn = header.columns.firstIndex { $0.role == .finished }

        var unfinished = 0
        var previews = 0
        var spam = 0
        var tests = 0
        var unanswered = 0
        var bytes: Int64 = 0
        var fields: [String] = []
        while let record = try reader.next() {
            bytes += CSVSample.approximateSize(record.fields)
            guard record.fields.count == header.columns.count else {
                session.report(
                    Problem(
                        SourceLocation(file: file.displayName, line: record.line), nil,
                        "ragged row: \(record.fields.count) fields where the header has \(header.columns.count)"))
                continue
            }
            var values: [String] = []
            values.reserveCapacity(record.fields.count)
            for (i, raw) in record.fields.enumerated() {
                if let value = String(validating: raw, as: UTF8.self) {
                    values.append(value)
                } else {
                    values.append("")
                    if case .question = header.columns[i].role {
                        session.report(
                            Problem(
                                SourceLocation(file: file.displayName, line: record.line), .column(header.columns[i].tag), "invalid UTF-8"))
                    }
                }
            }
            if let finishedColumn, ["0", "false"].contains(values[finishedColumn].lowercased()) {
                unfinished += 1
                continue
            }
            if let statusColumn {
                switch values[statusColumn].lowercased() {
                case "1", "survey preview":
                    previews += 1
                    continue
                case "8", "spam":
                    spam += 1
                    continue
                case "2", "survey test": tests += 1
                default: break
                }
            }
            fields.removeAll(keepingCapacity: true)
            for output in outputs {
                switch output {
                case .field(let i):
                    if values[i] == "-99" { unanswered += 1 }
                    fields.append(Self.answer(values[i]))
                case .commaList(let i):
                    if values[i] == "-99" { unanswered += 1 }
                    fields.append(Self.answer(values[i]).replacingOccurrences(of: ",", with: ";"))
                case .ranking(let parts):
                    var ranked: [(rank: Int, code: String)] = []
                    for (i, code) in parts {
                        if values[i] == "-99" { unanswered += 1 }
                        if let rank = Int(values[i].trimmingCharacters(in: .whitespaces)), rank > 0 { ranked.append((rank, code)) }
                    }
                    fields.append(ranked.sorted { $0.rank < $1.rank }.map(\.code).joined(separator: ";"))
                }
            }
            try session.record(fields, line: record.line)
            if session.records & 0x3FF == 0 { session.progress(bytesRead: bytes) }
        }
        session.progress(bytesRead: bytes)
        if unfinished > 0 { session.note("\(unfinished) unfinished responses (Finished = 0) skipped") }
        if previews > 0 { session.note("\(previews) survey previews (Status 1) skipped") }
        if spam > 0 { session.note("\(spam) responses flagged as spam (Status 8) skipped") }
        if tests > 0 {
            session.note(
                "\(tests) test responses (Status 2) imported: Qualtrics marks generated test responses so; delete them in Qualtrics and export again if they are not real"
            )
        }
        if unanswered > 0 { session.note("\(unanswered) answers '-99' (seen but unanswered) read as no answer") }
    }
}
