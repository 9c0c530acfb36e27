package import Foundation

// The layout follows the "System File Format" chapter of the GNU PSPP developers' guide.

/// One variable of an SPSS file to write.
package struct SAVColumn: Sendable {
    /// What the variable holds, with its value labels.
    package enum Kind: Sendable {
        /// A number, shown with `decimals` decimals; value labels for codes (e.g. 1 = "Helemaal oneens").
        case numeric(decimals: Int, valueLabels: [(value: Double, label: String)])
        /// Text of at most `width` bytes of UTF-8 (1…32767; wider text is cut at a character boundary); value labels for codes.
        case text(width: Int, valueLabels: [(value: String, label: String)])
    }

    /// The measurement level SPSS shows (record 7.11). SPSS has no scale text: a text column marked `.scale` is written nominal.
    package enum Measure: Sendable { case nominal, ordinal, scale }

    /// The variable name as the user sees it (long name, at most 64 bytes), checked against the SPSS rules by the writer.
    package var name: String
    /// The variable label, cut at a character boundary to 255 bytes of UTF-8.
    package var label: String?
    package var kind: Kind
    package var measure: Measure
    /// User-missing discrete values of a numeric variable (at most 3); ignored for text.
    package var missingValues: [Double]

    package init(name: String, label: String? = nil, kind: Kind, measure: Measure = .nominal, missingValues: [Double] = []) {
        self.name = name
        self.label = label
        self.kind = kind
        self.measure = measure
        self.missingValues = missingValues
    }
}

/// A value of one case.
package enum SAVCell: Sendable {
    case number(Double)
    case text(String)
    /// System-missing for a number, empty (spaces) for text.
    case missing
}

/// An error of the writer (an invalid variable name, a cell of the wrong kind, I/O).
package struct SAVWriterError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }

    package init(message: String) {
        self.message = message
    }
}

