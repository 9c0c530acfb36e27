import DraagvlakCore
import Foundation
import SystemZlib

// A streaming reader of SPSS system files (.sav, .zsav), written from the file format as GNU PSPP
// documents it ("System File Format" in the PSPP developers' guide). The dictionary is read whole at
// init; cases are decoded one at a time from a 1 MiB buffer, so memory stays flat however many cases
// the file holds. Every count and length in the file is checked against what is left of the file and
// against fixed caps before anything is allocated, because the files come from outside.

// MARK: - Values and the dictionary

/// One value of a case: a number, the system-missing value, or a string with its trailing spaces removed.
enum SAVValue: Hashable, Sendable {
    case number(Double)
    case text(String)
    case systemMissing
}

/// A variable's print format as SPSS stores it: the format type code (5 = F, 1 = A, 20 = DATE, 22 = DATETIME,
/// 23 = ADATE, …), the display width and the number of decimals. Importers need it to tell dates from numbers.
struct SAVFormat: Hashable, Sendable {
    var type: Int
    var width: Int
    var decimals: Int

    /// DATE, ADATE, EDATE, JDATE, SDATE, DATETIME, YMDHMS, MOYR, QYR, WKYR: numbers are seconds since
    /// 1582-10-14 00:00, the start of the Gregorian calendar.
    var isDate: Bool {
        switch type {
        case 20, 22, 23, 24, 28, 29, 30, 38, 39, 41: return true
        default: return false
        }
    }

    /// Formats that show a time: the durations TIME, DTIME and MTIME (numbers are seconds), and DATETIME and YMDHMS,
    /// which are dates as well (`isDate` and `isTime` both true: a timestamp).
    var isTime: Bool {
        switch type {
        case 21, 25, 40, 22, 41: return true
        default: return false
        }
    }
}

/// The user-missing values of a variable: up to three discrete values, or (numeric only) a range plus at most
/// one discrete value. Strings are kept without trailing spaces, as case values are.
struct SAVMissing: Hashable, Sendable {
    var values: [SAVValue] = []
    var range: ClosedRange<Double>?

    var isEmpty: Bool { values.isEmpty && range == nil }

    /// Whether `value` is user-missing. The system-missing value is not: the caller treats it on its own.
    func contains(_ value: SAVValue) -> Bool {
        switch value {
        case .systemMissing:
            return false
        case .number(let number):
            if let range, range.contains(number) { return true }
            return values.contains { $0 == .number(number) }
        case .text(let text):
            guard !values.isEmpty else { return false }
            var end = text.endIndex
            while end > text.startIndex, text[text.index(before: end)] == " " { end = text.index(before: end) }
            let trimmed = String(text[..<end])
            return values.contains { $0 == .text(trimmed) }
        }
    }
}

/// A variable's measurement level (record 7.11); `.unknown` when the file does not say.
enum SAVMeasure: Sendable {
    case nominal, ordinal, scale, unknown
}

/// One variable as the dictionary describes it, after merging the extension records: long names (7.13),
/// very long strings (7.14, segments merged into one variable), long-string value labels (7.21) and
/// long-string missing values (7.22).
struct SAVVariable: Sendable {
    /// The long name (record 7.13) or else the short name.
    var name: String
    var shortName: String
    var label: String?
    /// 0 for a number; else the string's width in bytes (for a very long string its full width).
    var width: Int
    var format: SAVFormat
    /// In file order.
    var valueLabels: [(value: SAVValue, label: String)]
    var missing: SAVMissing
    var measure: SAVMeasure

    var isNumeric: Bool { width == 0 }
}

// MARK: - The reader

/// Reads an SPSS system file's dictionary at init, then its cases one at a time.
///
/// Non-copyable because it owns the open file, its buffers and (for .zsav) a zlib stream; copies would share
/// and corrupt that state.
struct SAVReader: ~Copyable {
    /// How the file stores its cases: plain 8-byte slots, SPSS's bytecode, or bytecode in zlib blocks (.zsav).
    enum Compression: Sendable {
        case none, bytecode, zlib
    }

    let variables: [SAVVariable]
    /// nil when the header says -1 (unknown).
    let caseCount: Int?
    let compression: Compression
    let encodingName: String
    let fileLabel: String
    /// The "@(#) SPSS DATA FILE …" text of the header.
    let productName: String

    /// 1-based number of the case `next()` last returned.
    private(set) var caseNumber = 0
    /// Bytes of the file consumed so far (for progress).
    var bytesRead: Int64 { stream.bytesRead }

    private var stream: SAVStream
    private let columns: [SAVColumn]
    private let segments: [SAVSegment]
    private let decoder: SAVTextDecoder
    private let scratch: SAVMemory
    private let displayName: String
    private let bigEndian: Bool
    private let compressed: Bool
    private let bias: Double
    private let sysmis: Double
    /// The current bytecode command block and the index of its next code (8: a new block is needed).
    private var codes: UInt64 = 0
    private var codeIndex = 8
    private var ended = false

    init(url: URL, displayName: String) throws {
        let file = try SAVFile(url: url, displayName: displayName)
        var parser = SAVDictionaryParser(stream: SAVStream(file: file, displayName: displayName), displayName: displayName)
        let dictionary = try parser.parse()
        variables = dictionary.variables
        caseCount = dictionary.caseCount
        compression = dictionary.compression
        encodingName = dictionary.decoder.name
        fileLabel = dictionary.fileLabel
        productName = dictionary.productName
        columns = dictionary.columns
        segments = dictionary.segments
        decoder = dictionary.decoder
        bigEndian = dictionary.bigEndian
        compressed = dictionary.compression != .none
        bias = dictionary.bias
        sysmis = dictionary.sysmis
        self.displayName = displayName
        let widest = dictionary.columns.reduce(0) { max($0, $1.slots) }
        scratch = SAVMemory(capacity: max(8, widest * 8))
        stream = parser.stream
    }

