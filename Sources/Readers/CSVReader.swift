import DraagvlakCore
package import Foundation

/// A streaming RFC 4180 reader over bytes: quoted fields with delimiters, doubled quotes and
/// newlines; `,` `;` or TAB; CRLF or LF; a UTF-8 byte-order mark skipped. Memory stays at one
/// chunk plus the longest record, whatever the file's size.
package struct CSVReader {
    /// One record: its fields as raw bytes (quotes removed), and the line it starts on.
    package struct Record {
        package var fields: [[UInt8]]
        package var line: Int
    }

    /// The reader's limits, so a hostile or broken file cannot make it allocate without bound.
    package struct Limits {
        package var maxRecordBytes = 16 << 20
        package var maxFields = 20_000

        package init() {}
    }

    private let handle: FileHandle
    private let file: String
    private let limits: Limits
    package private(set) var delimiter = UInt8(ascii: ",")
    private var buffer: [UInt8] = []
    /// The current record's fields, one after the other, and where each ends (see `parseRecord`).
    private var storage: [UInt8] = []
    private var ends: [Int] = []
    private var position = 0
    private var atEOF = false
    private var line = 1
    package private(set) var bytesRead: Int64 = 0

    static let chunkSize = 1 << 20

    package init(url: URL, file: String, delimiter: UInt8? = nil, limits: Limits = Limits()) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw InputError("\(file): cannot open the file")
        }
        self.handle = handle
        self.file = file
        self.limits = limits
        try fill()
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        self.delimiter = delimiter ?? Self.detectDelimiter(buffer[position...])
    }

    package func close() {
        try? handle.close()
    }

    /// Reads more of the file into the buffer, dropping what has been consumed.
    private mutating func fill() throws {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        guard !atEOF else { return }
        let data: Data?
        do { data = try handle.read(upToCount: Self.chunkSize) } catch {
            throw InputError("\(file): read error: \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else {
            atEOF = true
            return
        }
        bytesRead += Int64(data.count)
        buffer.append(contentsOf: data)
    }

    /// The delimiter that splits the first line (outside quotes) most often: `,`, `;` or TAB.
    package static func detectDelimiter(_ head: ArraySlice<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        for byte in head {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, byte == UInt8(ascii: "\n") { break }
            if !quoted, counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!
        return best.value > 0 ? best.key : UInt8(ascii: ",")
    }

    /// Delimiters outside quotes in each of the first `records` records of `head` (a record cut
    /// off at the end of `head` included), for detection without a full parse.
    package static func delimiterCounts(_ head: ArraySlice<UInt8>, delimiter: UInt8, records: Int) -> [Int] {
        var counts: [Int] = []
        var current = 0
        var quoted = false
        var empty = true
        for byte in head {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted {
                empty = false
                continue
            }
            if byte == UInt8(ascii: "\n") {
                if !empty { counts.append(current) }
                if counts.count == records { return counts }
                current = 0
                empty = true
            } else if byte != UInt8(ascii: "\r") {
                empty = false
                if byte == delimiter { current += 1 }
            }
        }
        if !empty { counts.append(current) }
        return counts
    }

    /// The next record, or nil at the end. Blank lines are skipped.
    package mutating func next() throws -> Record? {
        guard let line = try advance() else { return nil }
        return storage.withUnsafeBufferPointer { bytes in
            var fields: [[UInt8]] = []
            fields.reserveCapacity(ends.count)
            var start = 0
            for end in ends {
                fields.append(Array(bytes[start..<end]))
                start = end
            }
            return Record(fields: fields, line: line)
        }
    }

    /// The next record's fields as text in `encoding`, into `fields` (emptied first, its
    /// capacity kept), or nil at the end. A field that is not valid in the encoding becomes ""
    /// and is passed to `invalid` by its index. Returns the line the record starts on.
    ///
    /// The fast path for large files: no allocation per record or per short field.
    package mutating func next(
        decodingAs encoding: TextEncoding, into fields: inout [String], invalid: (Int) -> Void
    ) throws -> Int? {
        guard let line = try advance() else { return nil }
        fields.removeAll(keepingCapacity: true)
        storage.withUnsafeBufferPointer { bytes in
            var start = 0
            for (i, end) in ends.enumerated() {
                if let text = encoding.decode(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                    fields.append(text)
                } else {
                    invalid(i)
                    fields.append("")
                }
                start = end
            }
        }
        return line
    }

    /// Parses the next non-blank record into `storage`/`ends`; its line, or nil at the end.
    private mutating func advance() throws -> Int? {
        while true {
            if position >= buffer.count {
                try fill()
                if buffer.isEmpty { return nil }
            }
            let startLine = line
            switch try parseRecord() {
            case .complete(let newlines):
                line += newlines
                // Blank lines, and the `;;;;` rows spreadsheets leave at the end, hold no record.
                if storage.isEmpty { continue }
                return startLine
            case .needMore:
                if atEOF { throw InputError("\(file):\(startLine): the file ends inside a quoted field (a quote is not closed)") }
                if buffer.count - position > limits.maxRecordBytes {
                    throw InputError(
                        "\(file):\(startLine): a record is longer than \(limits.maxRecordBytes >> 20) MiB; is this really a CSV file?")
                }
                try fill()
            }
        }
    }

    private enum Outcome {
        case complete(newlines: Int)
        case needMore
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Parses one record from `position` into `storage` (the fields' bytes, quotes removed, one
    /// after the other) and `ends` (where each field ends in `storage`); on success advances past
    /// it. Both keep their capacity from record to record.
    private mutating func parseRecord() throws -> Outcome {
        var storage = self.storage
        var ends = self.ends
        self.storage = []
        self.ends = []
        defer {
            self.storage = storage
            self.ends = ends
        }
        storage.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var newlines = 0
        var i = position
        let end = buffer.count
        let delimiter = self.delimiter
        let atEOF = self.atEOF
        let maxFields = limits.maxFields
        let file = self.file
        let line = self.line
        var consumed = position
        let outcome = try buffer.withUnsafeBufferPointer { bytes -> Outcome in
            while true {
                if ends.count >= maxFields {
                    throw InputError("\(file):\(line): more than \(maxFields) columns; is this really a CSV file?")
                }
                if i < end, bytes[i] == Self.quote {
                    // Quoted field.
                    i += 1
                    while true {
                        guard i < end else { return .needMore }
                        let b = bytes[i]
                        if b == Self.quote {
                            guard i + 1 < end else {
                                if atEOF {
                                    i += 1
                                    break
                                }
                                return .needMore
                            }
                            if bytes[i + 1] == Self.quote {
                                storage.append(Self.quote)
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if b == Self.lf { newlines += 1 }
                        storage.append(b)
                        i += 1
                    }
                    // Text after the closing quote up to the delimiter is kept, as lenient readers do.
                    while i < end, bytes[i] != delimiter, bytes[i] != Self.lf, bytes[i] != Self.cr {
                        storage.append(bytes[i])
                        i += 1
                    }
                } else {
                    let start = i
                    while i < end {
                        let b = bytes[i]
                        if b == delimiter || b == Self.lf || b == Self.cr { break }
                        i += 1
                    }
                    storage.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                }
                ends.append(storage.count)
                guard i < end else {
                    if atEOF {
                        consumed = i
                        return .complete(newlines: newlines)
                    }
                    return .needMore
                }
                let b = bytes[i]
                if b == delimiter {
                    i += 1
                    if i == end, !atEOF { return .needMore }
                    if i == end {
                        ends.append(storage.count)
                        consumed = i
                        return .complete(newlines: newlines)
                    }
                    continue
                }
                if b == Self.cr {
                    guard i + 1 < end || atEOF else { return .needMore }
                    i += (i + 1 < end && bytes[i + 1] == Self.lf) ? 2 : 1
                } else {
                    i += 1
                }
                consumed = i
                return .complete(newlines: newlines + 1)
            }
        }
        position = consumed
        return outcome
    }
}