/// Writes a `.sav` file case by case, bytecode-compressed, in UTF-8 (record 7.20), little-endian.
///
/// The dictionary is written when the writer is made; each case goes through a 1 MiB buffer, so memory stays flat
/// whatever the number of cases. `finish()` writes the last command block and the case count into the header.
package final class SAVWriter {
    package private(set) var caseCount: Int = 0

    private let path: String
    private let slots: [SAVSlot]
    private let columnNames: [String]
    private let handle: FileHandle
    private let buffer: UnsafeMutablePointer<UInt8>
    private var bufferCount = 0
    /// Where the open command block's 8 command bytes are in `buffer`.
    private var commandPosition = 0
    /// How many command bytes of the open block are used; 8 when no block is open.
    private var commandsUsed = 8
    private var finished = false
    private var closed = false

    static let bufferCapacity = 1 << 20
    static let productName = "@(#) SPSS DATA FILE Draagvlak"
    static let bias = 100.0
    static let systemMissing = -Double.greatestFiniteMagnitude
    static let caseCountOffset: UInt64 = 80
    static let reservedWords: Set<String> = ["ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"]

    package init(url: URL, columns: [SAVColumn], fileLabel: String = "") throws {
        let dictionary = try SAVDictionary(columns: columns, fileLabel: fileLabel, date: Date())
        path = url.path
        slots = dictionary.slots
        columnNames = columns.map(\.name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: url.path)
        else {
            throw SAVWriterError(message: "\(url.path): cannot create the file")
        }
        self.handle = handle
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.bufferCapacity)
        do {
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(dictionary.bytes))
        } catch {
            try? handle.close()
            closed = true
            throw SAVWriterError(message: "\(url.path): cannot write the dictionary: \(error)")
        }
    }

    deinit {
        if !closed {
            try? handle.close()
        }
        buffer.deallocate()
    }

    /// Writes one case, one cell per column: a number or `.missing` for a numeric column, a text or `.missing` for a text column.
    package func append(_ cells: [SAVCell]) throws {
        guard !finished else {
            throw SAVWriterError(message: "\(path): a case appended after finish()")
        }
        guard cells.count == slots.count else {
            throw SAVWriterError(message: "\(path): case \(caseCount + 1) has \(cells.count) cells for \(slots.count) columns")
        }
        for index in 0..<cells.count {
            switch cells[index] {
            case .number where slots[index].isText:
                throw SAVWriterError(message: "\(path): case \(caseCount + 1): a number for text column \(columnNames[index])")
            case .text where !slots[index].isText:
                throw SAVWriterError(message: "\(path): case \(caseCount + 1): a text for numeric column \(columnNames[index])")
            default:
                break
            }
        }
        for index in 0..<cells.count {
            let slot = slots[index]
            switch cells[index] {
            case .number(let value):
                try emitNumber(value)
            case .text(let value):
                try emitText(value, slot)
            case .missing:
                if slot.isText {
                    try emitBlank(slot)
                } else {
                    try emitCommand(255)
                }
            }
        }
        caseCount += 1
    }

    /// Flushes the cases, writes the case count into the header and closes the file. A second call does nothing.
    package func finish() throws {
        guard !finished else { return }
        finished = true
        try flush()
        let count = caseCount <= Int(Int32.max) ? Int32(caseCount) : -1
        var bytes = SAVBytes()
        bytes.int32(count)
        do {
            try handle.seek(toOffset: Self.caseCountOffset)
            try handle.write(contentsOf: Data(bytes.bytes))
            try handle.close()
            closed = true
        } catch {
            throw SAVWriterError(message: "\(path): cannot finish the file: \(error)")
        }
    }

    private func emitNumber(_ value: Double) throws {
        if value.isNaN || value == Self.systemMissing {
            try emitCommand(255)
        } else if value >= -99, value <= 151, value.rounded(.towardZero) == value {
            try emitCommand(UInt8(Int(value) + 100))
        } else {
            try emitCommand(253)
            UnsafeMutableRawPointer(buffer + bufferCount).storeBytes(of: value.bitPattern.littleEndian, as: UInt64.self)
            bufferCount += 8
        }
    }

    private func emitText(_ value: String, _ slot: SAVSlot) throws {
        var value = value
        if value.utf8.count > slot.width {
            value = String(decoding: SAVDictionary.utf8Prefix(value, maxBytes: slot.width), as: UTF8.self)
        }
        try value.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                try emitBlank(slot)
                return
            }
            var offset = 0
            for segment in 0..<slot.segmentCount {
                let isLast = segment == slot.segmentCount - 1
                let left = bytes.count - offset
                let length = isLast ? left : min(SAVSlot.segmentDataBytes, left)
                try emitChunks(base + offset, length: length, units: isLast ? slot.lastSegmentUnits : SAVSlot.fullSegmentUnits)
                offset += length
            }
        }
    }

    private func emitBlank(_ slot: SAVSlot) throws {
        for _ in 0..<slot.units {
            try emitCommand(254)
        }
    }

    /// Writes `units` 8-byte pieces of a segment whose first `length` bytes are `bytes`, the rest spaces.
    private func emitChunks(_ bytes: UnsafePointer<UInt8>, length: Int, units: Int) throws {
        for unit in 0..<units {
            let start = unit * 8
            let count = min(8, length - start)
            guard count > 0 else {
                try emitCommand(254)
                continue
            }
            var blank = true
            for index in start..<(start + count) where bytes[index] != 0x20 {
                blank = false
                break
            }
            if blank {
                try emitCommand(254)
                continue
            }
            try emitCommand(253)
            let target = buffer + bufferCount
            target.update(from: bytes + start, count: count)
            if count < 8 {
                (target + count).update(repeating: 0x20, count: 8 - count)
            }
            bufferCount += 8
        }
    }

    /// Puts a command byte in the open block, opening a new one (and flushing the buffer if it is nearly full) when needed.
    /// A block with its at most 64 bytes of data always fits the buffer whole, so a flush never splits one.
    @inline(__always)
    private func emitCommand(_ code: UInt8) throws {
        if commandsUsed == 8 {
            if bufferCount + 72 > Self.bufferCapacity {
                try flush()
            }
            commandPosition = bufferCount
            (buffer + bufferCount).update(repeating: 0, count: 8)
            bufferCount += 8
            commandsUsed = 0
        }
        buffer[commandPosition + commandsUsed] = code
        commandsUsed += 1
    }

    private func flush() throws {
        guard bufferCount > 0 else { return }
        do {
            try handle.write(contentsOf: Data(bytesNoCopy: buffer, count: bufferCount, deallocator: .none))
        } catch {
            throw SAVWriterError(message: "\(path): cannot write: \(error)")
        }
        bufferCount = 0
    }
}

