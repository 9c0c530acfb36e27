package import DraagvlakCore
package import Foundation
import Readers

/// Imports Excel workbooks (`.xlsx`): the first worksheet, a header row, then one respondent
/// per row — what Microsoft Forms, OpenStad, SurveyMonkey, LimeSurvey and Google Forms give
/// when asked for Excel, and what officers keep by hand.
///
/// Two layouts: a header of question ids, read as the CSV importer reads them (through a
/// mapping file where the names differ); and Microsoft Forms' export (`ID`, `Start time`,
/// `Completion time`, `Email`, `Name`, then one column per question headed by its text), whose
/// questions are named `q1`, `q2`, … by position, as `survey from` names them; its e-mail and
/// name columns are never read, and checkbox answers (`A;B;`) are split into option codes.
/// A header that Excel merged over several columns, with sub-headers in the row below, reads
/// as `question[sub-header]` columns.
package struct XLSXImporter: ImporterPlugin {
    package init() {}

    package var format: String { "xlsx" }
    package var name: String { "Excel" }
    package var summary: String { "Excel workbook (.xlsx): Microsoft Forms, OpenStad or any sheet with a header row" }

    package func identify(_ sample: FileSample) -> FormatMatch {
        if sample.head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]), ["xlsx", "xlsm", "xls"].contains(sample.fileExtension) {
            return .declined("an Excel file with a password, or an old .xls workbook: save it in Excel as .xlsx without a password")
        }
        guard sample.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            return .declined("not a zip archive, which every .xlsx workbook is")
        }
        let names = String(decoding: sample.head.prefix(8192).map { $0 < 0x20 || $0 > 0x7E ? 0x20 : $0 }, as: UTF8.self)
        if names.contains("xl/") || names.contains("[Content_Types].xml") && ["xlsx", "xlsm"].contains(sample.fileExtension) {
            return FormatMatch(confidence: 0.9, reason: "a zip holding an Excel workbook (xl/ parts)")
        }
        if ["xlsx", "xlsm"].contains(sample.fileExtension) {
            return FormatMatch(confidence: 0.5, reason: "a zip archive named .\(sample.fileExtension)")
        }
        return .declined("a zip archive without Excel's xl/ parts")
    }

    package func read(_ file: ImportFile, into session: ImportSession) throws {
        let workbook = try XLSXWorkbook(url: file.url, displayName: file.displayName)
        defer { workbook.remove() }
        var rows = try XLSXSheetReader(workbook, sheet: try workbook.firstSheet())
        session.addressing = .cells(sheet: rows.sheet.name)
        guard let header = try Self.header(&rows) else {
            throw InputError("\(file.displayName): \(rows.sheet.name): the sheet has no header row")
        }
        let forms = MicrosoftForms(header.names)
        var headers = header.names
        var splitters: [Int: ChoiceSplitter] = [:]
        if let forms {
            session.note("read as a Microsoft Forms export: its Email and Name columns are not read")
            headers = forms.headers(header.names, survey: session.survey)
            for (column, id) in headers.enumerated() {
                if case .question(let q) = session.survey.reference(to: id),
                    [.multipleChoice, .ranking].contains(session.survey.questions[q].kind)
                {
                    splitters[column] = ChoiceSplitter(session.survey.questions[q].options)
                }
            }
        }
        guard session.begin(headers: headers, line: header.row) else { return }
        rows.columnLimit = headers.count

        var fields: [String] = []
        while let row = try rows.next() {
            if row.isEmpty { continue }
            if let extra = row.beyond {
                session.report(
                    Problem(
                        SourceLocation(
                            file: file.displayName, line: row.number, column: extra + 1, addressing: .cells(sheet: rows.sheet.name)), nil,
                        "a value in a column without a header"))
                continue
            }
            fields.removeAll(keepingCapacity: true)
            for column in headers.indices {
                let value = column < row.cells.count ? row.cells[column] : ""
                if let splitter = splitters[column] {
                    fields.append(splitter.split(value).joined(separator: ";"))
                } else {
                    fields.append(value)
                }
            }
            try session.record(fields, line: row.number)
            if session.records & 0x3FFF == 0 { session.progress(bytesRead: Int64(rows.bytesRead)) }
        }
        session.progress(bytesRead: Int64(rows.bytesRead))
    }

    /// A sheet's header: the first row with a value, its names trimmed. Where a cell of it is
    /// merged over several columns and the row below has a name under each of them, the header
    /// is two rows deep and those columns are named `top[below]`.
    static func header(_ rows: inout XLSXSheetReader) throws -> (names: [String], row: Int)? {
        var first: XLSXSheetReader.Row?
        while let row = try rows.next() {
            if !row.isEmpty {
                first = row
                break
            }
        }
        guard var top = first else { return nil }
        top.cells = top.cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let merged = rows.mergedRanges().filter { $0.0 == top.number && $0.2 == top.number && $0.3 > $0.1 && $0.1 <= top.cells.count }
        guard !merged.isEmpty else { return (top.cells, top.number) }
        let below = try rows.next()
        let width = max(top.cells.count, below?.cells.count ?? 0, merged.map(\.3).max() ?? 0)
        var names = top.cells + repeatElement("", count: width - top.cells.count)
        let sub =
            (below?.cells ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            + repeatElement("", count: width - (below?.cells.count ?? 0))
        // Sub-headers: the next row, with a name (not a number) under every merged column.
        let subHeaders =
            below?.number == top.number + 1
            && merged.allSatisfy { (_, c1, _, c2) in (c1...c2).allSatisfy { !sub[$0 - 1].isEmpty && Double(sub[$0 - 1]) == nil } }
        guard subHeaders, let below else {
            if let below { rows.giveBack(below) }
            // Merged names without names below: every column of the merge takes the name.
            for (_, c1, _, c2) in merged {
                for c in c1...c2 { names[c - 1] = names[c1 - 1] }
            }
            return (names, top.number)
        }
        var inMerge = Set<Int>()
        for (_, c1, _, c2) in merged {
            let name = names[c1 - 1]
            for c in c1...c2 {
                inMerge.insert(c - 1)
                names[c - 1] = "\(name)[\(sub[c - 1])]"
            }
        }
        for c in names.indices where !inMerge.contains(c) && names[c].isEmpty {
            names[c] = sub[c]
        }
        return (names, below.number)
    }
}