    /// The next case, one value per entry of `variables`; nil at the end.
    ///
    /// A value that cannot be read (text not valid in the file's encoding, a bytecode of the wrong kind) throws only
    /// after the rest of its case is consumed, so the caller may report the case and go on with the next one. The
    /// end of the file inside a case throws, and ends the reading.
    mutating func next() throws -> [SAVValue]? {
        if ended { return nil }
        if let caseCount, caseNumber >= caseCount {
            ended = true
            return nil
        }
        // Until the case is read whole: any error but a bad value ends the reading.
        ended = true
        var values = [SAVValue]()
        values.reserveCapacity(columns.count)
        var first = true
        var problem: (column: Int, text: String)?
        let columns = self.columns
        for index in columns.indices {
            let column = columns[index]
            if column.width == 0 {
                let slot = try nextSlot()
                switch slot {
                case .number(let number):
                    values.append(.number(number))
                case .systemMissing:
                    values.append(.systemMissing)
                case .bytes(let raw):
                    let number = Double(bitPattern: bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw))
                    values.append(number == sysmis ? .systemMissing : .number(number))
                case .spaces:
                    problem = problem ?? (index, "the compressed data has eight spaces where a number belongs")
                    values.append(.systemMissing)
                case .end, .truncated:
                    return try finish(atStart: first, slot)
                }
                first = false
            } else {
                var filled = 0
                let base = scratch.base
                for segment in segments[column.firstSegment..<column.firstSegment + column.segmentCount] {
                    for slotIndex in 0..<segment.slots {
                        let slot = try nextSlot()
                        let offset = filled + slotIndex * 8
                        switch slot {
                        case .bytes(let raw):
                            base.storeBytes(of: raw, toByteOffset: offset, as: UInt64.self)
                        case .spaces:
                            base.storeBytes(of: SAVColumn.spaces, toByteOffset: offset, as: UInt64.self)
                        case .number(let number) where number == 0:
                            // A code equal to the bias in a string has been seen in files from the wild, standing for
                            // blanks at the end of the value.
                            base.storeBytes(of: SAVColumn.spaces, toByteOffset: offset, as: UInt64.self)
                        case .number, .systemMissing:
                            problem = problem ?? (index, "the compressed data has a number where text belongs")
                            base.storeBytes(of: SAVColumn.spaces, toByteOffset: offset, as: UInt64.self)
                        case .end, .truncated:
                            return try finish(atStart: first, slot)
                        }
                        first = false
                    }
                    filled += segment.usable
                }
                var length = min(filled, column.width)
                while length > 0 {
                    let byte = base.load(fromByteOffset: length - 1, as: UInt8.self)
                    guard byte == 0x20 || byte == 0 else { break }
                    length -= 1
                }
                if length == 0 {
                    values.append(.text(""))
                } else if let text = decoder.decode(UnsafeRawBufferPointer(start: base, count: length)) {
                    values.append(.text(text))
                } else if let text = Self.decodeCut(base, length, decoder) {
                    values.append(.text(text))
                } else {
                    problem = problem ?? (index, "the text is not valid \(decoder.name)")
                    values.append(.text(""))
                }
            }
        }
        caseNumber += 1
        ended = false
        if let problem {
            throw InputError("\(displayName): case \(caseNumber), variable \(variables[problem.column].name): \(problem.text)")
        }
        return values
    }

    /// A text SPSS cut at the variable's width inside a UTF-8 character: decoded without the
    /// one to three bytes of the cut character.
    private static func decodeCut(_ base: UnsafeMutableRawPointer, _ length: Int, _ decoder: SAVTextDecoder) -> String? {
        for cut in 1...3 where cut < length {
            if let text = decoder.decode(UnsafeRawBufferPointer(start: base, count: length - cut)) { return text }
        }
        return nil
    }

    /// One 8-byte slot of the case data: raw bytes, or what a bytecode stands for.
    @inline(__always)
    private mutating func nextSlot() throws -> SAVSlot {
        guard compressed else {
            if stream.end - stream.pos < 8, try !stream.refill(8) {
                return stream.end == stream.pos ? .end : .truncated
            }
            let raw = stream.base.loadUnaligned(fromByteOffset: stream.pos, as: UInt64.self)
            stream.pos += 8
            return .bytes(raw)
        }
        while true {
            if codeIndex == 8 {
                if stream.end - stream.pos < 8, try !stream.refill(8) {
                    return stream.end == stream.pos ? .end : .truncated
                }
                codes = UInt64(littleEndian: stream.base.loadUnaligned(fromByteOffset: stream.pos, as: UInt64.self))
                stream.pos += 8
                codeIndex = 0
            }
            let code = UInt8(truncatingIfNeeded: codes &>> UInt64(codeIndex &* 8))
            codeIndex &+= 1
            switch code {
            case 0:
                continue
            case 252:
                return .end
            case 253:
                if stream.end - stream.pos < 8, try !stream.refill(8) { return .truncated }
                let raw = stream.base.loadUnaligned(fromByteOffset: stream.pos, as: UInt64.self)
                stream.pos += 8
                return .bytes(raw)
            case 254:
                return .spaces
            case 255:
                return .systemMissing
            default:
                return .number(Double(code) - bias)
            }
        }
    }

    /// The end of the data: normal at a case boundary (unless the header promised more cases), an error inside a case.
    private func finish(atStart: Bool, _ slot: SAVSlot) throws -> [SAVValue]? {
        guard atStart, case .end = slot else {
            throw InputError("\(displayName): case \(caseNumber + 1): the file ends inside the case")
        }
        if let caseCount, caseNumber < caseCount {
            throw InputError("\(displayName): the header announces \(caseCount) cases, but the file ends after \(caseNumber)")
        }
        return nil
    }
}

/// What one 8-byte slot of case data holds.
private enum SAVSlot {
    /// Eight bytes as stored in the file (memory order).
    case bytes(UInt64)
    case number(Double)
    case systemMissing
    case spaces
    /// The data ended cleanly (end of file or bytecode 252).
    case end
    /// The file ended in the middle of a slot or before the raw data a bytecode announced.
    case truncated
}

/// How one variable's value is laid out in a case: numbers take one slot; strings take one or more segments
/// (very long strings several), each of a number of slots of which the first `usable` bytes hold text.
private struct SAVColumn {
    static let spaces: UInt64 = 0x2020_2020_2020_2020
    /// 0 for a number.
    var width: Int
    var firstSegment: Int
    var segmentCount: Int
    /// All slots of the value (for the scratch buffer's size).
    var slots: Int
}

/// One segment of a string variable: its slots, and how many of their bytes are text.
private struct SAVSegment {
    var slots: Int
    var usable: Int
}

// MARK: - Bytes

/// Raw memory owned by a class, so that the non-copyable reader can hand out its address without copying.
private final class SAVMemory {
    let base: UnsafeMutableRawPointer
    let capacity: Int

    init(capacity: Int) {
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        self.capacity = capacity
    }

    deinit { base.deallocate() }
}

/// The open file, read with read(2) straight into the reader's buffers; closed when the reader goes.
private final class SAVFile {
    let descriptor: Int32
    let size: Int64
    let displayName: String
    /// The offset the next read starts at.
    private(set) var offset: Int64 = 0

    init(url: URL, displayName: String) throws {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError("\(displayName): the file cannot be opened (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw InputError("\(displayName): not a regular file")
        }
        self.descriptor = descriptor
        size = Int64(info.st_size)
        self.displayName = displayName
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes into `target`; 0 at the end of the file.
    func readChunk(into target: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            let got = read(descriptor, target, count)
            if got >= 0 {
                offset += Int64(got)
                return got
            }
            guard errno == EINTR else {
                throw InputError("\(displayName): the file cannot be read (\(String(cString: strerror(errno))))")
            }
        }
    }

    func seek(to target: Int64) throws {
        guard target >= 0, target <= size, lseek(descriptor, off_t(target), SEEK_SET) == off_t(target) else {
            throw InputError("\(displayName): the file cannot be read at offset \(target)")
        }
        offset = target
    }
}

/// Inflates the zlib blocks of a .zsav file one after another, checking each against its entry in the zlib trailer.
/// The z_stream lives at a fixed address (zlib refuses a stream that has moved).
private final class SAVInflater {
    let file: SAVFile
    let blocks: [(uncompressed: Int, compressed: Int)]
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: SAVMemory
    private var block = 0
    private var active = false
    /// Compressed bytes of the current block not yet read from the file.
    private var compressedLeft = 0
    /// Bytes the current block has inflated to so far.
    private var produced = 0

    init(file: SAVFile, blocks: [(uncompressed: Int, compressed: Int)]) {
        self.file = file
        self.blocks = blocks
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = SAVMemory(capacity: 1 << 20)
    }