/// Where a column's values go in a case: 8 bytes for a number, or a text's segments of 8-byte units.
///
/// A text of at most 255 bytes has one segment; a very long text has ceil(width / 252) segments, each but the last
/// 255 bytes wide (256 bytes, 32 units) and holding 255 bytes of the text, the last one `width - (n - 1) * 252` wide.
struct SAVSlot {
    static let fullSegmentUnits = 32
    static let segmentDataBytes = 255

    var isText: Bool
    var width: Int
    var segmentCount: Int
    var lastSegmentUnits: Int
    /// The number of 8-byte units of a case the column takes.
    var units: Int

    /// The widths of the segments, as their variable records give them.
    var segmentWidths: [Int] {
        guard isText else { return [0] }
        return Array(repeating: 255, count: segmentCount - 1) + [width - (segmentCount - 1) * 252]
    }

    init(numeric: ()) {
        isText = false
        width = 0
        segmentCount = 1
        lastSegmentUnits = 1
        units = 1
    }

    init(textWidth: Int) {
        isText = true
        width = textWidth
        segmentCount = textWidth <= 255 ? 1 : (textWidth + 251) / 252
        let lastWidth = textWidth <= 255 ? textWidth : textWidth - (segmentCount - 1) * 252
        lastSegmentUnits = (lastWidth + 7) / 8
        units = (segmentCount - 1) * Self.fullSegmentUnits + lastSegmentUnits
    }
}

/// Little-endian bytes of the header and dictionary, built up record by record.
struct SAVBytes {
    var bytes: [UInt8] = []

    mutating func int32(_ value: Int32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func int32(_ value: Int) {
        int32(Int32(truncatingIfNeeded: value))
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
    }

    mutating func padded(_ data: [UInt8], to length: Int, with pad: UInt8 = 0x20) {
        bytes.append(contentsOf: data.prefix(length))
        if data.count < length {
            bytes.append(contentsOf: repeatElement(pad, count: length - data.count))
        }
    }

    /// A record 7 header and its data of `count` elements of `size` bytes.
    mutating func extensionHeader(subtype: Int, size: Int, count: Int) {
        int32(7)
        int32(subtype)
        int32(size)
        int32(count)
    }
}

/// The header and dictionary of a system file for a list of columns: checked names, short names, the layout of a case.
struct SAVDictionary {
    var bytes: [UInt8]
    var slots: [SAVSlot]

