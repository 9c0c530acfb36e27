import DraagvlakCore
package import Foundation
import Vision
import Writers

/// The responses as files for analysts: an SPSS system file (`.sav`) with variable and value
/// labels from the survey, and an Excel workbook (`.xlsx`) with a sheet of responses and a
/// sheet with the codebook. The columns are those of the CSV export, in the same order, plus
/// the respondent's weight; SPSS variable names are the ids made valid (`budget[groen]` →
/// `budget_groen`), the id itself kept in the codebook.
package enum AnalystExport {
    /// One column: its SPSS name, the CSV header it stands for, its label, and its values.
    struct Column {
        enum Kind {
            case number(decimals: Int, labels: [(value: Double, label: String)], measure: SAVColumn.Measure)
            case text
        }
        var name: String
        var id: String
        var label: String
        var kind: Kind
    }

    /// A value of one column.
    enum Value {
        case number(Double)
        case text(String)
        case missing
    }

    /// The columns for a survey: metadata, demographics (coded 1, 2, … in category order),
    /// statements (their scale points), the other questions, opinion group and weight.
    static func columns(_ survey: Survey) -> [Column] {
        var columns: [Column] = [
            Column(name: "", id: "respondent", label: "Respondent (pseudoniem)", kind: .text),
            Column(name: "", id: "source_file", label: "Bronbestand", kind: .text),
            Column(
                name: "", id: "source_line", label: "Regel, rij of case in het bronbestand",
                kind: .number(decimals: 0, labels: [], measure: .scale)),
            Column(name: "", id: "submitted_at", label: "Ingevuld op (ISO 8601)", kind: .text),
        ]
        for d in survey.demographics {
            let labels = d.categories.enumerated().map { (Double($0 + 1), $1.label.nl) }
            columns.append(Column(name: "", id: d.id, label: d.text.nl, kind: .number(decimals: 0, labels: labels, measure: .nominal)))
        }
        for s in survey.statements {
            let labels = s.scale.labels(.nl).map { (Double($0.value), $0.label) }
            columns.append(Column(name: "", id: s.id, label: s.text.nl, kind: .number(decimals: 0, labels: labels, measure: .ordinal)))
        }
        for q in survey.questions {
            switch q.kind {
            case .points:
                for (option, id) in zip(q.options, q.tabularColumns) {
                    columns.append(
                        Column(
                            name: "", id: id, label: "\(q.text.nl): \(option.label.nl)",
                            kind: .number(decimals: 0, labels: [], measure: .scale)))
                }
            case .multipleChoice:
                for (option, id) in zip(q.options, q.tabularColumns) {
                    columns.append(
                        Column(
                            name: "", id: id, label: "\(q.text.nl): \(option.label.nl)",
                            kind: .number(decimals: 0, labels: [(0, "Niet gekozen"), (1, "Gekozen")], measure: .nominal)))
                }
            case .choice:
                let labels = q.options.enumerated().map { (Double($0 + 1), $1.label.nl) }
                columns.append(Column(name: "", id: q.id, label: q.text.nl, kind: .number(decimals: 0, labels: labels, measure: .nominal)))
            case .ranking:
                columns.append(Column(name: "", id: q.id, label: "\(q.text.nl) (codes in volgorde, gescheiden door ;)", kind: .text))
            case .open:
                columns.append(Column(name: "", id: q.id, label: q.text.nl, kind: .text))
            }
        }
        columns.append(Column(name: "", id: "opinionGroup", label: "Opiniegroep", kind: .text))
        columns.append(
            Column(
                name: "", id: "weight", label: "Weegfactor (raking naar de populatie; 1 = ongewogen)",
                kind: .number(decimals: 4, labels: [], measure: .scale)))
        // The export's own columns are named first, so a question with the id `weight` is the one renamed.
        var used = Set<String>()
        let own = Set(["respondent", "source_file", "source_line", "submitted_at", "opinionGroup", "weight"])
        for i in columns.indices where own.contains(columns[i].id) { columns[i].name = spssName(columns[i].id, used: &used) }
        for i in columns.indices where !own.contains(columns[i].id) { columns[i].name = spssName(columns[i].id, used: &used) }
        return columns
    }

    /// SPSS's reserved words, which no variable may be named.
    static let reserved: Set<String> = ["ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"]

    /// A valid SPSS variable name for an id, unique (without regard to case) among `used`:
    /// letters, digits and `_ . $ # @` kept (a letter with its combining marks as one
    /// character), other characters `_`, a letter first, at most 64 bytes with room for a
    /// `_2` suffix, no period or underscore at the end, no reserved word.
    static func spssName(_ id: String, used: inout Set<String>) -> String {
        var name = ""
        for character in id {
            let keep =
                character.isLetter || (character.isASCII && (character.isNumber || "_.$#@".contains(character)))
            name.append(keep ? character : "_")
        }
        while name.utf8.count > 56 { name.removeLast() }
        while name.hasSuffix("_") || name.hasSuffix(".") { name.removeLast() }
        if let first = name.first, !first.isLetter && first != "@" { name = "v" + name }
        if name.isEmpty || reserved.contains(name.uppercased()) { name = "v" + name }
        var candidate = name
        var n = 2
        while used.contains(candidate.lowercased()) {
            candidate = "\(name)_\(n)"
            n += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }

    /// One respondent's values, in `columns` order.
    static func values(_ r: Response, _ survey: Survey, group: String?, weight: Double?) -> [Value] {
        var row: [Value] = [.text(r.respondent), .text(r.source.file), .number(Double(r.source.line))]
        row.append(r.submittedAt.map(Value.text) ?? .missing)
        row += r.categories.map { $0.map { .number(Double($0 + 1)) } ?? .missing }
        row += r.statements.map { $0.map { .number(Double($0)) } ?? .missing }
        for q in survey.questions {
            let value = r.other[q.id]
            switch (q.kind, value) {
            case (.points, .points(let points)?): row += q.options.map { points[$0.code].map { .number(Double($0)) } ?? .missing }
            case (.multipleChoice, .choices(let codes)?): row += q.options.map { .number(codes.contains($0.code) ? 1 : 0) }
            case (.points, _), (.multipleChoice, _): row += q.options.map { _ in .missing }
            case (.choice, .choice(let code)?):
                row.append(q.options.firstIndex { $0.code == code }.map { .number(Double($0 + 1)) } ?? .missing)
            case (_, .ranking(let codes)?), (_, .choices(let codes)?): row.append(.text(codes.joined(separator: ";")))
            case (_, .text(let text)?): row.append(.text(text))
            case (_, .choice(let code)?): row.append(.text(code))
            default: row.append(.missing)
            }
        }
        row.append(group.map(Value.text) ?? .missing)
        row.append(weight.map(Value.number) ?? .missing)
        return row
    }
}

extension Consultation {
    /// Writes every stored response of `wave` (by default the latest) to an SPSS (`.sav`) or
    /// Excel (`.xlsx`) file, each with the opinion group the vision places it in and its weight.
    /// Written to a temporary file next to `url` and moved into place when complete, so a failed
    /// export leaves no half file.
    package func export(_ format: ResponseExport.Format, toFile url: URL, wave asked: String? = nil) throws {
        let wave = try self.wave(asked, in: store.status())
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: partial) }
        do {
            switch format {
            case .sav, .xlsx:
                // Groups, weights and rows from one snapshot: an answer stored meanwhile is in none.
                try store.withSnapshot { snapshot in
                    let placed = try placement(in: snapshot, wave: wave)
                    let columns = AnalystExport.columns(survey)
                    /// Every response with its values, its group and weight joined by pseudonym.
                    func forEachRow(_ body: ([AnalystExport.Value]) throws -> Void) throws {
                        try snapshot.forEachResponse(survey: survey, wave: wave) { response in
                            let place = placed[response.respondent]
                            try body(AnalystExport.values(response, survey, group: place?.group, weight: place?.weight))
                        }
                    }
                    if format == .sav {
                        try writeSAV(columns, to: partial, rows: forEachRow)
                    } else {
                        try writeXLSX(columns, to: partial, rows: forEachRow)
                    }
                }
            case .csv, .jsonl:
                guard FileManager.default.createFile(atPath: partial.path, contents: nil),
                    let handle = FileHandle(forWritingAtPath: partial.path)
                else { throw InputError("\(url.path): cannot write the file") }
                defer { try? handle.close() }
                try export(format, to: handle, wave: wave)
            }
        } catch let error as SAVWriterError {
            throw InputError("\(url.path): \(error.message)")
        } catch let error as XLSXWriterError {
            throw InputError("\(url.path): \(error.message)")
        }
        // rename(2) replaces an existing file in one step.
        guard rename(partial.path, url.path) == 0 else {
            throw InputError("\(url.path): cannot write the file (\(String(cString: strerror(errno))))")
        }
    }

    private func writeSAV(
        _ columns: [AnalystExport.Column], to url: URL, rows: (([AnalystExport.Value]) throws -> Void) throws -> Void
    ) throws {
        // SPSS fixes a text variable's width in the header: measured in a first pass.
        var widths = [Int](repeating: 1, count: columns.count)
        try rows { values in
            for (i, value) in values.enumerated() { if case .text(let text) = value { widths[i] = max(widths[i], text.utf8.count) } }
        }
        let savColumns = columns.enumerated().map { i, column in
            switch column.kind {
            case .number(let decimals, let labels, let measure):
                SAVColumn(name: column.name, label: column.label, kind: .numeric(decimals: decimals, valueLabels: labels), measure: measure)
            case .text:
                SAVColumn(name: column.name, label: column.label, kind: .text(width: min(widths[i], 32_767), valueLabels: []))
            }
        }
        let writer = try SAVWriter(url: url, columns: savColumns, fileLabel: String(settings.name.prefix(64)))
        try rows { values in
            try writer.append(
                values.map {
                    switch $0 {
                    case .number(let n): .number(n)
                    case .text(let t): .text(t)
                    case .missing: .missing
                    }
                })
        }
        try writer.finish()
    }

    private func writeXLSX(
        _ columns: [AnalystExport.Column], to url: URL, rows: (([AnalystExport.Value]) throws -> Void) throws -> Void
    ) throws {
        let writer = try XLSXWriter(url: url)
        try writer.beginSheet("Antwoorden", header: columns.map(\.id))
        try rows { values in
            try writer.appendRow(
                values.map {
                    switch $0 {
                    case .number(let n): .number(n)
                    case .text(let t): .text(t)
                    case .missing: .empty
                    }
                })
        }
        try writer.beginSheet("Codeboek", header: ["kolom", "spss", "label", "soort", "waarden"])
        for column in columns {
            let (kind, values): (String, String)
            switch column.kind {
            case .number(_, let labels, let measure):
                kind = measure == .scale ? "getal" : measure == .ordinal ? "schaal" : "code"
                values = labels.map { "\(Int($0.value)) = \($0.label)" }.joined(separator: "; ")
            case .text:
                (kind, values) = ("tekst", "")
            }
            try writer.appendRow([
                .text(column.id), .text(column.name), .text(column.label), .text(kind), values.isEmpty ? .empty : .text(values),
            ])
        }
        try writer.finish()
    }
}
