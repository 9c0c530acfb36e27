import DraagvlakCore
import Foundation
import Readers

/// An Excel workbook (`.xlsx`, Office Open XML) opened for reading: its sheets found the way
/// Excel finds them (the package relationships to `workbook.xml`, then the workbook's
/// relationships to each sheet; never by file name), the shared strings, the number formats
/// that make a number a date, and the 1900 or 1904 date system. Each part is read with the
/// project's hardened XML reader; a sheet is unpacked into a temporary folder and streamed.
struct XLSXWorkbook {
    /// A worksheet as the workbook lists it.
    struct Sheet {
        var name: String
        /// Its part in the zip, e.g. `xl/worksheets/sheet1.xml`.
        var part: String
    }

    let members: ZipMembers
    let sheets: [Sheet]
    /// The shared-string table, in index order.
    let sharedStrings: [String]
    /// Per cell style (`s="3"`), how its numbers read: as numbers, dates, times or both.
    let styles: [XLSXNumberKind]
    /// Dates count from 1904-01-01 (old Mac Excel) instead of 1899-12-30.
    let date1904: Bool
    let directory: URL

    static let partLimit: UInt64 = 64 << 20
    static let sharedStringsLimit: UInt64 = 1 << 30
    static let sharedStringsCount = 16_000_000
    static let sheetLimit: UInt64 = 4 << 30

    static let officeDocument = "/officeDocument"