    deinit {
        if active { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compressed bytes read from the file but not inflated yet.
    var pendingInput: Int { active ? Int(stream.pointee.avail_in) : 0 }

    /// Up to `capacity` inflated bytes into `target`; 0 once every block is done.
    func inflate(into target: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        var total = 0
        while total < capacity, block < blocks.count {
            let expected = blocks[block]
            if !active {
                stream.pointee = z_stream()
                guard inflateInit_(stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    throw failure("zlib cannot be started")
                }
                active = true
                compressedLeft = expected.compressed
                produced = 0
            }
            if stream.pointee.avail_in == 0, compressedLeft > 0 {
                let got = try file.readChunk(into: input.base, count: min(input.capacity, compressedLeft))
                guard got > 0 else { throw failure("the file ends inside the block") }
                compressedLeft -= got
                stream.pointee.next_in = input.base.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = uInt(got)
            }
            let room = capacity - total
            let inputBefore = stream.pointee.avail_in
            stream.pointee.next_out = (target + total).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(clamping: room)
            let status = SystemZlib.inflate(stream, Z_NO_FLUSH)
            let made = room - Int(stream.pointee.avail_out)
            let progressed = made > 0 || stream.pointee.avail_in != inputBefore
            total += made
            produced += made
            guard produced <= expected.uncompressed else {
                throw failure("the block inflates to more than the \(expected.uncompressed) bytes the zlib trailer gives it")
            }
            switch status {
            case Z_STREAM_END:
                guard produced == expected.uncompressed else {
                    throw failure("the block inflates to \(produced) bytes, but the zlib trailer gives it \(expected.uncompressed)")
                }
                guard stream.pointee.avail_in == 0, compressedLeft == 0 else {
                    throw failure("the block has bytes after the end of its zlib data")
                }
                inflateEnd(stream)
                active = false
                block += 1
            case Z_OK, Z_BUF_ERROR:
                // Without progress, only more input from the file can help; none left means the data is cut short.
                if !progressed, stream.pointee.avail_out > 0, stream.pointee.avail_in > 0 || compressedLeft == 0 {
                    throw failure("the block's zlib data ends too soon")
                }
            default:
                throw failure("the block is not valid zlib data")
            }
        }
        return total
    }

    private func failure(_ text: String) -> InputError {
        InputError("\(file.displayName): compressed block \(block + 1) of \(blocks.count): \(text)")
    }
}

/// The file as a stream of bytes through one 1 MiB buffer: the file itself while the dictionary and plain or
/// bytecode data are read, the inflater's output for .zsav data. Also reads the dictionary's typed fields.
private struct SAVStream {
    let file: SAVFile
    let memory: SAVMemory
    let base: UnsafeMutableRawPointer
    let capacity: Int
    let displayName: String
    var pos = 0
    var end = 0
    var bigEndian = false
    var inflater: SAVInflater?

    init(file: SAVFile, displayName: String) {
        self.file = file
        memory = SAVMemory(capacity: 1 << 20)
        base = memory.base
        capacity = memory.capacity
        self.displayName = displayName
    }

    /// The file offset of the next unread byte (while reading the file itself).
    var offset: Int64 { file.offset - Int64(end - pos) }
    var remaining: Int64 { file.size - offset }
    var bytesRead: Int64 {
        if let inflater { return file.offset - Int64(inflater.pendingInput) }
        return offset
    }

    /// Makes at least `count` (≤ capacity) bytes available from `pos`; false when the data ends first.
    @inline(never)
    mutating func refill(_ count: Int) throws -> Bool {
        if pos > 0 {
            if end > pos { base.copyMemory(from: base + pos, byteCount: end - pos) }
            end -= pos
            pos = 0
        }
        while end < count {
            let got: Int
            if let inflater {
                got = try inflater.inflate(into: base + end, capacity: capacity - end)
            } else {
                got = try file.readChunk(into: base + end, count: capacity - end)
            }
            if got == 0 { return false }
            end += got
        }
        return true
    }

    mutating func seek(to target: Int64) throws {
        try file.seek(to: target)
        pos = 0
        end = 0
    }

    func error(_ text: String) -> InputError { InputError("\(displayName): \(text)") }

    mutating func need(_ count: Int, _ what: String) throws {
        if end - pos < count, try !refill(count) { throw error("the file ends inside \(what)") }
    }

    mutating func int32(_ what: String) throws -> Int32 {
        try need(4, what)
        let raw = base.loadUnaligned(fromByteOffset: pos, as: UInt32.self)
        pos += 4
        return Int32(bitPattern: bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw))
    }

    /// Eight bytes in memory order (a number to convert, or text).
    mutating func raw8(_ what: String) throws -> UInt64 {
        try need(8, what)
        let raw = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
        pos += 8
        return raw
    }

    mutating func int64(_ what: String) throws -> Int64 {
        let raw = try raw8(what)
        return Int64(bitPattern: bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw))
    }

    mutating func byte(_ what: String) throws -> UInt8 {
        try need(1, what)
        let value = base.load(fromByteOffset: pos, as: UInt8.self)
        pos += 1
        return value
    }

    mutating func bytes(_ count: Int, _ what: String) throws -> [UInt8] {
        guard count >= 0, Int64(count) <= remaining else { throw error("the file ends inside \(what)") }
        var result = [UInt8]()
        result.reserveCapacity(count)
        var left = count
        while left > 0 {
            if end == pos, try !refill(1) { throw error("the file ends inside \(what)") }
            let take = min(left, end - pos)
            result.append(contentsOf: UnsafeRawBufferPointer(start: base + pos, count: take))
            pos += take
            left -= take
        }
        return result
    }

    mutating func skip(_ count: Int64, _ what: String) throws {
        guard count >= 0, count <= remaining else { throw error("the file ends inside \(what)") }
        let buffered = Int64(end - pos)
        if count <= buffered {
            pos += Int(count)
        } else {
            try seek(to: file.offset + (count - buffered))
        }
    }
}

// MARK: - Text

/// Decodes the file's strings in its encoding: ASCII and UTF-8 directly, single-byte code pages through a table
/// built once from Foundation, other encodings through Foundation. Invalid bytes give nil, never replacement
/// characters.
private struct SAVTextDecoder {
    /// How bytes at or above 0x80 are decoded.
    enum Kind {
        case utf8
        case ascii
        /// The scalar of each byte 0x80…0xFF; 0 where the encoding leaves the byte undefined.
        case singleByte([UInt32])
        case foundation(String.Encoding)
    }

    let name: String
    let kind: Kind

