package import Foundation
import ZIPFoundation

/// A cell of a sheet to write.
package enum XLSXValue: Sendable, Equatable {
    case number(Double)
    case text(String)
    case empty
}

/// An error of the writer: I/O, or a call out of order.
package struct XLSXWriterError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}

/// Writes an Excel workbook (`.xlsx`) sheet by sheet and row by row: each sheet's XML goes to a
/// temporary file as it is written (texts as inline strings, so no shared-string table has to
/// be held), and `finish()` zips the parts. Memory stays flat whatever the number of rows.
/// The header row is bold and frozen, so a sheet opens ready to filter.
package final class XLSXWriter {
    private let url: URL
    private let directory: URL
    private var sheets: [(name: String, file: URL)] = []
    private var handle: FileHandle?
    private var buffer: [UInt8] = []
    private var row = 0
    private var finished = false

    package init(url: URL) throws {
        self.url = url
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-xlsxw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? handle?.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts a sheet (ending the previous one) whose first row is `header`, in bold and frozen.
    /// Excel's rules for names apply: at most 31 characters, none of `[]:*?/\`.
    package func beginSheet(_ name: String, header: [String]) throws {
        try endSheet()
        let clean = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        guard !clean.isEmpty, !sheets.contains(where: { $0.name.lowercased() == clean.lowercased() }) else {
            throw XLSXWriterError(message: "the sheet name '\(name)' is empty or used twice")
        }
        let file = directory.appendingPathComponent("sheet\(sheets.count + 1).xml")
        guard FileManager.default.createFile(atPath: file.path, contents: nil), let handle = FileHandle(forWritingAtPath: file.path) else {
            throw XLSXWriterError(message: "cannot write to the temporary folder \(directory.path)")
        }
        self.handle = handle
        sheets.append((clean, file))
        row = 0
        append(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"\(Self.main)\">"
                + "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                + "</sheetView></sheetViews><sheetData>")
        try appendRow(header.map { .text($0) }, style: 1)
    }

    /// One row of the current sheet.
    package func appendRow(_ cells: [XLSXValue]) throws {
        try appendRow(cells, style: 0)
    }

    private func appendRow(_ cells: [XLSXValue], style: Int) throws {
        guard handle != nil else { throw XLSXWriterError(message: "a row written before a sheet was begun") }
        row += 1
        guard row <= 1_048_576 else { throw XLSXWriterError(message: "more than 1,048,576 rows, which Excel cannot open") }
        append("<row r=\"\(row)\">")
        let s = style > 0 ? " s=\"\(style)\"" : ""
        for (i, cell) in cells.enumerated() {
            switch cell {
            case .empty:
                continue
            case .number(let value) where value.isFinite:
                let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
                append("<c r=\"\(Self.column(i + 1))\(row)\"\(s)><v>\(text)</v></c>")
            case .number:
                continue
            case .text(let text):
                append("<c r=\"\(Self.column(i + 1))\(row)\"\(s) t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                // Excel holds at most 32,767 characters in a cell (and reports longer ones as damage).
                appendEscaped(text.count > 32_767 ? String(text.prefix(32_767)) : text)
                append("</t></is></c>")
            }
        }
        append("</row>")
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Zips the workbook. The writer cannot be used afterwards.
    package func finish() throws {
        guard !finished else { return }
        try endSheet()
        guard !sheets.isEmpty else { throw XLSXWriterError(message: "a workbook needs at least one sheet") }
        finished = true
        try? FileManager.default.removeItem(at: url)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw XLSXWriterError(message: "\(url.path): cannot write the file (\(error))")
        }
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let sheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        try add(
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                + sheets.indices.map { "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"\(sheetType)\"/>" }.joined()
                + "</Types>")
        try add(
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")
        try add(
            "xl/workbook.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"\(Self.main)\" xmlns:r=\"\(rel)\"><sheets>"
                + sheets.enumerated().map { i, sheet in
                    "<sheet name=\"\(Self.escaped(sheet.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
                }.joined() + "</sheets></workbook>")
        try add(
            "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + sheets.indices.map {
                    "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
                }
                .joined()
                + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/></Relationships>")
        try add(
            "xl/styles.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"\(Self.main)\">"
                + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
                + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>")
        for (i, sheet) in sheets.enumerated() {
            try archive.addEntry(with: "xl/worksheets/sheet\(i + 1).xml", fileURL: sheet.file, compressionMethod: .deflate)
        }
    }

    private func endSheet() throws {
        guard let handle else { return }
        append("</sheetData></worksheet>")
        try flush()
        try handle.close()
        self.handle = nil
    }

    private func flush() throws {
        try handle?.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// Text as XML character data: markup escaped, a carriage return as a character reference
    /// (which every XML reader keeps), characters XML 1.0 cannot hold (other control characters)
    /// as Excel's `_xHHHH_` escapes, as is a literal `_xHHHH_` that would read as one.
    private func appendEscaped(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": append("&amp;")
            case "<": append("&lt;")
            case ">": append("&gt;")
            case "\t", "\n": buffer.append(UInt8(scalar.value))
            case "\r": append("&#13;")
            case "_"
            where i + 6 < scalars.count && scalars[i + 1] == "x" && scalars[i + 6] == "_"
                && scalars[(i + 2)..<(i + 6)].allSatisfy({ $0.properties.isASCIIHexDigit }):
                append("_x005F_")
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    append(String(format: "_x%04X_", scalar.value))
                } else {
                    buffer.append(contentsOf: String(scalar).utf8)
                }
            }
        }
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Column letters for a column number: 1 → A, 27 → AA.
    static func column(_ n: Int) -> String {
        var n = n
        var letters = ""
        while n > 0 {
            letters.insert(Character(UnicodeScalar(UInt8(65 + (n - 1) % 26))), at: letters.startIndex)
            n = (n - 1) / 26
        }
        return letters
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
}
