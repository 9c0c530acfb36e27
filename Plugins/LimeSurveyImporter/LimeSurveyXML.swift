import DraagvlakCore
import Foundation
import Readers

/// Reads LimeSurvey's XML documents (`.lss`, `.lsr`, `.lsg`) table by table, as LimeSurvey's
/// `buildXMLFromQuery()` writes them:
///
/// ```
/// <document><LimeSurveyDocType>…</LimeSurveyDocType><DBVersion>…</DBVersion>
///   <languages><language>…</language></languages>
///   <TABLE><fields><fieldname>…</fieldname>…</fields><rows><row><COL>value</COL>…</row>…</rows></TABLE>…
/// ```
///
/// A NULL value has no element at all, so a row holds only the columns that are not NULL; an
/// empty string is an empty element. Element names starting with a digit carry a `_` prefix
/// and a `#` in a name is written as `-`; both are undone through the table's `<fields>`.
/// Streams: one row at a time is in memory.
enum LimeSurveyXML {
    /// What the reader reports, in document order.
    enum Event {
        case docType(String)
        case dbVersion(Int)
        case language(String)
        /// The column names of a table, before its rows; `line` is where `<fields>` starts.
        case fields(table: String, names: [String], line: Int)
        /// One row: column name → value; NULL columns are absent.
        case row(table: String, values: [String: String], line: Int)
    }

    /// Reads `url`, reporting the document's events to `handle`. `tables` limits which tables'
    /// rows are reported (nil: all). Errors name `displayName`, the line and the column.
    static func read(
        _ url: URL, displayName: String, tables: Set<String>? = nil, progress: ((Int64) -> Void)? = nil,
        _ handle: (Event) throws -> Void
    ) throws {
        var reader: XMLStreamReader
        do {
            reader = try XMLStreamReader(url: url)
        } catch {
            throw inputError(error, file: displayName)
        }
        var path: [String] = []
        var table: String?
        var fieldNames: [String] = []
        var fieldSet: Set<String> = []
        var elementNames: [String: String] = [:]
        var row: [String: String] = [:]
        var rowLine = 0
        var fieldsLine = 0
        var column: String?
        var text = ""
        var rows = 0

        while true {
            let event: XMLEvent?
            do {
                event = try reader.next()
            } catch {
                throw inputError(error, file: displayName)
            }
            guard let event else { break }
            switch event {
            case .startElement(let name, _, _, let line):
                path.append(name)
                switch path.count {
                case 1:
                    if name != "document" {
                        throw InputError("\(displayName):\(line): not a LimeSurvey document (root element <\(name)>, expected <document>)")
                    }
                case 2:
                    if !["LimeSurveyDocType", "DBVersion", "languages"].contains(name), tables?.contains(name) ?? true {
                        table = name
                        fieldNames = []
                        fieldSet = []
                        elementNames = [:]
                    } else {
                        table = nil
                    }
                    text = ""
                case 3:
                    if name == "fields" { fieldsLine = line }
                    text = ""
                case 4 where table != nil && path[2] == "rows" && name == "row":
                    row = [:]
                    rowLine = line
                case 5 where table != nil && path[2] == "rows":
                    column = name
                    text = ""
                default:
                    text = ""
                }
            case .text(let value, _):
                text += value
            case .endElement(let name, _):
                defer { path.removeLast() }
                switch path.count {
                case 2:
                    switch name {
                    case "LimeSurveyDocType": try handle(.docType(text.trimmingCharacters(in: .whitespacesAndNewlines)))
                    case "DBVersion": try handle(.dbVersion(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0))
                    default: break
                    }
                    table = nil
                case 3:
                    if path[1] == "languages", name == "language" {
                        try handle(.language(text.trimmingCharacters(in: .whitespacesAndNewlines)))
                    } else if let table, name == "fields" {
                        try handle(.fields(table: table, names: fieldNames, line: fieldsLine))
                    }
                case 4:
                    if table != nil, path[2] == "fields", name == "fieldname" {
                        let field = text.trimmingCharacters(in: .whitespacesAndNewlines)
                        fieldNames.append(field)
                        fieldSet.insert(field)
                    } else if let table, path[2] == "rows", name == "row" {
                        try handle(.row(table: table, values: row, line: rowLine))
                        rows += 1
                        if rows & 0x3FF == 0 { progress?(Int64(reader.bytesRead)) }
                    }
                case 5:
                    if let element = column {
                        let field: String
                        if let known = elementNames[element] {
                            field = known
                        } else {
                            field = fieldName(element: element, fields: fieldSet)
                            if elementNames.count < 100_000 { elementNames[element] = field }
                        }
                        row[field] = text
                        column = nil
                    }
                default:
                    break
                }
            }
        }
        progress?(Int64(reader.bytesRead))
    }

    /// The column an element stands for: itself when `<fields>` lists it, else with the
    /// `_` prefix removed and `-` turned back into `#`.
    static func fieldName(element: String, fields: Set<String>) -> String {
        if fields.isEmpty || fields.contains(element) { return element }
        var name = Substring(element)
        if name.first == "_" { name = name.dropFirst() }
        let restored = String(name).replacingOccurrences(of: "-", with: "#")
        if fields.contains(restored) { return restored }
        return fields.contains(String(name)) ? String(name) : element
    }

    /// An error of the XML reader as the user should see it: the file as they named it, the
    /// line and column, and libxml2's message.
    static func inputError(_ error: any Error, file: String) -> InputError {
        guard let error = error as? XMLError else { return InputError("\(file): \(error)") }
        var location = "\(file):\(error.line)"
        if let column = error.column { location += ":\(column)" }
        return InputError("\(location): \(error.message)")
    }

    /// The `<LimeSurveyDocType>` named in the first bytes of a file, if any.
    static func docType(in head: [UInt8]) -> String? {
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        guard let start = text.range(of: "<LimeSurveyDocType>"),
            let end = text.range(of: "</LimeSurveyDocType>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return text[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
