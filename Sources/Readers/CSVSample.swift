/// Helpers for CSV dialect plugins: the first records of a file's sample (for detection without
/// opening the file), lenient text of a field, and a record's size for progress.
package enum CSVSample {
    /// The first `limit` records of a file's sample, parsed as comma-separated RFC 4180 (quotes,
    /// doubled quotes, CRLF or LF, a UTF-8 byte-order mark skipped), for detection without opening
    /// the file. A record cut off at the end of the sample is returned as far as it goes.
    package static func records(_ head: [UInt8], limit: Int) -> [[String]] {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var i = bytes.startIndex
        while i < bytes.endIndex, records.count < limit {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll()
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                if b == UInt8(ascii: "\r"), i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append(fields) }
                fields.removeAll()
            } else {
                field.append(b)
            }
            i += 1
        }
        if records.count < limit, !(fields.isEmpty && field.isEmpty) {
            fields.append(String(decoding: field, as: UTF8.self))
            records.append(fields)
        }
        return records
    }

    /// A field's bytes as text; invalid UTF-8 is replaced rather than rejected, for names and labels.
    package static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes a record took in the file, near enough for a progress display.
    package static func approximateSize(_ fields: [[UInt8]]) -> Int64 {
        Int64(fields.reduce(1) { $0 + $1.count + 1 })
    }
}
