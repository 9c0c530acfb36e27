public import DraagvlakCore
import Foundation

/// The generic CSV importer: a header row naming questions (by id, or through a mapping file),
/// then one respondent per row. Handles what spreadsheets and survey tools write: RFC 4180
/// quoting, `,` `;` or TAB, UTF-8 with or without BOM, CRLF or LF.
public struct CSVImporter: ImporterPlugin {
    public init() {}

    public var format: String { "csv" }
    public var summary: String { "CSV with a header row of question ids (any spreadsheet or survey tool)" }

    public func identify(_ sample: FileSample) -> FormatMatch {
        let head = sample.head
        if head.isEmpty { return .declined("the file is empty") }
        if head.contains(0) { return .declined("the file holds binary data (NUL bytes)") }
        var body = head[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "<") {
            return .declined("the file looks like XML or HTML")
        }
        let delimiter = CSVReader.detectDelimiter(body)
        let counts = CSVReader.delimiterCounts(body, delimiter: delimiter, records: 5)
        let byExtension = ["csv", "tsv", "txt"].contains(sample.fileExtension)
        guard let first = counts.first, first > 0 else {
            return byExtension ? FormatMatch(confidence: 0.2, reason: "a .\(sample.fileExtension) file with a single column") : .declined("no delimiter (, ; or TAB) on the first line")
        }
        let consistent = counts.dropLast().allSatisfy { $0 == first }
        let name = delimiter == 9 ? "TAB" : "'\(Character(UnicodeScalar(delimiter)))'"
        let confidence = (byExtension ? 0.3 : 0.1) + (consistent ? 0.2 : 0.05)
        return FormatMatch(confidence: confidence, reason: "delimited by \(name), \(first + 1) columns\(consistent ? "" : " (rows differ in length)")")
    }

    public func read(_ file: ImportFile, into session: ImportSession) throws {
        var reader = try CSVReader(url: file.url, file: file.displayName)
        defer { reader.close() }
        guard let header = try reader.next() else {
            throw InputError("\(file.displayName): the file is empty")
        }
        var headers: [String] = []
        for (i, bytes) in header.fields.enumerated() {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw InputError("\(file.displayName):\(header.line): column \(i + 1) of the header is not valid UTF-8; save the file as 'CSV UTF-8'")
            }
            headers.append(text)
        }
        guard session.begin(headers: headers, line: header.line) else { return }

        var fields: [String] = []
        var records = 0
        while let record = try reader.next() {
            fields.removeAll(keepingCapacity: true)
            for (i, bytes) in record.fields.enumerated() {
                if let text = String(validating: bytes, as: UTF8.self) {
                    fields.append(text)
                } else {
                    let column = i < headers.count ? headers[i] : "#\(i + 1)"
                    session.report(Problem(SourceLocation(file: file.displayName, line: record.line), .column(column),
                                           "invalid UTF-8; save the file as 'CSV UTF-8'"))
                    fields.append("")
                }
            }
            try session.record(fields, line: record.line)
            records += 1
            if records & 0x3FFF == 0 { session.progress(bytesRead: reader.bytesRead) }
        }
        session.progress(bytesRead: reader.bytesRead)
    }
}