/// Microsoft Forms' Excel export: recognised by its first columns, in English or Dutch.
struct MicrosoftForms {
    /// The metadata columns Forms writes before the questions, lower-cased: what each is.
    enum Column { case id, start, completion, email, name, modified }
    static let metadata: [String: Column] = [
        "id": .id,
        "start time": .start, "begintijd": .start, "starttijd": .start,
        "completion time": .completion, "tijd van voltooien": .completion, "voltooiingstijd": .completion, "eindtijd": .completion,
        "email": .email, "e-mail": .email, "e-mailadres": .email,
        "name": .name, "naam": .name,
        "last modified time": .modified, "tijd van laatste wijziging": .modified, "laatst gewijzigd": .modified,
    ]

    /// How many columns before the first question.
    let questionStart: Int

    /// Forms' layout: ID, start and completion time, then each of e-mail, name and last
    /// modified time at most once and in that order; the questions after.
    init?(_ names: [String]) {
        let columns = names.map { Self.metadata[$0.lowercased()] }
        guard columns.count > 3, columns[0] == .id, columns[1] == .start, columns[2] == .completion else { return nil }
        var start = 3
        for optional in [Column.email, .name, .modified] where start < columns.count && columns[start] == optional {
            start += 1
        }
        questionStart = start
    }

    /// The survey id of the question in column `column`.
    func questionID(_ column: Int) -> String { "q\(column - questionStart + 1)" }

    /// The names the import session resolves: `respondent`, `submitted_at`, the metadata
    /// columns as Forms names them (ignored), and each question's id where the survey has it
    /// (else its text, so the import summary lists it legibly).
    func headers(_ names: [String], survey: Survey) -> [String] {
        names.enumerated().map { column, name in
            if column < questionStart {
                switch Self.metadata[name.lowercased()] {
                case .id: return "respondent"
                case .completion: return "submitted_at"
                default: return name
                }
            }
            let id = questionID(column)
            return survey.reference(to: id) == nil ? name : id
        }
    }
}

extension XLSXImporter: SurveyExtractor {
    package func identifyStructure(_ sample: FileSample) -> FormatMatch {
        let match = identify(sample)
        return match.confidence > 0 ? FormatMatch(confidence: min(match.confidence, 0.7), reason: match.reason) : match
    }

    /// A survey from the first sheet's header and up to 5,000 rows: Microsoft Forms' questions
    /// named `q1`, `q2`, … by position, other sheets' columns by their header, as for CSV.
    package func survey(from file: URL, displayName: String) throws -> SurveyExtraction {
        let workbook = try XLSXWorkbook(url: file, displayName: displayName)
        defer { workbook.remove() }
        var rows = try XLSXSheetReader(workbook, sheet: try workbook.firstSheet())
        guard let header = try Self.header(&rows) else {
            throw InputError("\(displayName): \(rows.sheet.name): the sheet has no header row")
        }
        rows.columnLimit = header.names.count
        var values = [[String]](repeating: [], count: header.names.count)
        var count = 0
        while count < 5_000, let row = try rows.next() {
            if row.isEmpty { continue }
            for (i, cell) in row.cells.enumerated() where i < values.count {
                let value = cell.trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { values[i].append(value) }
            }
            count += 1
        }
        let name = file.deletingPathExtension().lastPathComponent
        guard let forms = MicrosoftForms(header.names) else {
            return TableSurvey.guess(headers: header.names, values: values, name: name)
        }
        let columns = header.names.indices.dropFirst(forms.questionStart).map { (forms.questionID($0), header.names[$0], values[$0]) }
        return TableSurvey.guessByPosition(columns, name: name)
    }
}

extension XLSXImporter {
    /// Reads every row of the first sheet and nothing more (no survey, no store): the reader
    /// alone, for `draagvlak-bench xlsx`, beside openpyxl. Returns rows and non-empty cells.
    package static func readAll(_ url: URL) throws -> (rows: Int, cells: Int) {
        let workbook = try XLSXWorkbook(url: url, displayName: url.lastPathComponent)
        defer { workbook.remove() }
        var reader = try XLSXSheetReader(workbook, sheet: try workbook.firstSheet())
        var rows = 0
        var cells = 0
        while let row = try reader.next() {
            rows += 1
            cells += row.cells.count { !$0.isEmpty }
        }
        return (rows, cells)
    }
}
