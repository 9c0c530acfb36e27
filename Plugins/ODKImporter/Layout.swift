import DraagvlakCore
import Foundation

/// What an ODK or KoboToolbox file holds, told from its first bytes.
enum Layout: Equatable {
    /// A form definition (`<h:html>` with a `<model>`).
    case xform
    /// One submission: a root element with an `id` attribute (the form id).
    case instance
    /// Several submissions, e.g. the KoboToolbox API dump `<root><results><uid id="…">…`.
    case dump
    /// ODK Briefcase or Central CSV: `SubmissionDate`, `KEY`, groups joined by `-`.
    case briefcaseCSV
    /// KoboToolbox CSV: `_uuid`, `_submission_time`, `meta/instanceID`, groups joined by `/`.
    case koboCSV
    /// A Briefcase/Central repeat-group file (`PARENT_KEY`): repeat entries, not respondents.
    case repeatCSV
    case other(String)

    /// The layout, how sure the guess is, and the reason, for detection messages.
    static func detect(_ head: [UInt8]) -> (layout: Layout, confidence: Double, reason: String) {
        let (layout, reason) = of(head)
        switch layout {
        case .xform, .repeatCSV, .other: return (layout, 0, reason)
        case .instance: return (layout, reason.contains("no instanceID") ? 0.6 : 0.9, reason)
        case .dump: return (layout, reason.contains("no submission") ? 0.7 : 0.9, reason)
        case .briefcaseCSV: return (layout, reason.contains("SubmissionDate and KEY") ? 0.9 : 0.8, reason)
        case .koboCSV: return (layout, reason.contains("meta/instanceID column") ? 0.8 : 0.9, reason)
        }
    }