    init(url: URL, displayName: String) throws {
        let members = try ZipMembers(url: url, displayName: displayName)
        self.members = members
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("draagvlak-xlsx-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        do {
            guard let packageRels = members.path(matching: "_rels/.rels") else {
                throw InputError("\(displayName): not an Excel workbook (the zip has no _rels/.rels)")
            }
            let rootRels = try Self.relationships(members, packageRels, base: "", directory: directory)
            guard let workbookPart = Self.first(rootRels, Self.officeDocument)?.target,
                let workbookPath = members.path(matching: workbookPart)
            else {
                throw InputError("\(displayName): not an Excel workbook (no workbook part in _rels/.rels)")
            }
            guard let workbookFile = workbookPath.split(separator: "/").last else {
                throw InputError("\(displayName): not an Excel workbook (its workbook part has no name)")
            }
            let base = String(workbookPath.dropLast(workbookFile.count))
            let relsName = base + "_rels/" + workbookFile + ".rels"
            let workbookRels =
                try members.path(matching: relsName).map { try Self.relationships(members, $0, base: base, directory: directory) } ?? [:]
            let (listed, date1904) = try Self.workbook(members, workbookPath, directory: directory)
            var sheets: [Sheet] = []
            for (name, id, hidden) in listed where !hidden {
                guard let relation = workbookRels[id] else {
                    throw InputError("\(displayName): the sheet '\(name)' has no relationship '\(id)' in \(relsName)")
                }
                guard relation.type.hasSuffix("/worksheet") else { continue }  // chart sheets, dialog sheets
                guard let part = members.path(matching: relation.target) else {
                    throw InputError("\(displayName): the sheet '\(name)' is missing from the archive (\(relation.target))")
                }
                sheets.append(Sheet(name: name, part: part))
            }
            let strings = Self.first(workbookRels, "/sharedStrings").flatMap { members.path(matching: $0.target) }
            let sharedStrings = try strings.map { try Self.sharedStrings(members, $0, directory: directory) } ?? []
            let styles = Self.first(workbookRels, "/styles").flatMap { members.path(matching: $0.target) }
            self.styles = try styles.map { try Self.styles(members, $0, directory: directory) } ?? []
            self.sheets = sheets
            self.date1904 = date1904
            self.sharedStrings = sharedStrings
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    var displayName: String { members.displayName }

    /// Deletes the temporary folder.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Unpacks a sheet for streaming.
    func extract(_ sheet: Sheet) throws -> URL {
        let target = directory.appendingPathComponent("sheet-\(UUID().uuidString).xml")
        try members.extract(sheet.part, to: target, limit: Self.sheetLimit)
        return target
    }

    /// The first visible worksheet in the workbook's order: the one whose tab Excel shows first.
    func firstSheet() throws -> Sheet {
        guard let first = sheets.first else { throw InputError("\(displayName): the workbook has no worksheet") }
        return first
    }

    // MARK: - Parts

    /// The relationship of a type (by the end of its URI) with the lowest id: the same one on
    /// every run, whatever the dictionary's order.
    static func first(_ relationships: [String: Relationship], _ type: String) -> Relationship? {
        relationships.filter { $0.value.type.hasSuffix(type) }.min { $0.key < $1.key }?.value
    }

    /// A relationship: its type URI and its target as a path in the zip.
    struct Relationship {
        var type: String
        var target: String
    }

    /// Reads one part with the project's XML reader (whitespace kept: `<t> </t>` is a space)
    /// after unpacking it with a size limit; XML errors name the part and line.
    private static func parse(
        _ members: ZipMembers, _ part: String, limit: UInt64, directory: URL, _ body: (inout XMLStreamReader) throws -> Void
    ) throws {
        let file = directory.appendingPathComponent("part-\(UUID().uuidString).xml")
        try members.extract(part, to: file, limit: limit)
        defer { try? FileManager.default.removeItem(at: file) }
        var options = XMLReaderOptions()
        options.skipWhitespaceOnlyText = false
        do {
            var reader = try XMLStreamReader(url: file, options: options)
            try body(&reader)
        } catch let error as XMLError {
            throw failure(members, part, error)
        }
    }

    private static func failure(_ members: ZipMembers, _ part: String, _ error: XMLError) -> InputError {
        InputError("\(members.displayName): \(part):\(error.line): \(error.message)")
    }

    /// A `.rels` part: id → relationship, targets resolved against `base` (the folder of the
    /// part the relationships belong to); external targets are left out.
    static func relationships(_ members: ZipMembers, _ part: String, base: String, directory: URL) throws -> [String: Relationship] {
        var out: [String: Relationship] = [:]
        try parse(members, part, limit: partLimit, directory: directory) { reader in
            while let event = try reader.next() {
                guard case .startElement("Relationship", _, let attributes, _) = event, attributes[localName: "TargetMode"] != "External",
                    let id = attributes[localName: "Id"], let target = attributes[localName: "Target"],
                    let type = attributes[localName: "Type"]
                else { continue }
                out[id] = Relationship(type: type, target: resolve(target, base: base))
            }
        }
        return out
    }

    /// A relationship target as a zip path: `/xl/x.xml` from the root, `worksheets/s.xml` from
    /// `base`, with `..` steps applied (never above the root).
    static func resolve(_ target: String, base: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : base + target
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == ".." {
                _ = parts.popLast()
            } else if part != "." {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The sheets (name, relationship id, hidden) in order, and whether dates count from 1904.
    static func workbook(_ members: ZipMembers, _ part: String, directory: URL) throws -> ([(String, String, Bool)], Bool) {
        var sheets: [(String, String, Bool)] = []
        var date1904 = false
        try parse(members, part, limit: partLimit, directory: directory) { reader in
            while let event = try reader.next() {
                guard case .startElement(let name, _, let attributes, _) = event else { continue }
                if name == "workbookPr", let value = attributes[localName: "date1904"] {
                    date1904 = value == "1" || value.lowercased() == "true"
                } else if name == "sheet", let sheet = attributes[localName: "name"],
                    let id = attributes.first(where: { $0.localName == "id" && $0.namespace != nil })?.value
                {
                    sheets.append((sheet, id, ["hidden", "veryhidden"].contains(attributes[localName: "state"]?.lowercased() ?? "")))
                }
            }
        }
        return (sheets, date1904)
    }

    /// The shared strings: each `<si>`'s text, its rich-text runs joined, phonetic runs left out.
    static func sharedStrings(_ members: ZipMembers, _ part: String, directory: URL) throws -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false
        var phonetic = 0
        try parse(members, part, limit: sharedStringsLimit, directory: directory) { reader in
            while let event = try reader.next() {
                switch event {
                case .startElement(let name, _, let attributes, _):
                    if name == "sst", let count = attributes[localName: "uniqueCount"].flatMap(Int.init), count > sharedStringsCount {
                        throw InputError(
                            "\(members.displayName): \(part): \(count) shared strings, more than the \(sharedStringsCount) a workbook may have here; refused"
                        )
                    }
                    if name == "si" { current = "" }
                    if name == "rPh" { phonetic += 1 }
                    if name == "t", phonetic == 0 { inText = true }
                case .text(let text, _):
                    if inText { current += text }
                    if current.utf8.count > 4 * XLSXSheetReader.maxCellCharacters {
                        throw InputError(
                            "\(members.displayName): \(part): shared string \(strings.count) holds more text than Excel allows in a cell (32,767 characters)"
                        )
                    }
                case .endElement(let name, _):
                    if name == "t" { inText = false }
                    if name == "rPh" { phonetic -= 1 }
                    if name == "si" {
                        guard strings.count < sharedStringsCount else {
                            throw InputError(
                                "\(members.displayName): \(part): more than \(sharedStringsCount) shared strings; refused")
                        }
                        strings.append(XLSXCell.unescape(current))
                    }
                }
            }
        }
        return strings
    }

    /// Per cell format (`cellXfs`), whether its numbers are dates, times or both.
    static func styles(_ members: ZipMembers, _ part: String, directory: URL) throws -> [XLSXNumberKind] {
        var formats: [Int: String] = [:]
        var kinds: [XLSXNumberKind] = []
        var inCellXfs = false
        try parse(members, part, limit: partLimit, directory: directory) { reader in
            while let event = try reader.next() {
                switch event {
                case .startElement(let name, _, let attributes, _):
                    if name == "numFmt", let id = attributes[localName: "numFmtId"].flatMap(Int.init),
                        let code = attributes[localName: "formatCode"]
                    {
                        formats[id] = code
                    } else if name == "cellXfs" {
                        inCellXfs = true
                    } else if name == "xf", inCellXfs {
                        let id = attributes[localName: "numFmtId"].flatMap(Int.init) ?? 0
                        kinds.append(formats[id].map(XLSXNumberKind.init(formatCode:)) ?? XLSXNumberKind(builtIn: id))
                    }
                case .endElement("cellXfs", _):
                    inCellXfs = false
                default:
                    break
                }
            }
        }
        return kinds
    }
}

/// How a number format shows a number: as a number, a date, a time of day, a date and time,
/// or a duration (elapsed hours, `[h]:mm`).
enum XLSXNumberKind: Equatable {
    case number, date, time, dateTime, duration

    /// Excel's built-in formats (ECMA-376 §18.8.30) as openpyxl reads them: 14–17 dates, 18–21
    /// and 45, 47 times, 22 date and time, 46 (`[h]:mm:ss`) a duration. The East Asian ids
    /// (27–36, 50–58) are numbers unless the workbook defines them, as in openpyxl.
    init(builtIn id: Int) {
        switch id {
        case 14...17: self = .date
        case 18...21, 45, 47: self = .time
        case 22: self = .dateTime
        case 46: self = .duration
        default: self = .number
        }
    }

    /// A custom format code: a date when its first section, without quoted text, escaped
    /// characters, fill and padding characters and bracketed parts (colours, conditions,
    /// locales), still holds d, m, y, h or s — the rule Excel and openpyxl apply. Elapsed-time
    /// brackets (`[h]`, `[mm]`, `[ss]`) make a duration.
    init(formatCode code: String) {
        var letters = ""
        var elapsed = false
        var chars = Array(code.split(separator: ";", omittingEmptySubsequences: false).first ?? "")[...]
        while let c = chars.popFirst() {
            switch c {
            case "\"":
                while let d = chars.popFirst(), d != "\"" {}
            case "\\", "_", "*":
                _ = chars.popFirst()
            case "[":
                var inside = ""
                while let d = chars.popFirst(), d != "]" { inside.append(d) }
                if !inside.isEmpty, inside.lowercased().allSatisfy({ "hms".contains($0) }) { elapsed = true }
            default:
                letters.append(Character(c.lowercased()))
            }
        }
        let date = letters.contains("d") || letters.contains("y")
        let time = letters.contains("h") || letters.contains("s")
        if elapsed, !date {
            self = .duration
        } else if letters.hasPrefix("general") && !date && !time {
            self = .number
        } else if date && time {
            self = .dateTime
        } else if date {
            self = .date
        } else if time {
            self = .time
        } else if letters.contains("m") {
            self = .date  // "mmm" alone: a month
        } else {
            self = .number
        }
    }
}