    func decode(_ bytes: UnsafeRawBufferPointer) -> String? {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        let units = bytes.assumingMemoryBound(to: UInt8.self)
        if ascii { return String(decoding: units, as: UTF8.self) }
        switch kind {
        case .utf8:
            return String(validating: units, as: UTF8.self)
        case .ascii:
            return nil
        case .singleByte(let table):
            var valid = true
            let text = String(unsafeUninitializedCapacity: bytes.count * 3) { out in
                var count = 0
                for byte in bytes {
                    let scalar = byte < 0x80 ? UInt32(byte) : table[Int(byte) - 0x80]
                    if scalar == 0 && byte != 0 {
                        valid = false
                        return 0
                    }
                    if scalar < 0x80 {
                        out[count] = UInt8(scalar)
                        count += 1
                    } else if scalar < 0x800 {
                        out[count] = UInt8(0xC0 | (scalar >> 6))
                        out[count + 1] = UInt8(0x80 | (scalar & 0x3F))
                        count += 2
                    } else {
                        out[count] = UInt8(0xE0 | (scalar >> 12))
                        out[count + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                        out[count + 2] = UInt8(0x80 | (scalar & 0x3F))
                        count += 3
                    }
                }
                return count
            }
            return valid ? text : nil
        case .foundation(let encoding):
            return String(bytes: bytes, encoding: encoding)
        }
    }

    func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// The decoder for an encoding name as record 7.20 gives it (IANA or Windows spelling); nil when unknown or
    /// not supported by Foundation here.
    static func named(_ name: String) -> SAVTextDecoder? {
        let key = String(name.uppercased().unicodeScalars.filter { !"-_ .:".unicodeScalars.contains($0) })
        let kind: Kind?
        switch key {
        case "UTF8": kind = .utf8
        case "USASCII", "ASCII", "ANSIX341968", "US", "ISO646US": kind = .ascii
        case "LATIN1", "L1": kind = latin(1)
        case "LATIN2", "L2": kind = latin(2)
        case "LATIN5", "L5": kind = latin(9)
        case "LATIN9", "L9": kind = latin(15)
        case "SHIFTJIS", "SJIS", "MSKANJI", "WINDOWS31J", "CSSHIFTJIS": kind = codePage(932)
        case "GBK", "GB2312", "GB18030", "EUCCN": kind = codePage(54936)
        case "BIG5": kind = codePage(950)
        case "EUCKR": kind = codePage(51949)
        case "UHC": kind = codePage(949)
        case "EUCJP": kind = codePage(51932)
        case "KOI8R": kind = codePage(20866)
        case "KOI8U": kind = codePage(21866)
        case "MACINTOSH", "MACROMAN", "MAC": kind = codePage(10000)
        default:
            if key.hasPrefix("ISO8859"), let part = Int(key.dropFirst(7)) {
                kind = latin(part)
            } else if let prefix = ["WINDOWS", "CP", "IBM", "MS"].first(where: { key.hasPrefix($0) }),
                let number = Int(key.dropFirst(prefix.count))
            {
                kind = codePage(number)
            } else {
                kind = nil
            }
        }
        guard let kind else { return nil }
        return SAVTextDecoder(name: name, kind: kind)
    }

    /// The decoder for a Windows code page number, as record 7.3 gives it.
    static func codePage(number: Int) -> SAVTextDecoder? {
        guard let kind = codePage(number) else { return nil }
        let name: String
        switch number {
        case 2, 3: name = "windows-1252"  // "ASCII", but SPSS files with it hold Windows-1252.
        case 65001: name = "UTF-8"
        case 20127: name = "US-ASCII"
        case 874, 1250...1258: name = "windows-\(number)"
        case 28591...28606: name = "ISO-8859-\(number - 28590)"
        case 932: name = "windows-31j"
        case 54936: name = "GB18030"
        case 950: name = "Big5"
        case 51949: name = "EUC-KR"
        case 51932, 20932: name = "EUC-JP"
        case 20866: name = "KOI8-R"
        case 21866: name = "KOI8-U"
        case 10000: name = "macintosh"
        default: name = "CP\(number)"
        }
        return SAVTextDecoder(name: name, kind: kind)
    }

    private static func codePage(_ number: Int) -> Kind? {
        switch number {
        case 2, 3, 1252: return .singleByte(windows1252)
        case 65001: return .utf8
        case 20127: return .ascii
        case 1250: return singleByte(.windowsCP1250)
        case 1251: return singleByte(.windowsCP1251)
        case 1253: return singleByte(.windowsCP1253)
        case 1254: return singleByte(.windowsCP1254)
        case 1255...1258: return singleByte(core(0x0505 + UInt(number - 1255)))
        case 874: return singleByte(core(0x041D))
        case 437: return singleByte(core(0x0400))
        case 850: return singleByte(core(0x0410))
        case 852: return singleByte(core(0x0412))
        case 866: return singleByte(core(0x041B))
        case 20866: return singleByte(core(0x0A02))
        case 21866: return singleByte(core(0x0A08))
        case 10000: return singleByte(.macOSRoman)
        case 28591...28606: return latin(number - 28590)
        case 932: return multiByte(core(0x0420))
        case 936, 54936: return multiByte(core(0x0632))
        case 949: return multiByte(core(0x0422))
        case 950: return multiByte(core(0x0A03))
        case 51949: return multiByte(core(0x0940))
        case 51932, 20932: return multiByte(.japaneseEUC)
        default: return nil
        }
    }

    /// ISO-8859-`part`.
    private static func latin(_ part: Int) -> Kind? {
        if part == 1 { return .singleByte((0x80...0xFF).map { UInt32($0) }) }
        guard (2...16).contains(part), part != 12 else { return nil }
        return singleByte(core(0x0200 + UInt(part)))
    }

    /// A CoreFoundation encoding number as Foundation's `String.Encoding`.
    private static func core(_ number: UInt) -> String.Encoding { String.Encoding(rawValue: 0x8000_0000 | number) }

    private static func singleByte(_ encoding: String.Encoding) -> Kind? {
        guard String(bytes: [0x41], encoding: encoding) == "A" else { return nil }
        var table = [UInt32](repeating: 0, count: 128)
        for byte in 0x80...0xFF {
            guard let text = String(bytes: [UInt8(byte)], encoding: encoding) else { continue }
            let scalars = Array(text.unicodeScalars)
            if scalars.count == 1, scalars[0].value < 0x10000 { table[byte - 0x80] = scalars[0].value }
        }
        return .singleByte(table)
    }

    private static func multiByte(_ encoding: String.Encoding) -> Kind? {
        String(bytes: [0x41], encoding: encoding) == "A" ? .foundation(encoding) : nil
    }

    /// Windows-1252's 0x80…0xFF (0 for the five bytes it leaves undefined).
    private static let windows1252: [UInt32] =
        [
            0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
            0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
        ] + (0xA0...0xFF).map { UInt32($0) }
}

// MARK: - The dictionary

/// Limits on what a dictionary may declare, far above real files, so that a hostile file cannot make the
/// reader allocate or loop without bound.
private enum SAVLimits {
    static let variableRecords = 1_000_000
    static let labelBytes = 65_536
    static let valueLabelsPerSet = 1_000_000
    static let extensionBytes: Int64 = 64 << 20
    /// Value labels copied when a variable gets labels from more than one set.
    static let mergedValueLabels = 10_000_000
}

/// A variable record (type 2) as read, before the encoding is known and before very long strings are merged.
private struct SAVRawVariable {
    var record: Int
    var shortName: [UInt8]
    var width: Int
    var slots: Int
    var label: [UInt8]?
    var print: Int32
    var missingCount: Int32
    /// Missing values as stored (8 bytes each, memory order).
    var missing: [UInt64]
}

/// A value-label record (type 3) with the variables its type 4 record applies it to (indexes into the raw variables).
private struct SAVRawLabelSet {
    var values: [UInt64]
    var labels: [[UInt8]]
    var variables: [Int]
}

/// Everything the reader needs from the dictionary.
private struct SAVDictionary {
    var variables: [SAVVariable]
    var columns: [SAVColumn]
    var segments: [SAVSegment]
    var caseCount: Int?
    var compression: SAVReader.Compression
    var decoder: SAVTextDecoder
    var fileLabel: String
    var productName: String
    var bias: Double
    var sysmis: Double
    var bigEndian: Bool
}

/// Reads the header and the dictionary records up to record 999 (and, for .zsav, the zlib header and trailer),
/// then merges them into variables. Leaves `stream` at the first byte of the case data.
private struct SAVDictionaryParser {
    var stream: SAVStream
    let displayName: String
    var raw: [SAVRawVariable] = []
    var slotStarts: [Int: Int] = [:]
    var slotCount = 0
    var labelSets: [SAVRawLabelSet] = []
    var characterCode: Int?
    var floatingPoint: Int32 = 1
    var sysmis = -Double.greatestFiniteMagnitude
    var highest = Double.greatestFiniteMagnitude
    var lowest = -Double.greatestFiniteMagnitude.nextDown
    var display: [UInt8]?
    var longNames: [[UInt8]] = []
    var veryLongStrings: [[UInt8]] = []
    var encodingRecord: [UInt8]?
    var longLabels: [[UInt8]] = []
    var longMissing: [[UInt8]] = []

