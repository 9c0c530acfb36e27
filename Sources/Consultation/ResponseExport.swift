package import DraagvlakCore
package import Foundation
package import Storage
import Vision

/// The normalised responses as files for R, SPSS or Python: CSV (one row per respondent, a
/// column per question) or JSON Lines (the contract in docs/JSON.md).
package enum ResponseExport {
    /// The export formats: text (csv, jsonl), which can also go to standard output, and files
    /// for analysts (sav, xlsx; `AnalystExport`).
    package enum Format: String, Sendable, CaseIterable {
        case csv
        case jsonl
        case sav
        case xlsx

        /// Whether the format is a binary file, written only to a named file.
        package var isFile: Bool { self == .sav || self == .xlsx }
    }

    /// The CSV header: metadata, demographics, statements, the other questions, then the
    /// opinion group the vision placed the respondent in.
    package static func header(_ survey: Survey) -> [String] {
        ["respondent", "source_file", "source_line", "submitted_at"]
            + survey.demographics.map(\.id) + survey.statements.map(\.id) + survey.questions.flatMap(\.tabularColumns)
            + ["opinionGroup"]
    }

    /// One respondent as CSV fields, in `header` order; `opinionGroup` is "" when not placed.
    package static func row(_ r: Response, _ survey: Survey, opinionGroup: String? = nil) -> [String] {
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
        row.append(opinionGroup ?? "")
        return row
    }

    /// One respondent as a JSON line: respondent, source {file, line}, submittedAt, answers,
    /// opinionGroup (null when not placed).
    package static func jsonLine(_ r: Response, _ survey: Survey, opinionGroup: String? = nil) throws -> String {
        var answers: [String: Any] = [:]
        for (d, q) in survey.demographics.enumerated() { if let c = r.categories[d] { answers[q.id] = q.categories[c].code } }
        for (s, statement) in survey.statements.enumerated() { if let v = r.statements[s] { answers[statement.id] = Int(v) } }
        for (id, value) in r.other { answers[id] = value.jsonValue }
        let object: [String: Any] = [
            "respondent": r.respondent,
            "source": ["file": r.source.file, "line": r.source.line],
            "submittedAt": r.submittedAt ?? NSNull(),
            "answers": answers,
            "opinionGroup": opinionGroup ?? NSNull(),
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension Consultation {
    /// Each stored respondent's opinion group and weight, by pseudonym: computed from one read of
    /// the responses (the vision's opinion groups on those answers, and raking to the margins),
    /// so an export joins them to its rows by pseudonym. A respondent stored after this read has
    /// neither; no answer shifts another's group.
    /// Groups are found in one wave (`wave`, of all when nil), as the vision finds them.
    package func placement(wave: String? = nil) throws -> [String: (group: String?, weight: Double)] {
        try store.withSnapshot { try placement(in: $0, wave: wave) }
    }

    /// `placement()` read in `snapshot`, which an export shares with its own reads.
    package func placement(in snapshot: any ResponseSnapshot, wave: String?) throws -> [String: (group: String?, weight: Double)] {
        var table = ResponseTable(statementCount: survey.statements.count, demographicCount: survey.demographics.count)
        var pseudonyms: [String] = []
        try snapshot.forEachResponse(survey: survey, wave: wave) { response in
            table.append(response)
            pseudonyms.append(response.respondent)
        }
        let vision = VisionBuilder(survey: survey, thresholds: settings.thresholds, consultation: settings.name).build(
            table, margins: settings.margins)
        let weights = Raking().weights(
            categories: table.categories, count: table.count, margins: Raking.margins(settings.margins, survey: survey)
        ).weights
        let names = vision.opinionGroups?.groups.map(\.id) ?? []
        let assignment = vision.opinionGroups?.assignment ?? []
        var placed: [String: (group: String?, weight: Double)] = [:]
        placed.reserveCapacity(pseudonyms.count)
        for (r, pseudonym) in pseudonyms.enumerated() {
            let group = r < assignment.count && assignment[r] >= 0 ? names[assignment[r]] : nil
            placed[pseudonym] = (group, r < weights.count ? weights[r] : 1)
        }
        return placed
    }

    /// Writes every stored response of `wave` (by default the latest, as the vision) to
    /// `handle`, streaming (one megabyte buffered at a time), each with the opinion group the
    /// vision places it in. Groups and rows are read from one snapshot of the store: an answer
    /// stored during the export is in neither.
    package func export(_ format: ResponseExport.Format, to handle: FileHandle, wave asked: String? = nil) throws {
        guard !format.isFile else { throw InputError("the \(format.rawValue) export is a file; name it with an output path") }
        let wave = try self.wave(asked, in: store.status())
        try store.withSnapshot { snapshot in try export(format, to: handle, from: snapshot, wave: wave) }
    }

    private func export(_ format: ResponseExport.Format, to handle: FileHandle, from snapshot: any ResponseSnapshot, wave: String) throws {
        let placed = try placement(in: snapshot, wave: wave)
        var buffer = ""
        func flush(_ force: Bool = false) {
            guard force || buffer.utf8.count > 1 << 20 else { return }
            handle.write(Data(buffer.utf8))
            buffer = ""
        }
        if format == .csv { buffer += ResponseExport.header(survey).map(ResponseExport.csvField).joined(separator: ",") + "\n" }
        try snapshot.forEachResponse(survey: survey, wave: wave) { response in
            let group = placed[response.respondent]?.group
            switch format {
            case .csv:
                buffer +=
                    ResponseExport.row(response, survey, opinionGroup: group).map(ResponseExport.csvField).joined(separator: ",") + "\n"
            case .jsonl, .sav, .xlsx: buffer += try ResponseExport.jsonLine(response, survey, opinionGroup: group) + "\n"
            }
            flush()
        }
        flush(true)
    }
}