    static let maxLabelBytes = 255
    static let maxValueLabelBytes = 120
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    init(columns: [SAVColumn], fileLabel: String, date: Date) throws {
        guard !columns.isEmpty else {
            throw SAVWriterError(message: "an SPSS file needs at least one column")
        }
        try Self.checkNames(columns.map(\.name))
        slots = try columns.map { column in
            switch column.kind {
            case .numeric:
                guard column.missingValues.count <= 3 else {
                    throw SAVWriterError(message: "column \(column.name): \(column.missingValues.count) missing values, SPSS allows 3")
                }
                return SAVSlot(numeric: ())
            case .text(let width, _):
                guard (1...32767).contains(width) else {
                    throw SAVWriterError(message: "column \(column.name): text width \(width) is not within 1…32767")
                }
                return SAVSlot(textWidth: width)
            }
        }
        let names = Self.shortNames(columns.map(\.name), slots: slots)
        var out = SAVBytes()
        Self.writeHeader(&out, caseSize: slots.reduce(0) { $0 + $1.units }, fileLabel: fileLabel, date: date)

        var indexes: [Int] = []
        var next = 1
        for (index, column) in columns.enumerated() {
            indexes.append(next)
            next += slots[index].units
            Self.writeVariable(&out, column: column, slot: slots[index], names: names[index])
        }
        for (index, column) in columns.enumerated() {
            Self.writeValueLabels(&out, column: column, dictionaryIndex: indexes[index])
        }
        Self.writeInfo(&out)
        Self.writeDisplay(&out, columns: columns, slots: slots)
        Self.writeLongNames(&out, columns: columns, names: names)
        Self.writeVeryLongStrings(&out, slots: slots, names: names)
        let encoding = Array("UTF-8".utf8)
        out.extensionHeader(subtype: 20, size: 1, count: encoding.count)
        out.append(encoding)
        Self.writeLongStringLabels(&out, columns: columns)
        out.int32(999)
        out.int32(0)
        bytes = out.bytes
    }

    /// The longest prefix of `text` of at most `maxBytes` bytes of UTF-8 that does not split a character.
    static func utf8Prefix(_ text: String, maxBytes: Int) -> [UInt8] {
        if text.utf8.count <= maxBytes {
            return Array(text.utf8)
        }
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let next = text.index(after: index)
            let size = text.utf8.distance(from: index, to: next)
            guard used + size <= maxBytes else { break }
            used += size
            end = next
        }
        return Array(text[..<end].utf8)
    }

    static func checkNames(_ names: [String]) throws {
        var seen = Set<String>()
        for name in names {
            guard let first = name.first else {
                throw SAVWriterError(message: "an empty variable name")
            }
            guard name.utf8.count <= 64 else {
                throw SAVWriterError(message: "variable name \(name) is longer than 64 bytes")
            }
            guard first.isLetter || "@#$".contains(first) else {
                throw SAVWriterError(message: "variable name \(name) does not start with a letter, @, # or $")
            }
            for character in name where !(character.isLetter || ("0"..."9").contains(character) || "._$#@".contains(character)) {
                throw SAVWriterError(message: "variable name \(name) holds \"\(character)\"; SPSS allows letters, digits, . _ $ # @")
            }
            guard !SAVWriter.reservedWords.contains(name.uppercased()) else {
                throw SAVWriterError(message: "variable name \(name) is an SPSS reserved word")
            }
            guard seen.insert(name.lowercased()).inserted else {
                throw SAVWriterError(message: "variable name \(name) occurs twice (SPSS names ignore case)")
            }
        }
    }