    init(stream: SAVStream, displayName: String) {
        self.stream = stream
        self.displayName = displayName
    }

    func error(_ text: String) -> InputError { InputError("\(displayName): \(text)") }

    mutating func parse() throws -> SAVDictionary {
        // The header: 176 bytes.
        guard stream.file.size >= 176, try stream.refill(176) else {
            throw error("the file is too short to be an SPSS system file")
        }
        let header = UnsafeRawBufferPointer(start: stream.base, count: 176)
        let magic = Array(header[0..<4])
        guard magic == Array("$FL2".utf8) || magic == Array("$FL3".utf8) else {
            throw error("not an SPSS system file (it does not start with $FL2 or $FL3)")
        }
        let layout = header.loadUnaligned(fromByteOffset: 64, as: UInt32.self)
        if [2, 3].contains(UInt32(littleEndian: layout)) {
            stream.bigEndian = false
        } else if [2, 3].contains(UInt32(bigEndian: layout)) {
            stream.bigEndian = true
        } else {
            throw error("not an SPSS system file (its layout code is neither 2 nor 3 in either byte order)")
        }
        let productBytes = Array(header[4..<64])
        let labelBytes = Array(header[109..<173])
        stream.pos = 68
        _ = try stream.int32("the header")  // nominal case size; recomputed from the variable records
        let compressionCode = try stream.int32("the header")
        _ = try stream.int32("the header")  // weight index
        let cases = try stream.int32("the header")
        let bias = number(try stream.raw8("the header"))
        stream.pos = 176
        let compression: SAVReader.Compression
        switch (magic[3], compressionCode) {
        case (UInt8(ascii: "2"), 0): compression = .none
        case (UInt8(ascii: "2"), 1): compression = .bytecode
        case (UInt8(ascii: "3"), 2): compression = .zlib
        default:
            throw error("the header gives compression code \(compressionCode), which this kind of system file does not use")
        }

        try readRecords()

        let decoder = try textDecoder()
        guard floatingPoint == 1 else {
            throw error("the file stores numbers in a non-IEEE floating-point format (code \(floatingPoint)), which is not supported")
        }
        var dictionary = try merge(decoder: decoder)
        dictionary.caseCount = cases >= 0 ? Int(cases) : nil
        dictionary.compression = compression
        dictionary.bias = bias
        dictionary.bigEndian = stream.bigEndian
        dictionary.productName = lenient(productBytes, decoder)
        guard let fileLabel = decode(labelBytes, decoder) else {
            throw error("the file label is not valid \(decoder.name)")
        }
        dictionary.fileLabel = fileLabel
        if compression == .zlib { try readZlibTrailer(bias: bias) }
        return dictionary
    }

    // MARK: Records

    mutating func readRecords() throws {
        var extensionBytes: Int64 = 0
        var pendingContinuations = 0
        var variablesDone = false
        var records = 0
        while true {
            let type = try stream.int32("the dictionary")
            if type != 2, !variablesDone {
                if pendingContinuations > 0, let last = raw.last {
                    throw error("\(subject(last.shortName, last.record)): the string of width \(last.width) lacks continuation records")
                }
                variablesDone = true
            }
            switch type {
            case 2:
                guard !variablesDone else { throw error("a variable record comes after other dictionary records") }
                records += 1
                guard records <= SAVLimits.variableRecords else {
                    throw error("the dictionary has more than \(SAVLimits.variableRecords) variable records")
                }
                try readVariable(record: records, pendingContinuations: &pendingContinuations)
            case 3:
                try readValueLabels()
            case 4:
                throw error("a variable-index record (type 4) has no value-label record before it")
            case 6:
                let lines = try stream.int32("the document record")
                guard lines >= 0 else { throw error("the document record has \(lines) lines") }
                try stream.skip(Int64(lines) * 80, "the document record")
            case 7:
                let subtype = try stream.int32("an extension record")
                let size = try stream.int32("an extension record")
                let count = try stream.int32("an extension record")
                guard size >= 0, count >= 0 else {
                    throw error("extension record 7.\(subtype) has size \(size) and count \(count)")
                }
                let total = Int64(size) * Int64(count)
                extensionBytes += total
                guard extensionBytes <= SAVLimits.extensionBytes else {
                    throw error("the extension records take more than \(SAVLimits.extensionBytes >> 20) MiB")
                }
                guard total <= stream.remaining else { throw error("the file ends inside extension record 7.\(subtype)") }
                try readExtension(subtype: subtype, size: Int(size), count: Int(count), total: Int(total))
            case 999:
                _ = try stream.int32("the dictionary termination record")
                return
            default:
                throw error("the dictionary has a record of unknown type \(type) at offset \(stream.offset - 4)")
            }
        }
    }

    mutating func readVariable(record: Int, pendingContinuations: inout Int) throws {
        let what = "variable record \(record)"
        let width = try stream.int32(what)
        let hasLabel = try stream.int32(what)
        let missingCount = try stream.int32(what)
        let print = try stream.int32(what)
        _ = try stream.int32(what)  // write format
        let name = try stream.bytes(8, what)
        var label: [UInt8]?
        switch hasLabel {
        case 0:
            break
        case 1:
            let length = try stream.int32(what)
            guard length >= 0, length <= SAVLimits.labelBytes else {
                throw error("\(subject(name, record)): the variable label is \(length) bytes long; at most \(SAVLimits.labelBytes)")
            }
            label = try stream.bytes(Int(length), what)
            try stream.skip(Int64((4 - Int(length) % 4) % 4), what)
        default:
            throw error("variable record \(record): the label flag is \(hasLabel), not 0 or 1")
        }
        guard [-3, -2, 0, 1, 2, 3].contains(missingCount) else {
            throw error("\(subject(name, record)): the missing-value record has \(missingCount) values; at most 3")
        }
        var missing: [UInt64] = []
        for _ in 0..<abs(Int(missingCount)) { missing.append(try stream.raw8(what)) }

        if width == -1 {
            guard pendingContinuations > 0, !raw.isEmpty else {
                throw error("variable record \(record) continues a string, but no string variable needs it")
            }
            pendingContinuations -= 1
            raw[raw.count - 1].slots += 1
            slotCount += 1
            return
        }
        guard (0...255).contains(width) else {
            throw error("\(subject(name, record)): the width \(width) is not between 0 and 255")
        }
        if pendingContinuations > 0, let last = raw.last {
            throw error("\(subject(last.shortName, last.record)): the string of width \(last.width) lacks continuation records")
        }
        guard width == 0 || missingCount >= 0 else {
            throw error("\(subject(name, record)): a string variable cannot have a missing-value range")
        }
        var short = name
        while let last = short.last, last == 0x20 || last == 0 { short.removeLast() }
        guard !short.isEmpty else { throw error("variable record \(record) has an empty name") }
        slotStarts[slotCount] = raw.count
        raw.append(
            SAVRawVariable(
                record: record, shortName: short, width: Int(width), slots: 1, label: label, print: print,
                missingCount: missingCount, missing: missing))
        slotCount += 1
        pendingContinuations = width == 0 ? 0 : (Int(width) + 7) / 8 - 1
    }

