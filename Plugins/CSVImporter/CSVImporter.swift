package import DraagvlakCore
import Foundation
import Readers

/// The generic CSV importer: a header row naming questions (by id, or through a mapping file),
/// then one respondent per row. Handles what spreadsheets and survey tools write: RFC 4180
/// quoting, `,` `;` or TAB, UTF-8 with or without BOM, CRLF or LF.
package struct CSVImporter: ImporterPlugin {
    package init() {}

    package var format: String { "csv" }
    package var name: String { "CSV" }
    package var summary: String { "CSV with a header row of question ids (any spreadsheet or survey tool)" }

    package func identify(_ sample: FileSample) -> FormatMatch {
        let head = sample.head
        if head.isEmpty { return .declined("the file is empty") }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return .declined("the file is UTF-16 (Excel's 'Unicode text'); save it as 'CSV UTF-8'")
        }
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
            return byExtension
                ? FormatMatch(confidence: 0.2, reason: "a .\(sample.fileExtension) file with a single column")
                : .declined("no delimiter (, ; or TAB) on the first line")
        }
        let consistent = counts.dropLast().allSatisfy { $0 == first }
        let name = delimiter == 9 ? "TAB" : "'\(Character(UnicodeScalar(delimiter)))'"
        let confidence = (byExtension ? 0.3 : 0.1) + (consistent ? 0.2 : 0.05)
        return FormatMatch(
            confidence: confidence, reason: "delimited by \(name), \(first + 1) columns\(consistent ? "" : " (rows differ in length)")")
    }

    package func read(_ file: ImportFile, into session: ImportSession) throws {
        var reader = try CSVReader(url: file.url, file: file.displayName)
        defer { reader.close() }
        let encoding = try Self.encoding(of: file)
        if encoding == .windows1252 {
            session.note("read as Windows-1252 (Excel's plain 'CSV'), as the file is not UTF-8; to be sure, \(TextEncoding.advice)")
        }
        guard let header = try reader.next() else {
            throw InputError("\(file.displayName): the file is empty")
        }
        var headers: [String] = []
        for (i, bytes) in header.fields.enumerated() {
            guard let text = encoding.decode(bytes) else {
                throw InputError(
                    "\(file.displayName):\(header.line): column \(i + 1) of the header is not valid UTF-8; \(TextEncoding.advice)")
            }
            headers.append(text)
        }
        guard session.begin(headers: headers, line: header.line) else { return }

        var fields: [String] = []
        var records = 0
        var invalid: [Int] = []
        while let line = try reader.next(decodingAs: encoding, into: &fields, invalid: { invalid.append($0) }) {
            for i in invalid {
                let column = i < headers.count ? headers[i] : "#\(i + 1)"
                session.report(
                    Problem(
                        SourceLocation(file: file.displayName, line: line), .column(column),
                        "not valid \(encoding == .utf8 ? "UTF-8" : "Windows-1252") text; \(TextEncoding.advice)"))
            }
            invalid.removeAll(keepingCapacity: true)
            try session.record(fields, line: line)
            records += 1
            if records & 0x3FFF == 0 { session.progress(bytesRead: reader.bytesRead) }
        }
        session.progress(bytesRead: reader.bytesRead)
    }

    /// The file's encoding, decided from its first megabyte.
    static func encoding(of file: ImportFile) throws -> TextEncoding {
        let limit = 1 << 20
        let sample = try FileSample.read(file.url, limit: limit).head
        let body = sample.starts(with: [0xEF, 0xBB, 0xBF]) ? sample.dropFirst(3) : sample[...]
        return TextEncoding.detect(body, truncated: sample.count == limit) ?? .utf8
    }
}
