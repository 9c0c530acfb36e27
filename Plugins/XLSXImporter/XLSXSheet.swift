import DraagvlakCore
import Foundation
import Readers

/// A cell's value as the importer passes it on: text as written, numbers in their shortest
/// form (`4`, `0.1`), dates as ISO 8601 (`2024-03-01`, `2024-03-01T10:15:00`, `10:15:00`),
/// booleans as `1`/`0`, and errors as Excel shows them (`#N/A`).
enum XLSXCell {
    /// Excel's escapes of characters XML cannot hold (`_x000D_`), undone.
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = ""
        var rest = text[...]
        while let start = rest.range(of: "_x") {
            out += rest[..<start.lowerBound]
            let hex = rest[start.upperBound...].prefix(5)
            if hex.count == 5, hex.last == "_", let code = UInt32(hex.dropLast(), radix: 16), let scalar = UnicodeScalar(code) {
                out.unicodeScalars.append(scalar)
                rest = rest[rest.index(start.upperBound, offsetBy: 5)...]
            } else {
                out += "_x"
                rest = rest[start.upperBound...]
            }
        }
        return out + rest
    }

    /// A number in its shortest form: whole numbers without a decimal point.
    static func number(_ text: String) -> String? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A date serial number as ISO 8601, in the workbook's date system. Serials below 60 in the
    /// 1900 system are shifted a day, since Excel counts a 29 February 1900 that never was.
    static func date(_ serial: Double, kind: XLSXNumberKind, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        var milliseconds = (serial * 86_400_000).rounded()
        if !date1904, serial < 60, serial >= 1 { milliseconds += 86_400_000 }
        let days = Int((milliseconds / 86_400_000).rounded(.down))
        let seconds = Int((milliseconds - Double(days) * 86_400_000) / 1000)
        // Days since 1970-01-01 of the epoch: 1899-12-30 or 1904-01-01.
        let date = ISODate.date(daysSince1970: days + (date1904 ? -24_107 : -25_569))
        let time = ISODate.time(seconds)
        switch kind {
        case .date where seconds == 0: return date
        case .time where serial < 1: return time
        default: return "\(date)T\(time)"
        }
    }

    /// The column number (A = 1) of a cell reference such as `AB12`, or nil.
    static func column(_ reference: String) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): column = column * 26 + Int(byte - 64)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): column = column * 26 + Int(byte - 96)
            case UInt8(ascii: "$"): continue
            default:
                return letters > 0 && column <= 16_384 ? column : nil
            }
            letters += 1
            if letters > 3 { return nil }
        }
        return nil
    }
}

/// Streams one worksheet row by row: each row's cells placed by their `r="AB12"` reference
/// (or after the previous cell where Excel left it out), so sparse rows keep their columns.
struct XLSXSheetReader: ~Copyable {
    /// A row: its number as Excel shows it, and its values from column A on (`""` where empty).
    struct Row {
        var number: Int
        var cells: [String]
        var isEmpty: Bool { cells.allSatisfy(\.isEmpty) }
    }

    private var reader: XMLStreamReader
    private let workbook: XLSXWorkbook
    let sheet: XLSXWorkbook.Sheet
    let file: URL
    private var lastRow = 0
    /// Cells further right than Excel allows (XFD = 16,384) are refused.
    static let maxColumns = 16_384

    init(_ workbook: XLSXWorkbook, sheet: XLSXWorkbook.Sheet) throws {
        let file = try workbook.extract(sheet)
        var options = XMLReaderOptions()
        options.skipWhitespaceOnlyText = false
        let reader: XMLStreamReader
        do {
            reader = try XMLStreamReader(url: file, options: options)
        } catch {
            throw InputError("\(workbook.displayName): \(sheet.name): \(error.message)")
        }
        self.workbook = workbook
        self.sheet = sheet
        self.file = file
        self.reader = reader
    }

    var bytesRead: Int { reader.bytesRead }

    private func problem(_ row: Int, _ column: Int, _ message: String) -> InputError {
        InputError(
            SourceLocation(file: workbook.displayName, line: row, column: column, addressing: .cells(sheet: sheet.name)).description + ": "
                + message)
    }

