package import DraagvlakCore
import Foundation
import Readers

/// Imports Google Forms' "Download responses (.csv)": a `Timestamp` column (localised, e.g.
/// `Tijdstempel`), then one column per question headed by the question's text, and no
/// respondent id (the session numbers the records).
///
/// Question texts make poor ids, so the survey made from such a file names the questions `q1`,
/// `q2`, … by column position after the timestamp, and importing maps the columns by position
/// too. Checkbox answers are joined with `;` (the linked Sheet shows `, `): both are split, known
/// option labels first, so a label holding a separator survives.
package struct GoogleFormsImporter: ImporterPlugin {
    package init() {}

    package var format: String { "googleforms" }
    package var name: String { "Google Forms" }
    package var summary: String { "Google Forms responses CSV (Timestamp, then one column per question)" }

    /// The first column's name in the interface languages most likely to be met.
    static let timestampNames: Set<String> = [
        "timestamp", "tijdstempel", "zeitstempel", "horodateur", "marca temporal", "carimbo de data/hora",
        "informazioni cronologiche", "sygnatura czasowa", "tidsstempel", "tidstämpel", "aikaleima",
    ]

    /// The survey id of the question in column `column` (the timestamp is column 0).
    static func questionID(_ column: Int) -> String { "q\(column)" }

    package func identify(_ sample: FileSample) -> FormatMatch {
        let records = CSVSample.records(sample.head, limit: 2)
        guard let header = records.first else { return .declined("the file is empty") }
        let first = header[0].trimmingCharacters(in: .whitespaces)
        guard Self.timestampNames.contains(first.lowercased()) else {
            return .declined("the first column is '\(first)', not Google Forms' 'Timestamp' (or a localised name such as 'Tijdstempel')")
        }
        guard header.count > 1 else { return .declined("a '\(first)' column but no question columns") }
        if header.dropFirst().contains(where: { ColumnPlan.isMetadata($0) && !Self.timestampNames.contains($0.lowercased()) }) {
            return FormatMatch(
                confidence: 0.4, reason: "starts with '\(first)' like Google Forms, but has an id column Google Forms does not write")
        }
        return FormatMatch(
            confidence: 0.75,
            reason: "first column '\(first)' followed by \(header.count - 1) question columns, as Google Forms writes them")
    }

    package func read(_ file: ImportFile, into session: ImportSession) throws {
        var reader = try CSVReader(url: file.url, file: file.displayName, delimiter: UInt8(ascii: ","))
        defer { reader.close() }
        guard let header = try reader.next() else { throw InputError("\(file.displayName): the file is empty") }
        let survey = session.survey
        var headers = ["submitted_at"]
        var splitters: [Int: ChoiceSplitter] = [:]
        for column in 1..<max(1, header.fields.count) {
            let id = Self.questionID(column)
            guard let reference = survey.reference(to: id) else {
                // Not asked by the survey: named by its text, so the import summary lists it legibly.
                headers.append(CSVSample.text(header.fields[column]).trimmingCharacters(in: .whitespaces))
                continue
            }
            headers.append(id)
            if case .question(let q) = reference, survey.questions[q].kind == .multipleChoice || survey.questions[q].kind == .ranking {
                splitters[column] = ChoiceSplitter(survey.questions[q].options)
            }
        }
        guard session.begin(headers: headers, line: header.line) else { return }

        var fields: [String] = []
        var bytes: Int64 = 0
        while let record = try reader.next() {
            bytes += CSVSample.approximateSize(record.fields)
            fields.removeAll(keepingCapacity: true)
            for (column, raw) in record.fields.enumerated() {
                guard let value = String(validating: raw, as: UTF8.self) else {
                    let name = column < headers.count ? headers[column] : "#\(column + 1)"
                    session.report(Problem(SourceLocation(file: file.displayName, line: record.line), .column(name), "invalid UTF-8"))
                    fields.append("")
                    continue
                }
                if column == 0 {
                    fields.append(Self.isoTimestamp(value) ?? value)
                } else if let splitter = splitters[column] {
                    fields.append(splitter.split(value).joined(separator: ";"))
                } else {
                    fields.append(value)
                }
            }
            try session.record(fields, line: record.line)
            if session.records & 0x3FFF == 0 { session.progress(bytesRead: bytes) }
        }
        session.progress(bytesRead: bytes)
    }

    /// Offsets of the zone abbreviations Google writes after the time.
    static let zones: [String: String] = [
        "UTC": "Z", "GMT": "Z", "WET": "+00:00", "WEST": "+01:00", "CET": "+01:00", "CEST": "+02:00",
        "EET": "+02:00", "EEST": "+03:00", "BST": "+01:00", "EST": "-05:00", "EDT": "-04:00",
        "CST": "-06:00", "CDT": "-05:00", "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00",
    ]

    /// Google's timestamp as ISO 8601 when its layout is unambiguous — `2023/11/13 4:20:37 pm CET`,
    /// `2023-11-13 16:20:37`, `13-11-2023 16:20:37` (Dutch) — else nil (the text is kept as given).
    static func isoTimestamp(_ text: String) -> String? {
        var tokens = text.split(separator: " ").map(String.init)
        guard tokens.count >= 2 else { return nil }
        var zone = ""
        let meridiem: Set<String> = ["am", "pm", "a.m.", "p.m."]
        if let last = tokens.last, last.first?.isLetter == true, !meridiem.contains(last.lowercased()) {
            guard let offset = zones[last.uppercased()] else { return nil }
            zone = offset
            tokens.removeLast()
        }
        var afternoon: Bool?
        if let last = tokens.last?.lowercased(), meridiem.contains(last) {
            afternoon = last.hasPrefix("p")
            tokens.removeLast()
        }
        guard tokens.count == 2 else { return nil }
        let date = tokens[0].split(whereSeparator: { $0 == "/" || $0 == "-" }).compactMap { Int($0) }
        let time = tokens[1].split(separator: ":").compactMap { Int($0) }
        guard date.count == 3, time.count == 2 || time.count == 3 else { return nil }
        let (year, month, day): (Int, Int, Int)
        if tokens[0].split(whereSeparator: { $0 == "/" || $0 == "-" }).first?.count == 4 {
            (year, month, day) = (date[0], date[1], date[2])
        } else if tokens[0].contains("-"), date[2] >= 1000 {
            (year, month, day) = (date[2], date[1], date[0])
        } else {
            return nil
        }
        var hour = time[0]
        if let afternoon {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (afternoon ? 12 : 0)
        }
        let second = time.count == 3 ? time[2] : 0
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(time[1]),
            (0...60).contains(second)
        else {
            return nil
        }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(time[1])):\(two(second))\(zone)"
    }
}
