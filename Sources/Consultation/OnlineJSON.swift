package import DraagvlakCore
package import Foundation

/// A JSON value as the answers API receives it, parsed strictly: a key that appears twice in one
/// object is an error (JSONSerialization would keep the last one silently), numbers keep their
/// text, and a boolean is never a number.
package indirect enum JSONValue: Equatable, Sendable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    package static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The value under `key` of an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// Why a body is not JSON the API can read; `key` names a duplicated key.
    package struct ParseError: Error, Equatable {
        package var message: String
        package var key: String?
    }

    /// Parses `bytes` as one JSON document (RFC 8259), at most `maxDepth` levels deep.
    package static func parse(_ bytes: [UInt8], maxDepth: Int = 32) throws(ParseError) -> JSONValue {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw ParseError(message: "text after the JSON value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        let maxDepth: Int
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(ParseError) {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else {
                throw ParseError(message: "expected '\(Character(UnicodeScalar(byte)))' at byte \(index)")
            }
            index += 1
        }

        mutating func value(depth: Int) throws(ParseError) -> JSONValue {
            guard depth <= maxDepth else { throw ParseError(message: "nested more than \(maxDepth) levels") }
            skipSpace()
            guard index < bytes.count else { throw ParseError(message: "unexpected end of the body") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var entries: [(key: String, value: JSONValue)] = []
                var keys = Set<String>()
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(entries)
                }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        throw ParseError(message: "expected a key at byte \(index)")
                    }
                    let key = try string()
                    guard keys.insert(key).inserted else { throw ParseError(message: "'\(key)' appears twice", key: key) }
                    try expect(UInt8(ascii: ":"))
                    entries.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard index < bytes.count else { throw ParseError(message: "unexpected end of the body") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    try expect(UInt8(ascii: "}"))
                    return .object(entries)
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [JSONValue] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(items)
                }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw ParseError(message: "unexpected end of the body") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    try expect(UInt8(ascii: "]"))
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default:
                return try number()
            }
        }

        mutating func literal(_ word: String, _ value: JSONValue) throws(ParseError) -> JSONValue {
            let w = Array(word.utf8)
            guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
                throw ParseError(message: "unexpected text at byte \(index)")
            }
            index += w.count
            return value
        }

        mutating func number() throws(ParseError) -> JSONValue {
            let start = index
            func digits() -> Int {
                let from = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - from
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let whole = digits()
            guard whole > 0, !(whole > 1 && bytes[index - whole] == UInt8(ascii: "0")) else {
                throw ParseError(message: "unexpected text at byte \(start)")
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw ParseError(message: "a number without digits after '.' at byte \(start)") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw ParseError(message: "a number without an exponent at byte \(start)") }
            }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }

        mutating func string() throws(ParseError) -> String {
            index += 1  // the opening quote
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() throws(ParseError) {
                guard !run.isEmpty else { return }
                guard let text = String(validating: run, as: UTF8.self) else { throw ParseError(message: "text that is not UTF-8") }
                scalars.append(contentsOf: text.unicodeScalars)
                run.removeAll(keepingCapacity: true)
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    try flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    try flush()
                    guard index < bytes.count else { break }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                throw ParseError(message: "a lone surrogate in a string")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw ParseError(message: "a lone surrogate in a string") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw ParseError(message: "a lone surrogate in a string") }
                        scalars.append(scalar)
                    default:
                        throw ParseError(message: "an unknown escape in a string")
                    }
                case 0..<0x20:
                    throw ParseError(message: "a raw control character in a string")
                default:
                    run.append(byte)
                }
            }
            throw ParseError(message: "a string that does not end")
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw ParseError(message: "a bad \\u escape")
            }
            index += 4
            return code
        }
    }
}

/// The answers API's rules: which fields an answer may have and the JSON type of each.
extension Consultation {
    /// The JSON type a form field takes (see `formFieldTypes`).
    package enum FieldType: String, Sendable {
        case integer, string, boolean
    }

    /// The form fields of a JSON answer (`{"answers": {field: value, …}}`), checked strictly:
    /// only the survey's fields, each of its JSON type, no control characters, at least one
    /// question answered. Every refusal is an `InputError` whose problems name the field, and
    /// nothing is stored, so an invitation code stays unused.
    package func answerFields(_ answers: [(key: String, value: JSONValue)]) throws -> [String: String] {
        let types = Dictionary(uniqueKeysWithValues: formFieldTypes.map { ($0.name, (type: $0.type, freeText: $0.freeText)) })
        var fields: [String: String] = [:]
        var problems: [Problem] = []
        let location = SourceLocation(file: "answer")
        func refuse(_ field: String, _ message: String) { problems.append(Problem(location, .column(field), message)) }
        for (name, value) in answers {
            guard let expected = types[name] else {
                refuse(name, "not a question of this survey")
                continue
            }
            switch (expected.type, value) {
            case (_, .null):
                continue
            case (.integer, .number(let text)):
                guard let number = Int(text) else {
                    refuse(name, "expected a whole number, not \(text)")
                    continue
                }
                fields[name] = String(number)
            case (.string, .string(let text)):
                if let bad = text.unicodeScalars.first(where: { Self.isControl($0, freeText: expected.freeText) }) {
                    refuse(name, String(format: "contains a control character (U+%04X)", bad.value))
                    continue
                }
                fields[name] = text
            case (.boolean, .bool(let checked)):
                fields[name] = checked ? "1" : "0"
            default:
                refuse(name, "expected \(Self.article(expected.type)), not \(Self.describe(value))")
            }
        }
        let answered = fields.contains { name, value in !value.isEmpty && !(types[name]?.type == .boolean && value == "0") }
        if problems.isEmpty, !answered {
            problems.append(Problem(location, .column("answers"), "no question is answered"))
        }
        // The values of the right type are checked as an import checks them, so one answer
        // lists every problem at once.
        if !problems.isEmpty, answered {
            let typed = Set(
                problems.compactMap { problem -> String? in
                    if case .column(let name)? = problem.subject { return name }
                    return nil
                })
            problems += try validateOnline(fields).1.filter { problem in
                if case .column(let name)? = problem.subject { return !typed.contains(name) }
                return true
            }
        }
        if !problems.isEmpty {
            throw InputError("the answer has \(Plural.count(problems.count, "problem", "problems"))", problems: problems)
        }
        return fields
    }

    /// C0 controls and DEL; free text may hold tabs and line breaks.
    static func isControl(_ scalar: Unicode.Scalar, freeText: Bool) -> Bool {
        if freeText, scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        return scalar.value < 0x20 || scalar.value == 0x7F
    }

    static func article(_ type: FieldType) -> String {
        switch type {
        case .integer: "a whole number"
        case .string: "a text"
        case .boolean: "true or false"
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string: "a text"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