    mutating func readValueLabels() throws {
        let what = "a value-label record"
        let count = try stream.int32(what)
        guard count >= 0, count <= SAVLimits.valueLabelsPerSet else {
            throw error("a value-label record has \(count) labels; at most \(SAVLimits.valueLabelsPerSet)")
        }
        guard Int64(count) * 16 <= stream.remaining else { throw error("the file ends inside \(what)") }
        var values: [UInt64] = []
        var labels: [[UInt8]] = []
        values.reserveCapacity(Int(count))
        labels.reserveCapacity(Int(count))
        for _ in 0..<count {
            values.append(try stream.raw8(what))
            let length = Int(try stream.byte(what))
            labels.append(try stream.bytes(length, what))
            try stream.skip(Int64((8 - (length + 1) % 8) % 8), what)
        }
        guard try stream.int32(what) == 4 else {
            throw error("a value-label record is not followed by its variable-index record (type 4)")
        }
        let variableCount = try stream.int32("a variable-index record")
        guard variableCount >= 1, variableCount <= raw.count else {
            throw error("a variable-index record lists \(variableCount) variables; the dictionary has \(raw.count)")
        }
        var variables: [Int] = []
        variables.reserveCapacity(Int(variableCount))
        for _ in 0..<variableCount {
            let index = try stream.int32("a variable-index record")
            guard index >= 1, index <= slotCount, let variable = slotStarts[Int(index) - 1] else {
                throw error("a variable-index record refers to position \(index), where no variable starts")
            }
            variables.append(variable)
        }
        labelSets.append(SAVRawLabelSet(values: values, labels: labels, variables: variables))
    }

    mutating func readExtension(subtype: Int32, size: Int, count: Int, total: Int) throws {
        let what = "extension record 7.\(subtype)"
        switch subtype {
        case 3 where size == 4 && count == 8:
            var fields: [Int32] = []
            for _ in 0..<8 { fields.append(try stream.int32(what)) }
            floatingPoint = fields[4]
            characterCode = Int(fields[7])
        case 4 where size == 8 && count == 3:
            sysmis = number(try stream.raw8(what))
            highest = number(try stream.raw8(what))
            lowest = number(try stream.raw8(what))
        case 11 where size == 4:
            display = try stream.bytes(total, what)
        case 13 where size == 1:
            longNames.append(try stream.bytes(total, what))
        case 14 where size == 1:
            veryLongStrings.append(try stream.bytes(total, what))
        case 20 where size == 1:
            encodingRecord = try stream.bytes(total, what)
        case 21 where size == 1:
            longLabels.append(try stream.bytes(total, what))
        case 22 where size == 1:
            longMissing.append(try stream.bytes(total, what))
        default:
            try stream.skip(Int64(total), what)
        }
    }

    /// The zlib header right after the dictionary and the trailer at the end of the file; leaves the stream at the
    /// first compressed block with an inflater for the blocks.
    mutating func readZlibTrailer(bias: Double) throws {
        let here = stream.offset
        let headerOffset = try stream.int64("the zlib header")
        let trailerOffset = try stream.int64("the zlib header")
        let trailerLength = try stream.int64("the zlib header")
        guard headerOffset == here else {
            throw error("the zlib header gives its offset as \(headerOffset), but it is at \(here)")
        }
        let size = stream.file.size
        guard trailerLength >= 24, trailerLength <= size, trailerOffset >= here + 24, trailerOffset == size - trailerLength else {
            throw error("the zlib trailer (offset \(trailerOffset), \(trailerLength) bytes) does not end where the file does")
        }
        try stream.seek(to: trailerOffset)
        let what = "the zlib trailer"
        let trailerBias = try stream.int64(what)
        let zero = try stream.int64(what)
        let blockSize = try stream.int32(what)
        let blockCount = try stream.int32(what)
        guard Double(trailerBias) == -bias else {
            throw error("the zlib trailer gives the bias as \(-trailerBias), but the header as \(bias)")
        }
        guard zero == 0, blockSize > 0 else { throw error("the zlib trailer is damaged (block size \(blockSize))") }
        guard blockCount >= 0, Int64(blockCount) * 24 + 24 == trailerLength else {
            throw error("the zlib trailer lists \(blockCount) blocks in \(trailerLength) bytes")
        }
        var blocks: [(uncompressed: Int, compressed: Int)] = []
        blocks.reserveCapacity(Int(blockCount))
        var expectedUncompressed = headerOffset
        var expectedCompressed = headerOffset + 24
        for index in 0..<Int(blockCount) {
            let number = index + 1
            let uncompressedOffset = try stream.int64(what)
            let compressedOffset = try stream.int64(what)
            let uncompressedSize = try stream.int32(what)
            let compressedSize = try stream.int32(what)
            guard uncompressedOffset == expectedUncompressed, compressedOffset == expectedCompressed else {
                throw error("compressed block \(number): its offsets in the zlib trailer do not follow on the block before")
            }
            guard uncompressedSize >= 0, uncompressedSize <= blockSize else {
                throw error("compressed block \(number) inflates to \(uncompressedSize) bytes, more than the block size \(blockSize)")
            }
            guard compressedSize > 0, compressedOffset + Int64(compressedSize) <= trailerOffset else {
                throw error("compressed block \(number) (\(compressedSize) bytes) does not fit before the zlib trailer")
            }
            expectedUncompressed += Int64(uncompressedSize)
            expectedCompressed += Int64(compressedSize)
            blocks.append((Int(uncompressedSize), Int(compressedSize)))
        }
        guard expectedCompressed == trailerOffset else {
            throw error("the compressed blocks end at offset \(expectedCompressed), but the zlib trailer starts at \(trailerOffset)")
        }
        try stream.seek(to: headerOffset + 24)
        stream.inflater = SAVInflater(file: stream.file, blocks: blocks)
    }

    // MARK: Merging