    /// The next row that has a `<row>` element (empty rows Excel did not write are skipped).
    mutating func next() throws -> Row? {
        var row: Row?
        var column = 0
        var type = "n"
        var style = 0
        var value = ""
        var inValue = false
        var inInline = false
        var phonetic = 0
        var hasValue = false
        do {
            while let event = try reader.next() {
                switch event {
                case .startElement(let name, _, let attributes, _):
                    switch name {
                    case "row":
                        let number = attributes[localName: "r"].flatMap(Int.init) ?? lastRow + 1
                        guard number > lastRow, number <= 1_048_576 else {
                            throw problem(number, 1, "row \(number) comes after row \(lastRow); rows must be in order")
                        }
                        lastRow = number
                        row = Row(number: number, cells: [])
                        column = 0
                    case "c":
                        if let reference = attributes[localName: "r"] {
                            guard let c = XLSXCell.column(reference) else {
                                throw problem(lastRow, column + 1, "the cell reference '\(reference)' is not a column and row")
                            }
                            column = c
                        } else {
                            column += 1
                        }
                        guard column <= Self.maxColumns else { throw problem(lastRow, column, "a cell beyond column XFD") }
                        type = attributes[localName: "t"] ?? "n"
                        style = attributes[localName: "s"].flatMap(Int.init) ?? 0
                        value = ""
                        hasValue = false
                    case "v":
                        inValue = true
                        hasValue = true
                    case "is":
                        inInline = true
                        hasValue = true
                    case "rPh":
                        phonetic += 1
                    case "t" where inInline && phonetic == 0:
                        inValue = true
                    default:
                        break
                    }
                case .text(let text, _):
                    if inValue { value += text }
                case .endElement(let name, _):
                    switch name {
                    case "v", "t":
                        inValue = false
                    case "is":
                        inInline = false
                    case "rPh":
                        phonetic -= 1
                    case "c":
                        guard hasValue, row != nil else { break }
                        let text = try cellText(type: type, style: style, value: value, row: lastRow, column: column)
                        if !text.isEmpty {
                            if row!.cells.count < column { row!.cells += repeatElement("", count: column - row!.cells.count) }
                            row!.cells[column - 1] = text
                        }
                    case "row":
                        if let row { return row }
                    case "sheetData":
                        return nil
                    default:
                        break
                    }
                }
            }
        } catch let error as XMLError {
            throw InputError("\(workbook.displayName): \(sheet.name) (\(sheet.part)):\(error.line): \(error.message)")
        }
        return nil
    }

    private func cellText(type: String, style: Int, value: String, row: Int, column: Int) throws -> String {
        switch type {
        case "s":
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), workbook.sharedStrings.indices.contains(index) else {
                throw problem(row, column, "the shared string '\(value)' does not exist (the workbook has \(workbook.sharedStrings.count))")
            }
            return workbook.sharedStrings[index]
        case "inlineStr", "str":
            return XLSXCell.unescape(value)
        case "b":
            return value.trimmingCharacters(in: .whitespaces) == "1" ? "1" : "0"
        case "e", "d":
            return value
        default:
            if value.isEmpty { return "" }
            let kind = style < workbook.styles.count ? workbook.styles[style] : .number
            if kind != .number, let serial = Double(value), let date = XLSXCell.date(serial, kind: kind, date1904: workbook.date1904) {
                return date
            }
            guard let number = XLSXCell.number(value) else {
                throw problem(row, column, "'\(value)' is not a number, though the cell says it holds one")
            }
            return number
        }
    }

    /// The merged ranges of the sheet (`<mergeCell ref="B1:D1"/>`, written after the cells), as
    /// (first row, first column, last row, last column); read from the end of the unpacked sheet.
    func mergedRanges() -> [(Int, Int, Int, Int)] {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return [] }
        let tailLength = min(size, 16 << 20)
        try? handle.seek(toOffset: size - tailLength)
        guard let data = try? handle.read(upToCount: Int(tailLength)) else { return [] }
        let tail = String(decoding: data, as: UTF8.self)
        guard let end = tail.range(of: "sheetData>", options: .backwards) else { return [] }
        var ranges: [(Int, Int, Int, Int)] = []
        var rest = tail[end.upperBound...]
        while let found = rest.range(of: "mergeCell ") {
            rest = rest[found.upperBound...]
            guard let ref = rest.range(of: "ref=\"") else { break }
            let value = rest[ref.upperBound...].prefix { $0 != "\"" }
            let ends = value.split(separator: ":")
            if ends.count == 2, let c1 = XLSXCell.column(String(ends[0])), let c2 = XLSXCell.column(String(ends[1])),
                let r1 = Int(ends[0].drop { $0.isLetter || $0 == "$" }), let r2 = Int(ends[1].drop { $0.isLetter || $0 == "$" })
            {
                ranges.append((r1, c1, r2, c2))
            }
        }
        return ranges
    }
}
