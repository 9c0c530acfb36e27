import DraagvlakCore
import Foundation
import Readers

/// LimeSurvey's CSV response export. With question-code headings (`id, submitdate, lastpage,
/// startlanguage, seed, …, Q1, Q1[SQ001], Q1[other], R1[1]`, also "code + text" headings
/// `Q1[SQ001]. Question text`) the columns are matched to the survey by code; with full-text
/// headings (`Response ID, Date submitted, …`) only the id and date are known and the question
/// columns need a mapping file.
///
/// When the survey's `.lss` lies next to the export (found by the survey id in the file name,
/// as in LimeSurvey's `results-survey123456.csv`), answers are decoded through it exactly as for
/// a `.lsr`; otherwise by the survey being imported into: `Q[SQ]` becomes `Q_SQ` where that is
/// a question, answer codes such as `A4` on a statement become `4`, `-oth-` becomes `other`.
enum LimeSurveyCSV {
    /// Which kind of headings the export has.
    enum Headings: Equatable {
        case codes
        case fullText
    }

    static let codeRespondent = "id"
    static let codeSubmitted = "submitdate"
    static let codeRequired: Set<String> = ["id", "submitdate", "lastpage", "startlanguage"]
    static let codeMetadata: Set<String> = ["token", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl"]
    static let textRespondent = "response id"
    static let textSubmitted = "date submitted"
    static let textRequired: Set<String> = ["response id", "date submitted", "last page", "start language"]
    static let textMetadata: Set<String> = [
        "last page", "start language", "seed", "date started", "date last action", "token", "access code", "ip address", "referrer url",
    ]

    /// The question code of a heading: `Q1[SQ001]. Question text` → `Q1[SQ001]`.
    static func code(_ heading: String) -> String {
        let text = heading.trimmingCharacters(in: .whitespaces)
        if let dot = text.range(of: ". ") {
            let prefix = text[..<dot.lowerBound]
            if !prefix.isEmpty, !prefix.contains(" ") { return String(prefix) }
        }
        return text
    }

    static func recognise(_ headings: [String]) -> Headings? {
        let codes = Set(headings.map { code($0).lowercased() })
        if codeRequired.isSubset(of: codes) { return .codes }
        let texts = Set(headings.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        if textRequired.isSubset(of: texts) { return .fullText }
        return nil
    }

    /// The kind of headings of a LimeSurvey CSV export, from the first bytes of the file.
    static func headings(in head: [UInt8]) -> Headings? {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.contains(0) { return nil }
        var quoted = false
        var end = bytes.endIndex
        for i in bytes.indices {
            if bytes[i] == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, bytes[i] == UInt8(ascii: "\n") {
                end = i
                break
            }
        }
        let line = bytes[bytes.startIndex..<end]
        var counts: [UInt8: Int] = [:]
        quoted = false
        for byte in line {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\t") {
                counts[byte, default: 0] += 1
            }
        }
        guard let delimiter = counts.max(by: { $0.value < $1.value })?.key else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        quoted = false
        var previous: UInt8 = 0
        for byte in line {
            if byte == UInt8(ascii: "\"") {
                if !quoted, previous == UInt8(ascii: "\"") { field.append(byte) }
                quoted.toggle()
            } else if !quoted, byte == delimiter {
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
            } else if !(byte == UInt8(ascii: "\r") && !quoted) {
                field.append(byte)
            }
            previous = byte
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return recognise(fields)
    }

    static func read(_ file: ImportFile, into sink: any RecordSink) throws {
        var reader = try CSVReader(url: file.url, file: file.displayName)
        defer { reader.close() }
        guard let header = try reader.next() else { throw InputError("\(file.displayName): the file is empty") }
        let raw = header.fields.map { String(decoding: $0, as: UTF8.self) }
        guard let kind = recognise(raw) else {
            throw InputError(
                "\(file.displayName):\(header.line): not a LimeSurvey CSV export (expected the columns id, submitdate, lastpage and startlanguage)"
            )
        }
        let names = kind == .codes ? raw.map(code) : raw.map { $0.trimmingCharacters(in: .whitespaces) }

        var byCode: [String: LimeSurveyMapping.Column] = [:]
        if kind == .codes, let sid = LimeSurveyResponses.surveyID(fileName: file.url.lastPathComponent),
            let url = LimeSurveyResponses.structureURL(sid: sid, near: file.url)
        {
            do {
                let mapping = LimeSurveyMapping(try LimeSurveyStructure.read(url, displayName: url.lastPathComponent))
                for column in mapping.columns where byCode[column.code] == nil { byCode[column.code] = column }
                sink.note("answers decoded through the survey structure \(url.lastPathComponent)")
            } catch {
                sink.note("the survey structure \(url.lastPathComponent) could not be read, so answers are read as they are: \(error)")
            }
        }

        let (respondentName, submittedName, metadata) =
            kind == .codes
            ? (codeRespondent, codeSubmitted, codeMetadata) : (textRespondent, textSubmitted, textMetadata)
        var respondentIndex: Int?
        var submittedIndex: Int?
        var kept: [(index: Int, conversion: LimeSurveyMapping.Conversion)] = []
        var headers: [String] = []
        for (i, name) in names.enumerated() {
            let lowered = name.lowercased()
            if lowered == respondentName, respondentIndex == nil {
                respondentIndex = i
            } else if lowered == submittedName, submittedIndex == nil {
                submittedIndex = i
            } else if metadata.contains(lowered) {
                continue
            } else if let column = byCode[name] {
                headers.append(column.header)
                kept.append((i, column.conversion))
            } else {
                let (resolved, conversion) = resolve(name, raw: raw[i], survey: sink.survey, mapping: file.mapping)
                headers.append(resolved)
                kept.append((i, conversion))
            }
        }
        guard let submittedIndex else {
            throw InputError("\(file.displayName):\(header.line): no '\(submittedName)' column")
        }
        let respondent = respondentIndex.map { _ in [file.respondentHeader] } ?? []
        guard sink.begin(headers: respondent + [file.submittedAtHeader] + headers, line: header.line) else { return }

        var incomplete = 0
        var records = 0
        var bytes: Int64 = 0
        var values: [String] = []
        while let record = try reader.next() {
            bytes += Int64(record.fields.reduce(record.fields.count) { $0 + $1.count })
            records += 1
            if records & 0x3FFF == 0 { sink.progress(bytesRead: bytes) }
            guard record.fields.count == raw.count else {
                sink.report(
                    Problem(
                        SourceLocation(file: file.displayName, line: record.line), nil,
                        "ragged row: \(record.fields.count) fields where the header has \(raw.count)"))
                continue
            }
            func text(_ i: Int) -> String {
                if let text = String(validating: record.fields[i], as: UTF8.self) { return text }
                sink.report(
                    Problem(
                        SourceLocation(file: file.displayName, line: record.line), .column(raw[i]),
                        "invalid UTF-8; export the responses from LimeSurvey as UTF-8"))
                return ""
            }
            let submitted = text(submittedIndex)
            if submitted.trimmingCharacters(in: .whitespaces).isEmpty {
                incomplete += 1
                continue
            }
            values.removeAll(keepingCapacity: true)
            if let respondentIndex { values.append(text(respondentIndex)) }
            values.append(submitted == limeSurveyDatesNotRecorded ? "" : submitted)
            for (index, conversion) in kept { values.append(conversion.apply(text(index))) }
            try sink.record(values, line: record.line)
        }
        sink.progress(bytesRead: bytes)
        if incomplete > 0 {
            sink.note(
                "left out \(incomplete) incomplete response\(incomplete == 1 ? "" : "s") (no submission date: the respondent did not finish)"
            )
        }
    }

    /// The column name for a code heading when no survey structure is at hand, resolved against
    /// the survey being imported into; a heading the mapping file names is kept as it is.
    static func resolve(_ name: String, raw: String, survey: Survey, mapping: ColumnMapping?) -> (String, LimeSurveyMapping.Conversion) {
        if let mapping,
            mapping.columns[raw] != nil || mapping.ignored.contains(raw) || mapping.columns[name] != nil || mapping.ignored.contains(name)
        {
            return (mapping.columns[raw] != nil || mapping.ignored.contains(raw) ? raw : name, .asIs)
        }
        func conversion(_ reference: QuestionReference) -> LimeSurveyMapping.Conversion {
            switch reference {
            case .statement: return .scalePoint
            case .demographic: return .otherCode
            case .question(let q): return survey.questions[q].kind == .choice ? .otherCode : .asIs
            }
        }
        if let reference = survey.reference(to: name) { return (name, conversion(reference)) }
        if name.hasSuffix("]"), let open = name.firstIndex(of: "["),
            case .question(let q) = survey.reference(to: String(name[..<open]))
        {
            let question = survey.questions[q]
            let part = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
            let isOption = question.options.contains { $0.code == part }
            switch question.kind {
            case .points where isOption: return (name, .number)
            case .multipleChoice where isOption: return (name, .asIs)
            case .ranking where Int(part) != nil: return (name, .asIs)
            default: break
            }
        }
        let id = SurveyExtraction.identifier(name)
        if let reference = survey.reference(to: id) { return (id, conversion(reference)) }
        return (name, .asIs)
    }
}