    func textDecoder() throws -> SAVTextDecoder {
        if let encodingRecord {
            let name = String(decoding: encodingRecord.filter { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard let decoder = SAVTextDecoder.named(name) else {
                throw error("the file's encoding '\(name)' is not supported")
            }
            return decoder
        }
        if let characterCode {
            guard let decoder = SAVTextDecoder.codePage(number: characterCode) else {
                throw error("the file's character code \(characterCode) is not a supported encoding")
            }
            return decoder
        }
        return SAVTextDecoder.codePage(number: 1252) ?? SAVTextDecoder(name: "windows-1252", kind: .ascii)
    }

    mutating func merge(decoder: SAVTextDecoder) throws -> SAVDictionary {
        guard !raw.isEmpty else { throw error("the dictionary defines no variables") }
        var shortIndex: [[UInt8]: Int] = [:]
        for (index, variable) in raw.enumerated() where shortIndex[upper(variable.shortName)] == nil {
            shortIndex[upper(variable.shortName)] = index
        }

        // Very long strings: the head variable takes the width; the segments after it disappear.
        var absorbed = [Bool](repeating: false, count: raw.count)
        var veryLongWidth: [Int: Int] = [:]
        for record in veryLongStrings {
            for (key, value) in try pairs(record, "the very long string record") {
                guard let head = shortIndex[upper(key)] else {
                    throw error("the very long string record names variable \(text(key)), which the dictionary lacks")
                }
                let name = text(raw[head].shortName)
                let digits = value.filter { $0 != 0x20 }
                guard digits.count <= 9, !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }),
                    let width = Int(String(decoding: digits, as: UTF8.self)), (256...32767).contains(width)
                else {
                    throw error("variable \(name): the very long string record gives the width '\(text(value))'")
                }
                guard !absorbed[head], veryLongWidth[head] == nil else {
                    throw error("variable \(name) appears twice in the very long string record")
                }
                let count = (width + 251) / 252
                guard head + count <= raw.count else {
                    throw error("variable \(name): a very long string of width \(width) needs \(count) segments; the dictionary ends first")
                }
                for segment in 0..<count {
                    let variable = raw[head + segment]
                    let expected = segment < count - 1 ? 255 : width - (count - 1) * 252
                    // The last segment may be a little wider than needed, but not by another 8-byte slot.
                    let fits =
                        segment < count - 1
                        ? variable.width == 255 : variable.width > 0 && (variable.width + 7) / 8 == (expected + 7) / 8
                    guard fits else {
                        throw error(
                            "variable \(name): segment \(segment + 1) of the very long string has width \(variable.width), not \(expected)")
                    }
                    if segment > 0 {
                        guard !absorbed[head + segment], veryLongWidth[head + segment] == nil else {
                            throw error("variable \(name): its very long string overlaps another")
                        }
                        absorbed[head + segment] = true
                    }
                }
                veryLongWidth[head] = width
            }
        }

        var variables: [SAVVariable] = []
        var columns: [SAVColumn] = []
        var segments: [SAVSegment] = []
        var heads: [Int] = []
        var merged = [Int](repeating: -1, count: raw.count)
        for (index, variable) in raw.enumerated() where !absorbed[index] {
            guard let shortName = decodeCut(variable.shortName, decoder) else {
                throw error("variable record \(variable.record): the name is not valid \(decoder.name)")
            }
            var label: String?
            if let bytes = variable.label {
                guard let text = decodeCut(bytes, decoder) else {
                    throw error("variable \(shortName): the variable label is not valid \(decoder.name)")
                }
                label = text.isEmpty ? nil : text
            }
            let format = SAVFormat(
                type: Int((variable.print >> 16) & 0xFF), width: Int((variable.print >> 8) & 0xFF),
                decimals: Int(variable.print & 0xFF))
            var output = SAVVariable(
                name: shortName, shortName: shortName, label: label, width: variable.width, format: format, valueLabels: [],
                missing: try missingValues(variable, name: shortName, decoder), measure: .unknown)
            let first = segments.count
            if let width = veryLongWidth[index] {
                let count = (width + 251) / 252
                var slots = 0
                for segment in 0..<count {
                    let part = raw[index + segment]
                    segments.append(SAVSegment(slots: part.slots, usable: segment < count - 1 ? 255 : part.width))
                    slots += part.slots
                }
                output.width = width
                output.format.width = width
                columns.append(SAVColumn(width: width, firstSegment: first, segmentCount: count, slots: slots))
            } else if variable.width > 0 {
                segments.append(SAVSegment(slots: variable.slots, usable: variable.width))
                columns.append(SAVColumn(width: variable.width, firstSegment: first, segmentCount: 1, slots: variable.slots))
            } else {
                columns.append(SAVColumn(width: 0, firstSegment: first, segmentCount: 0, slots: 1))
            }
            merged[index] = variables.count
            heads.append(index)
            variables.append(output)
        }

        for record in longNames {
            for (key, value) in try pairs(record, "the long variable names record") {
                guard let index = shortIndex[upper(key)], merged[index] >= 0 else { continue }
                guard let name = decode(value, decoder), !name.isEmpty else {
                    throw error("variable \(variables[merged[index]].shortName): the long name is empty or not valid \(decoder.name)")
                }
                variables[merged[index]].name = name
            }
        }
        var byName: [String: Int] = [:]
        for (index, variable) in variables.enumerated() {
            let key = variable.name.lowercased()
            guard byName[key] == nil else { throw error("two variables are named \(variable.name)") }
            byName[key] = index
        }

        try applyValueLabels(&variables, merged: merged, decoder)
        for record in longLabels { try applyLongStringLabels(record, &variables, byName: byName, decoder) }
        for record in longMissing { try applyLongStringMissing(record, &variables, byName: byName, decoder) }
        applyMeasures(&variables, heads: heads)

        return SAVDictionary(
            variables: variables, columns: columns, segments: segments, caseCount: nil, compression: .none, decoder: decoder,
            fileLabel: "", productName: "", bias: 100, sysmis: sysmis, bigEndian: stream.bigEndian)
    }

    func missingValues(_ variable: SAVRawVariable, name: String, _ decoder: SAVTextDecoder) throws -> SAVMissing {
        var missing = SAVMissing()
        if variable.width > 0 {
            for raw in variable.missing {
                let bytes = withUnsafeBytes(of: raw) { Array($0) }
                guard let text = decode(bytes, decoder) else {
                    throw error("variable \(name): a missing value is not valid \(decoder.name)")
                }
                missing.values.append(.text(text))
            }
            return missing
        }
        let numbers = variable.missing.map { number($0) }
        var discrete = numbers[...]
        if variable.missingCount < 0, numbers.count >= 2 {
            let low = numbers[0] == lowest ? -Double.infinity : numbers[0]
            let high = numbers[1] == highest ? Double.infinity : numbers[1]
            guard low <= high else { throw error("variable \(name): the missing-value range runs from \(low) to \(high)") }
            missing.range = low...high
            discrete = numbers[2...]
        }
        missing.values = discrete.map { .number($0) }
        return missing
    }

    func applyValueLabels(_ variables: inout [SAVVariable], merged: [Int], _ decoder: SAVTextDecoder) throws {
        var budget = SAVLimits.mergedValueLabels
        for set in labelSets {
            let first = raw[set.variables[0]]
            let numeric = first.width == 0
            let name = text(first.shortName)
            guard set.variables.allSatisfy({ (raw[$0].width == 0) == numeric }) else {
                throw error("variable \(name): one value-label record applies to both numeric and string variables")
            }
            var labels: [(value: SAVValue, label: String)] = []
            labels.reserveCapacity(set.values.count)
            for (value, bytes) in zip(set.values, set.labels) {
                guard let label = decodeCut(bytes, decoder) else {
                    throw error("variable \(name): a value label is not valid \(decoder.name)")
                }
                if numeric {
                    labels.append((.number(number(value)), label))
                } else {
                    guard let text = decode(withUnsafeBytes(of: value) { Array($0) }, decoder) else {
                        throw error("variable \(name): a labelled value is not valid \(decoder.name)")
                    }
                    labels.append((.text(text), label))
                }
            }
            for variable in set.variables where merged[variable] >= 0 {
                let index = merged[variable]
                if variables[index].valueLabels.isEmpty {
                    variables[index].valueLabels = labels
                } else {
                    budget -= variables[index].valueLabels.count + labels.count
                    guard budget >= 0 else { throw error("the value labels exceed \(SAVLimits.mergedValueLabels) entries") }
                    variables[index].valueLabels += labels
                }
            }
        }
    }