    /// Unique upper-case short names of at most 8 bytes, one per segment of each column: the first letters and digits of
    /// the long name where that is free, `V0001`-style otherwise.
    static func shortNames(_ names: [String], slots: [SAVSlot]) -> [[String]] {
        var used = Set<String>()
        var counter = 0
        func fallback() -> String {
            while true {
                counter += 1
                let candidate = "V" + String(repeating: "0", count: max(0, 4 - String(counter).count)) + String(counter)
                if !used.contains(candidate) {
                    used.insert(candidate)
                    return candidate
                }
            }
        }
        var result: [[String]] = []
        for name in names {
            var letters: [UInt8] = []
            for byte in name.utf8 where letters.count < 8 {
                let upper = (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
                let isLetter = (0x41...0x5A).contains(upper)
                if isLetter || (!letters.isEmpty && ((0x30...0x39).contains(upper) || upper == UInt8(ascii: "_"))) {
                    letters.append(upper)
                }
            }
            let stem = String(decoding: letters, as: UTF8.self)
            if !stem.isEmpty, !SAVWriter.reservedWords.contains(stem), used.insert(stem).inserted {
                result.append([stem])
            } else {
                result.append([fallback()])
            }
        }
        for (index, slot) in slots.enumerated() where slot.segmentCount > 1 {
            let base = result[index][0]
            for segment in 1..<slot.segmentCount {
                let suffix = String(segment)
                let candidate = String(base.prefix(8 - suffix.count)) + suffix
                if !SAVWriter.reservedWords.contains(candidate), used.insert(candidate).inserted {
                    result[index].append(candidate)
                } else {
                    result[index].append(fallback())
                }
            }
        }
        return result
    }

    static func writeHeader(_ out: inout SAVBytes, caseSize: Int, fileLabel: String, date: Date) {
        out.append(Array("$FL2".utf8))
        out.padded(Array(SAVWriter.productName.utf8), to: 60)
        out.int32(2)
        out.int32(caseSize)
        out.int32(1)
        out.int32(0)
        out.int32(-1)
        out.double(SAVWriter.bias)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let value = (value ?? 0) % 100
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let month = months[((parts.month ?? 1) - 1) % 12]
        out.append(Array("\(two(parts.day)) \(month) \(two(parts.year))".utf8))
        out.append(Array("\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))".utf8))
        out.padded(utf8Prefix(fileLabel, maxBytes: 64), to: 64)
        out.padded([], to: 3, with: 0)
    }

    static func format(_ column: SAVColumn, segmentWidth: Int) -> Int32 {
        switch column.kind {
        case .numeric(let decimals, _):
            let decimals = min(max(decimals, 0), 16)
            return Int32(5 << 16 | max(8, decimals + 2) << 8 | decimals)
        case .text:
            return Int32(1 << 16 | segmentWidth << 8)
        }
    }

    static func writeVariable(_ out: inout SAVBytes, column: SAVColumn, slot: SAVSlot, names: [String]) {
        let label = column.label.map { utf8Prefix($0, maxBytes: maxLabelBytes) } ?? []
        let missing = slot.isText ? [] : column.missingValues
        for (segment, segmentWidth) in slot.segmentWidths.enumerated() {
            let code = format(column, segmentWidth: segmentWidth)
            let hasLabel = segment == 0 && !label.isEmpty
            out.int32(2)
            out.int32(slot.isText ? segmentWidth : 0)
            out.int32(hasLabel ? 1 : 0)
            out.int32(segment == 0 ? missing.count : 0)
            out.int32(code)
            out.int32(code)
            out.padded(Array(names[segment].utf8), to: 8)
            if hasLabel {
                out.int32(label.count)
                out.padded(label, to: (label.count + 3) / 4 * 4)
            }
            if segment == 0 {
                for value in missing {
                    out.double(value)
                }
            }
            for _ in 1..<max(1, (segmentWidth + 7) / 8) {
                out.int32(2)
                out.int32(-1)
                out.int32(0)
                out.int32(0)
                out.int32(0)
                out.int32(0)
                out.padded([], to: 8)
            }
        }
    }

    /// Records 3 and 4 for a numeric column or a text column of at most 8 bytes with value labels.
    static func writeValueLabels(_ out: inout SAVBytes, column: SAVColumn, dictionaryIndex: Int) {
        var entries: [(value: [UInt8], label: [UInt8])] = []
        switch column.kind {
        case .numeric(_, let labels):
            var seen = Set<UInt64>()
            for item in labels where seen.insert(item.value.bitPattern).inserted {
                var value = SAVBytes()
                value.double(item.value)
                entries.append((value.bytes, utf8Prefix(item.label, maxBytes: maxValueLabelBytes)))
            }
        case .text(let width, let labels):
            guard width <= 8 else { return }
            var seen = Set<[UInt8]>()
            for item in labels {
                var value = SAVBytes()
                value.padded(utf8Prefix(item.value, maxBytes: width), to: 8)
                if seen.insert(value.bytes).inserted {
                    entries.append((value.bytes, utf8Prefix(item.label, maxBytes: maxValueLabelBytes)))
                }
            }
        }
        guard !entries.isEmpty else { return }
        out.int32(3)
        out.int32(entries.count)
        for entry in entries {
            out.append(entry.value)
            out.append([UInt8(entry.label.count)])
            out.padded(entry.label, to: (entry.label.count + 8) / 8 * 8 - 1)
        }
        out.int32(4)
        out.int32(1)
        out.int32(dictionaryIndex)
    }

    /// Records 7.3 (machine integers) and 7.4 (machine floating point).
    static func writeInfo(_ out: inout SAVBytes) {
        out.extensionHeader(subtype: 3, size: 4, count: 8)
        for value: Int32 in [20, 0, 0, -1, 1, 1, 2, 65001] {
            out.int32(value)
        }
        out.extensionHeader(subtype: 4, size: 8, count: 3)
        out.double(SAVWriter.systemMissing)
        out.double(Double.greatestFiniteMagnitude)
        out.double((-Double.greatestFiniteMagnitude).nextUp)
    }

    /// Record 7.11: measure, display width and alignment, one entry per segment.
    static func writeDisplay(_ out: inout SAVBytes, columns: [SAVColumn], slots: [SAVSlot]) {
        out.extensionHeader(subtype: 11, size: 4, count: 3 * slots.reduce(0) { $0 + $1.segmentCount })
        for (column, slot) in zip(columns, slots) {
            let measure: Int32 =
                switch column.measure {
                case .nominal: 1
                case .ordinal: 2
                case .scale: slot.isText ? 1 : 3
                }
            let width: Int32 = slot.isText ? Int32(min(slot.width, 40)) : (format(column, segmentWidth: 0) >> 8) & 0xFF
            for _ in 0..<slot.segmentCount {
                out.int32(measure)
                out.int32(width)
                out.int32(slot.isText ? 0 : 1)
            }
        }
    }

    /// Record 7.13: `SHORT=Long name` for every column, separated by tabs.
    static func writeLongNames(_ out: inout SAVBytes, columns: [SAVColumn], names: [[String]]) {
        var text: [UInt8] = []
        for (index, column) in columns.enumerated() {
            if index > 0 {
                text.append(0x09)
            }
            text.append(contentsOf: Array("\(names[index][0])=\(column.name)".utf8))
        }
        out.extensionHeader(subtype: 13, size: 1, count: text.count)
        out.append(text)
    }

    /// Record 7.14: `SHORT=00300` NUL TAB for every text column wider than 255 bytes.
    static func writeVeryLongStrings(_ out: inout SAVBytes, slots: [SAVSlot], names: [[String]]) {
        var text: [UInt8] = []
        for (index, slot) in slots.enumerated() where slot.isText && slot.width > 255 {
            let digits = String(slot.width)
            text.append(contentsOf: Array("\(names[index][0])=\(String(repeating: "0", count: 5 - digits.count))\(digits)".utf8))
            text.append(contentsOf: [0x00, 0x09])
        }
        guard !text.isEmpty else { return }
        out.extensionHeader(subtype: 14, size: 1, count: text.count)
        out.append(text)
    }

    /// Record 7.21: value labels of text columns wider than 8 bytes, by long name; values padded to the column's width.
    static func writeLongStringLabels(_ out: inout SAVBytes, columns: [SAVColumn]) {
        var body = SAVBytes()
        for column in columns {
            guard case .text(let width, let labels) = column.kind, width > 8, !labels.isEmpty else { continue }
            var seen = Set<[UInt8]>()
            var entries: [(value: [UInt8], label: [UInt8])] = []
            for item in labels {
                var value = SAVBytes()
                value.padded(utf8Prefix(item.value, maxBytes: width), to: width)
                if seen.insert(value.bytes).inserted {
                    entries.append((value.bytes, utf8Prefix(item.label, maxBytes: maxValueLabelBytes)))
                }
            }
            let name = Array(column.name.utf8)
            body.int32(name.count)
            body.append(name)
            body.int32(width)
            body.int32(entries.count)
            for entry in entries {
                body.int32(entry.value.count)
                body.append(entry.value)
                body.int32(entry.label.count)
                body.append(entry.label)
            }
        }
        guard !body.bytes.isEmpty else { return }
        out.extensionHeader(subtype: 21, size: 1, count: body.bytes.count)
        out.append(body.bytes)
    }
}