    static func of(_ head: [UInt8]) -> (Layout, String) {
        var body = head[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let first = body.first(where: { !isSpace($0) }) else { return (.other("the file is empty"), "the file is empty") }
        if first == UInt8(ascii: "<") { return xml(body) }
        if body.contains(0) { return (.other("binary data (NUL bytes)"), "the file holds binary data (NUL bytes)") }
        return csv(headerFields(body))
    }

    private static func xml(_ body: ArraySlice<UInt8>) -> (Layout, String) {
        let tags = startTags(body, limit: 400)
        guard let root = tags.first else { return (.other("XML without elements"), "XML, but no element in the first 64 KiB") }
        let names = Set(tags.map(\.name))
        if root.name == "html" && (names.contains("model") || names.contains("instance")) {
            return (.xform, "an XForm (<h:html> with a <model>)")
        }
        let mentionsInstanceID = contains(body, "instanceID")
        if root.attributes["id"] != nil {
            let id = root.attributes["id"]!
            return mentionsInstanceID
                ? (.instance, "an ODK submission of form '\(id)' (root <\(root.name) id=…> with an instanceID)")
                : (.instance, "a root element <\(root.name) id='\(id)'> as ODK submissions have, but no instanceID in the first 64 KiB")
        }
        if let submission = tags.dropFirst().first(where: { $0.attributes["id"] != nil }), mentionsInstanceID {
            return (
                .dump,
                "several ODK/KoboToolbox submissions (<\(submission.name) id='\(submission.attributes["id"]!)'> inside <\(root.name)>)"
            )
        }
        if names.contains("results") {
            return (.dump, "a KoboToolbox API XML dump (<\(root.name)><results>) with no submission in the first 64 KiB")
        }
        return (
            .other("XML of another kind"),
            "XML, but neither an XForm (<h:html> with <model>), an ODK submission (a root with an id attribute and meta/instanceID) nor a KoboToolbox API dump (<root><results>)"
        )
    }

    private static func csv(_ headers: [String]) -> (Layout, String) {
        let set = Set(headers)
        if set.contains("PARENT_KEY") {
            return (
                .repeatCSV,
                "an ODK repeat-group file (PARENT_KEY column): its rows are repeat entries, not respondents; import the main CSV file"
            )
        }
        let hasInstanceID = set.contains("meta-instanceID") || set.contains("instanceID")
        if set.contains("KEY") && set.contains("SubmissionDate") {
            return (.briefcaseCSV, "an ODK Briefcase/Central CSV (SubmissionDate and KEY columns)")
        }
        if (set.contains("KEY") || set.contains("SubmissionDate")) && hasInstanceID {
            return (.briefcaseCSV, "an ODK CSV (\(set.contains("KEY") ? "KEY" : "SubmissionDate") and instanceID columns)")
        }
        if set.contains("_uuid") || set.contains("_submission_time") {
            return (.koboCSV, "a KoboToolbox CSV (\(set.contains("_uuid") ? "_uuid" : "_submission_time") column)")
        }
        if set.contains("meta/instanceID") {
            return (.koboCSV, "a KoboToolbox CSV (meta/instanceID column)")
        }
        return (
            .other("CSV without ODK columns"),
            "no ODK (SubmissionDate, KEY, meta-instanceID) or KoboToolbox (_uuid, _submission_time, meta/instanceID) columns in the header"
        )
    }

    // MARK: - Scanning the head

    /// A start tag: its local name and attributes by local name (namespace declarations left out).
    struct Tag {
        var name: String
        var attributes: [String: String]
    }

    /// The start tags in `bytes`, in order; comments, processing instructions, DOCTYPE, CDATA
    /// and end tags skipped. Enough for detection; not a parser.
    static func startTags(_ bytes: ArraySlice<UInt8>, limit: Int) -> [Tag] {
        let b = Array(bytes)
        var tags: [Tag] = []
        var i = 0
        func skip(past terminator: [UInt8]) {
            while i < b.count {
                if b[i...].starts(with: terminator) {
                    i += terminator.count
                    return
                }
                i += 1
            }
        }
        while i < b.count, tags.count < limit {
            guard b[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            let rest = b[i...]
            if rest.starts(with: Array("<!--".utf8)) {
                skip(past: Array("-->".utf8))
                continue
            }
            if rest.starts(with: Array("<![CDATA[".utf8)) {
                skip(past: Array("]]>".utf8))
                continue
            }
            if rest.starts(with: Array("<?".utf8)) {
                skip(past: Array("?>".utf8))
                continue
            }
            if rest.starts(with: Array("<!".utf8)) || rest.starts(with: Array("</".utf8)) {
                skip(past: [UInt8(ascii: ">")])
                continue
            }
            i += 1
            var end = i
            var quote: UInt8 = 0
            while end < b.count {
                let c = b[end]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == UInt8(ascii: ">") {
                    break
                }
                end += 1
            }
            guard end < b.count else { break }
            tags.append(tag(b[i..<end]))
            i = end + 1
        }
        return tags
    }

    private static func tag(_ bytes: ArraySlice<UInt8>) -> Tag {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("/") { text.removeLast() }
        let nameEnd = text.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) ?? text.endIndex
        var attributes: [String: String] = [:]
        var rest = text[nameEnd...]
        while let eq = rest.firstIndex(of: "=") {
            let name = rest[..<eq].trimmingCharacters(in: .whitespacesAndNewlines)
            var valueStart = rest.index(after: eq)
            while valueStart < rest.endIndex, rest[valueStart].isWhitespace { valueStart = rest.index(after: valueStart) }
            guard valueStart < rest.endIndex, rest[valueStart] == "\"" || rest[valueStart] == "'" else { break }
            let quote = rest[valueStart]
            let inner = rest.index(after: valueStart)
            guard let close = rest[inner...].firstIndex(of: quote) else { break }
            if name != "xmlns" && !name.hasPrefix("xmlns:") {
                attributes[localName(name)] = String(rest[inner..<close])
            }
            rest = rest[rest.index(after: close)...]
        }
        return Tag(name: localName(String(text[..<nameEnd])), attributes: attributes)
    }

    static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard n.count <= haystack.count else { return false }
        var i = haystack.startIndex
        while i <= haystack.endIndex - n.count {
            if haystack[i] == n[0], haystack[i..<(i + n.count)].elementsEqual(n) { return true }
            i += 1
        }
        return false
    }

    /// The first record of a delimited file, split by the delimiter (`,` `;` TAB) that occurs
    /// most often outside quotes on it, with quotes removed.
    static func headerFields(_ body: ArraySlice<UInt8>) -> [String] {
        var line: [UInt8] = []
        var quoted = false
        for byte in body {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            line.append(byte)
        }
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        quoted = false
        for byte in line {
            if byte == UInt8(ascii: "\"") { quoted.toggle() } else if !quoted, counts[byte] != nil { counts[byte]! += 1 }
        }
        let delimiter = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!.key
        var fields: [String] = []
        var field: [UInt8] = []
        quoted = false
        var i = 0
        while i < line.count {
            let byte = line[i]
            if byte == UInt8(ascii: "\"") {
                if quoted, i + 1 < line.count, line[i + 1] == UInt8(ascii: "\"") {
                    field.append(byte)
                    i += 1
                } else {
                    quoted.toggle()
                }
            } else if !quoted, byte == delimiter {
                fields.append(String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces))
                field.removeAll()
            } else {
                field.append(byte)
            }
            i += 1
        }
        fields.append(String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces))
        return fields
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