    func applyLongStringLabels(_ record: [UInt8], _ variables: inout [SAVVariable], byName: [String: Int], _ decoder: SAVTextDecoder)
        throws
    {
        var reader = SAVRecordReader(
            record, bigEndian: stream.bigEndian, what: "the long string value labels record", displayName: displayName)
        while !reader.atEnd {
            let nameBytes = try reader.bytes(try reader.length())
            let width = try reader.int32()
            let count = try reader.int32()
            guard count >= 0, count <= SAVLimits.valueLabelsPerSet, Int(count) * 8 <= reader.left else {
                throw error("the long string value labels record gives \(count) labels for one variable")
            }
            let name = decode(nameBytes, decoder)
            let target = name.flatMap { byName[$0.lowercased()] }
            var labels: [(value: SAVValue, label: String)] = []
            for _ in 0..<count {
                let value = try reader.bytes(try reader.length())
                let labelLength = try reader.length()
                guard labelLength <= SAVLimits.labelBytes else {
                    throw error("variable \(name ?? "?"): a value label is \(labelLength) bytes long; at most \(SAVLimits.labelBytes)")
                }
                let labelBytes = try reader.bytes(labelLength)
                guard let target, !variables[target].isNumeric, width > 0 else { continue }
                guard let text = decode(value, decoder), let label = decodeCut(labelBytes, decoder) else {
                    throw error("variable \(variables[target].name): a value label is not valid \(decoder.name)")
                }
                labels.append((.text(text), label))
            }
            if let target, !labels.isEmpty {
                guard variables[target].valueLabels.count + labels.count <= SAVLimits.mergedValueLabels else {
                    throw error("variable \(variables[target].name) has more than \(SAVLimits.mergedValueLabels) value labels")
                }
                variables[target].valueLabels += labels
            }
        }
    }

    func applyLongStringMissing(_ record: [UInt8], _ variables: inout [SAVVariable], byName: [String: Int], _ decoder: SAVTextDecoder)
        throws
    {
        var reader = SAVRecordReader(
            record, bigEndian: stream.bigEndian, what: "the long string missing values record", displayName: displayName)
        while !reader.atEnd {
            let nameBytes = try reader.bytes(try reader.length())
            let name = decode(nameBytes, decoder) ?? "?"
            let count = Int(try reader.byte())
            guard (1...3).contains(count) else {
                throw error("variable \(name): the long string missing-value record has \(count) values; at most 3")
            }
            let length = try reader.length()
            var values: [SAVValue] = []
            for _ in 0..<count {
                let bytes = try reader.bytes(length)
                guard let text = decode(bytes, decoder) else {
                    throw error("variable \(name): a missing value is not valid \(decoder.name)")
                }
                values.append(.text(text))
            }
            if let target = byName[name.lowercased()], !variables[target].isNumeric {
                variables[target].missing = SAVMissing(values: values, range: nil)
            }
        }
    }

    /// Record 7.11 has one entry per variable record (segments of very long strings each count), or — from some
    /// writers — one per merged variable; 2 or 3 numbers each. Any other count is ignored.
    func applyMeasures(_ variables: inout [SAVVariable], heads: [Int]) {
        guard let display else { return }
        let count = display.count / 4
        let entries: Int
        let perRecord: Bool
        if count == 3 * raw.count || count == 2 * raw.count {
            entries = count / raw.count
            perRecord = true
        } else if count == 3 * variables.count || count == 2 * variables.count {
            entries = count / variables.count
            perRecord = false
        } else {
            return
        }
        display.withUnsafeBytes { bytes in
            for index in variables.indices {
                let entry = perRecord ? heads[index] : index
                let raw = bytes.loadUnaligned(fromByteOffset: entry * entries * 4, as: UInt32.self)
                switch stream.bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw) {
                case 1: variables[index].measure = .nominal
                case 2: variables[index].measure = .ordinal
                case 3: variables[index].measure = .scale
                default: variables[index].measure = .unknown
                }
            }
        }
    }

    // MARK: Helpers

    func number(_ raw: UInt64) -> Double {
        Double(bitPattern: stream.bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw))
    }

    /// Text without trailing spaces (and NULs), or nil when the bytes are not valid in the encoding.
    func decode(_ bytes: [UInt8], _ decoder: SAVTextDecoder) -> String? {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0 { end -= 1 }
        return bytes.withUnsafeBytes { decoder.decode(UnsafeRawBufferPointer(rebasing: $0[0..<end])) }
    }

    /// A fixed-width field SPSS filled (a short name, a label) decoded; SPSS cuts such fields at
    /// their byte width, also inside a UTF-8 character (SPSS 21 does so with Hebrew names), so
    /// up to three bytes of a cut character at the end are left out.
    func decodeCut(_ bytes: [UInt8], _ decoder: SAVTextDecoder) -> String? {
        if let text = decode(bytes, decoder) { return text }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0 { end -= 1 }
        for cut in 1...3 where end - cut > 0 {
            if let text = decode(Array(bytes[0..<(end - cut)]), decoder) { return text }
        }
        return nil
    }

    /// The product name is informative only: bytes the encoding rejects are read as Latin-1 rather than failing.
    func lenient(_ bytes: [UInt8], _ decoder: SAVTextDecoder) -> String {
        if let text = decode(bytes, decoder) { return text.trimmingCharacters(in: .whitespaces) }
        let scalars = bytes.map { Character(Unicode.Scalar($0)) }
        return String(scalars).trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
    }

    /// A name from the file for a message, before the encoding is settled.
    func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// "variable NAME" while the name is plain ASCII, else "variable record N" (the encoding is not known yet).
    func subject(_ name: [UInt8], _ record: Int) -> String {
        let printable = name.contains { $0 != 0x20 && $0 != 0 } && name.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0 }
        return printable ? "variable \(text(name.filter { $0 != 0 }))" : "variable record \(record)"
    }

    func upper(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }
    }

    /// `KEY=VALUE` pairs separated by tabs (records 7.13 and 7.14), NULs dropped, empty entries skipped.
    func pairs(_ record: [UInt8], _ what: String) throws -> [(key: [UInt8], value: [UInt8])] {
        var result: [(key: [UInt8], value: [UInt8])] = []
        for piece in record.split(separator: 0x09) {
            let entry = piece.filter { $0 != 0 }
            guard entry.contains(where: { $0 != 0x20 }) else { continue }
            guard let equals = entry.firstIndex(of: UInt8(ascii: "=")) else {
                throw error("\(what) has an entry without '=': \(text(Array(entry.prefix(80))))")
            }
            var key = Array(entry[..<equals])
            while let last = key.last, last == 0x20 { key.removeLast() }
            result.append((key, Array(entry[(equals + 1)...])))
        }
        return result
    }
}

/// Reads the int32 fields and byte runs inside an extension record that was read whole (7.21, 7.22), every read
/// checked against the record's end.
private struct SAVRecordReader {
    let data: [UInt8]
    let bigEndian: Bool
    let what: String
    let displayName: String
    var pos = 0

    init(_ data: [UInt8], bigEndian: Bool, what: String, displayName: String) {
        self.data = data
        self.bigEndian = bigEndian
        self.what = what
        self.displayName = displayName
    }

    var atEnd: Bool { pos >= data.count }
    var left: Int { data.count - pos }

    private func overrun() -> InputError { InputError("\(displayName): \(what) ends in the middle of an entry") }

    mutating func int32() throws -> Int32 {
        guard left >= 4 else { throw overrun() }
        let raw = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: pos, as: UInt32.self) }
        pos += 4
        return Int32(bitPattern: bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw))
    }

    /// A length field: non-negative and within the record.
    mutating func length() throws -> Int {
        let value = try int32()
        guard value >= 0, Int(value) <= left else { throw overrun() }
        return Int(value)
    }

    mutating func byte() throws -> UInt8 {
        guard left >= 1 else { throw overrun() }
        pos += 1
        return data[pos - 1]
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= left else { throw overrun() }
        pos += count
        return Array(data[(pos - count)..<pos])
    }
}
