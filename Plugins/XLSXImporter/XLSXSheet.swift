import DraagvlakCore
import Foundation
import Readers

/// A cell's value as the importer passes it on: text as written, numbers in their shortest
/// form (`4`, `0.1`), dates as ISO 8601 (`2024-03-01`, `2024-03-01T10:15:00`, `10:15:00`),
/// booleans as `1`/`0`, and errors as Excel shows them (`#N/A`).
enum XLSXCell {
    /// Excel's escapes of characters XML cannot hold (`_x000D_`), undone.
    static func unescape(_ text: String) -> String {
        // Most cells have no escape: checked on the bytes, without Foundation's search.
        var utf8 = text.utf8.makeIterator()
        var underscore = false
        var found = false
        while let byte = utf8.next() {
            if underscore && byte == UInt8(ascii: "x") {
                found = true
                break
            }
            underscore = byte == UInt8(ascii: "_")
        }
        guard found else { return text }
        var out = ""
        var rest = text[...]
        while let start = rest.range(of: "_x") {
            out += rest[..<start.lowerBound]
            let hex = rest[start.upperBound...].prefix(5)
            if hex.count == 5, hex.last == "_", hex.dropLast().allSatisfy(\.isHexDigit), let code = UInt32(hex.dropLast(), radix: 16),
                let scalar = UnicodeScalar(code)
            {
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
        guard let value = Double(text) ?? Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        return NumberText.shortest(value)
    }

    /// A date serial number as ISO 8601, in the workbook's date system, read as openpyxl's
    /// `from_excel` reads it: below 1 a time of day; in the 1900 system serials below 60 shifted
    /// a day, since Excel counts a 29 February 1900 that never was. Durations (`[h]:mm`) as
    /// hours, minutes and seconds, the hours past 24 if need be. Rounded to the second.
    static func date(_ serial: Double, kind: XLSXNumberKind, date1904: Bool) -> String? {
        // Up to 9999-12-31.
        guard serial.isFinite, serial >= 0, serial < (date1904 ? 2_957_004 : 2_958_466) else { return nil }
        let total = Int((serial * 86_400).rounded())
        if kind == .duration { return "\(total / 3600):\(ISODate.time(total % 3600).dropFirst(3))" }
        var days = total / 86_400
        let seconds = total % 86_400
        if serial < 1 { return ISODate.time(seconds) }
        if !date1904, serial < 60 { days += 1 }
        // Days since 1970-01-01 of the epoch: 1899-12-30 or 1904-01-01.
        let date = ISODate.date(daysSince1970: days + (date1904 ? -24_107 : -25_569))
        return kind == .date && seconds == 0 ? date : "\(date)T\(ISODate.time(seconds))"
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
        /// The first column right of the reader's `columnLimit` with a value, if any.
        var beyond: Int?
        var isEmpty: Bool { cells.allSatisfy(\.isEmpty) && beyond == nil }
    }

    private var reader: XMLStreamReader
    private let workbook: XLSXWorkbook
    let sheet: XLSXWorkbook.Sheet
    let file: URL
    private var lastRow = 0
    /// A row read ahead and given back (`giveBack`), returned by the next `next()`.
    private var pending: Row?
    /// Cells right of this column are not kept (the row's `beyond` says there were some), so a
    /// sheet of rows reaching column XFD costs no more than its header is wide.
    var columnLimit = Self.maxColumns
    /// Cells further right than Excel allows (XFD = 16,384) are refused.
    static let maxColumns = 16_384
    /// Excel's own limit on a cell's text; longer text is refused rather than held.
    static let maxCellCharacters = 32_767

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

    /// Makes `row` the one the next `next()` returns (after reading ahead).
    mutating func giveBack(_ row: Row) {
        pending = row
    }

    /// The next row that has a `<row>` element (empty rows Excel did not write are skipped).
    mutating func next() throws -> Row? {
        if let row = pending {
            pending = nil
            return row
        }
        var row: Row?
        var column = 0
        var type = "n"
        var style = 0
        var value = ""
        var inline = ""
        var inValue = false
        var inInlineText = false
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
                        inline = ""
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
                        inInlineText = true
                    default:
                        break
                    }
                case .text(let text, _):
                    if inValue { value += text }
                    if inInlineText { inline += text }
                    if value.utf8.count + inline.utf8.count > 4 * Self.maxCellCharacters {
                        throw problem(lastRow, column, "the cell holds more text than Excel allows in a cell (32,767 characters)")
                    }
                case .endElement(let name, _):
                    switch name {
                    case "v":
                        inValue = false
                    case "t":
                        inInlineText = false
                    case "is":
                        inInline = false
                    case "rPh":
                        phonetic -= 1
                    case "c":
                        guard hasValue, row != nil else { break }
                        // An inline string's text is its <is>; a <v> beside it is ignored, as Excel does.
                        let text = try cellText(
                            type: type, style: style, value: type == "inlineStr" ? inline : value, row: lastRow, column: column)
                        guard !text.isEmpty, var current = row else { break }
                        row = nil  // `current` the only owner of the cells: set in place, not copied per cell
                        if column > columnLimit {
                            current.beyond = min(current.beyond ?? column, column)
                        } else {
                            if current.cells.count < column { current.cells += repeatElement("", count: column - current.cells.count) }
                            current.cells[column - 1] = text
                        }
                        row = current
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
        if value.isEmpty || (value.utf8.first.map { $0 <= 0x20 } == true && value.allSatisfy(\.isWhitespace)),
            type != "inlineStr", type != "str"
        {
            return ""
        }
        switch type {
        case "s":
            guard let index = Int(value) ?? Int(value.trimmingCharacters(in: .whitespaces)), workbook.sharedStrings.indices.contains(index)
            else {
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
            let kind = workbook.styles.indices.contains(style) ? workbook.styles[style] : .number
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
        // Comments and CDATA may hold anything; elsewhere "<" starts a tag.
        var markup = String(tail[end.upperBound...])
        for pattern in ["<!--.*?-->", "<!\\[CDATA\\[.*?\\]\\]>"] {
            markup = markup.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        guard
            let element = try? NSRegularExpression(
                pattern: "<(?:[A-Za-z_][\\w.-]*:)?mergeCell\\b[^>]*?\\bref\\s*=\\s*([\"'])([^\"']*)\\1",
                options: [.dotMatchesLineSeparators])
        else { return [] }
        var ranges: [(Int, Int, Int, Int)] = []
        let text = markup as NSString
        for match in element.matches(in: markup, range: NSRange(location: 0, length: text.length)) {
            let ends = text.substring(with: match.range(at: 2)).split(separator: ":")
            if ends.count == 2, let c1 = XLSXCell.column(String(ends[0])), let c2 = XLSXCell.column(String(ends[1])),
                let r1 = Int(ends[0].drop { $0.isLetter || $0 == "$" }), let r2 = Int(ends[1].drop { $0.isLetter || $0 == "$" })
            {
                ranges.append((r1, c1, r2, c2))
            }
        }
        return ranges
    }
}
