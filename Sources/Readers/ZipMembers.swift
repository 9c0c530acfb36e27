import DraagvlakCore
package import Foundation
import ZIPFoundation

/// A zip archive read defensively, for the formats that are zips of XML (LimeSurvey's `.lsa`,
/// Excel's `.xlsx`): a member whose path climbs out of the archive (`..`, a leading `/`) makes
/// the whole archive refused, and a member is unpacked only up to a size limit, checked against
/// the bytes actually inflated, so a zip bomb cannot fill the disk or the memory.
package struct ZipMembers {
    package let url: URL
    package let displayName: String
    private let archive: Archive
    /// The archive's files by path, in the order of its central directory.
    package let paths: [String]

    package init(url: URL, displayName: String) throws {
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw InputError("\(displayName): not a readable zip archive (\(error))")
        }
        var paths: [String] = []
        for entry in archive where entry.type == .file && !entry.path.isEmpty {
            let path = entry.path
            let parts = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
            guard !path.hasPrefix("/"), !path.hasPrefix("\\"), !parts.contains("..") else {
                throw InputError("\(displayName): the member '\(path)' has a path outside the archive; refused")
            }
            paths.append(path)
        }
        self.url = url
        self.displayName = displayName
        self.paths = paths
    }

    /// The path of a member, matched without regard to case (Excel does not care either).
    package func path(matching wanted: String) -> String? {
        paths.first { $0 == wanted } ?? paths.first { $0.lowercased() == wanted.lowercased() }
    }

    /// Unpacks a member into `target` (created or replaced), refusing more than `limit` bytes.
    package func extract(_ path: String, to target: URL, limit: UInt64) throws {
        guard FileManager.default.createFile(atPath: target.path, contents: nil) else {
            throw InputError("\(displayName): cannot write to the temporary folder \(target.deletingLastPathComponent().path)")
        }
        let handle = try FileHandle(forWritingTo: target)
        defer { try? handle.close() }
        try unpack(path, limit: limit) { try handle.write(contentsOf: $0) }
    }

    /// A member's bytes, refusing more than `limit`.
    package func bytes(_ path: String, limit: UInt64) throws -> [UInt8] {
        var out: [UInt8] = []
        try unpack(path, limit: limit) { out.append(contentsOf: $0) }
        return out
    }

    private func unpack(_ path: String, limit: UInt64, into write: (Data) throws -> Void) throws {
        guard let entry = archive[path] else { throw InputError("\(displayName): the archive has no member '\(path)'") }
        guard entry.uncompressedSize <= limit else {
            throw InputError("\(displayName): the member '\(path)' is larger than \(limit >> 20) MiB; refused")
        }
        var written: UInt64 = 0
        let consumer: Consumer = { data in
            written += UInt64(data.count)
            if written > limit {
                throw InputError("\(displayName): the member '\(path)' unpacks to more than \(limit >> 20) MiB; refused")
            }
            // A member that inflates past the size the archive states is a bomb or damaged:
            // stopped at once instead of at the limit.
            if written > entry.uncompressedSize {
                throw InputError(
                    "\(displayName): the member '\(path)' unpacks to more than the \(entry.uncompressedSize) bytes the archive states; refused"
                )
            }
            try write(data)
        }
        do {
            if entry.isCompressed {
                try inflate(entry, consumer: consumer)
            } else {
                _ = try archive.extract(entry, consumer: consumer)
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("\(displayName): cannot unpack the member '\(path)': \(error)")
        }
        guard written == entry.uncompressedSize else {
            throw InputError(
                "\(displayName): the member '\(path)' unpacks to \(written) bytes where the archive says \(entry.uncompressedSize); the archive is damaged"
            )
        }
    }

    /// Inflates a deflated member through ZIPFoundation's decompressor, fed only the member's own
    /// compressed bytes. (`Archive.extract` keeps asking for input after the end of the file when
    /// a deflate stream is damaged, and never returns; the fuzzer found this. Here the end of the
    /// member's bytes ends the stream with an error instead.)
    private func inflate(_ entry: Entry, consumer: Consumer) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let damaged = InputError("\(displayName): the member '\(entry.path)' is damaged (its compressed data ends before the data does)")
        guard let start = try Self.dataOffset(of: entry, in: handle) else { throw damaged }
        try handle.seek(toOffset: start)
        var remaining = entry.compressedSize
        let checksum = try Data.decompress(
            size: Int64(clamping: remaining), bufferSize: 64 << 10, skipCRC32: false,
            provider: { _, size in
                guard remaining > 0 else { throw damaged }
                var chunk = try handle.read(upToCount: Int(min(UInt64(size), remaining))) ?? Data()
                guard !chunk.isEmpty else { throw damaged }
                remaining -= UInt64(chunk.count)
                // ZIPFoundation tells zlib every chunk is `size` bytes long, also the last, shorter
                // one (the fuzzer found zlib reading past it): pad with zeros, which a complete
                // stream never reaches and a damaged one fails on.
                if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                return chunk
            }, consumer: consumer)
        guard checksum == entry.checksum else {
            throw InputError("\(displayName): the member '\(entry.path)' is damaged (its checksum does not match its data)")
        }
    }

    /// Where a member's compressed bytes start: after its local header (30 bytes, the name and
    /// the extra field), found through the central directory's record for the same name.
    private static func dataOffset(of entry: Entry, in handle: FileHandle) throws -> UInt64? {
        let size = try handle.seekToEnd()
        // The end-of-central-directory record: 22 bytes, after it a comment of at most 64 KiB.
        let tailLength = min(size, 22 + 65_535)
        try handle.seek(toOffset: size - tailLength)
        let tail = [UInt8](try handle.read(upToCount: Int(tailLength)) ?? Data())
        func u16(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(b[i]) | UInt64(b[i + 1]) << 8 }
        func u32(_ b: [UInt8], _ i: Int) -> UInt64 { u16(b, i) | u16(b, i + 2) << 16 }
        guard tail.count >= 22,
            let eocd = stride(from: tail.count - 22, through: 0, by: -1).first(where: {
                tail[$0] == 0x50 && tail[$0 + 1] == 0x4B && tail[$0 + 2] == 0x05 && tail[$0 + 3] == 0x06
            })
        else { return nil }
        let directorySize = u32(tail, eocd + 12)
        let directoryOffset = u32(tail, eocd + 16)
        // ZIP64 archives (offsets of 0xFFFFFFFF) are not what these tools write; refused as damaged.
        guard directoryOffset < size, directorySize <= size - directoryOffset, directorySize <= 64 << 20 else { return nil }
        try handle.seek(toOffset: directoryOffset)
        let directory = [UInt8](try handle.read(upToCount: Int(directorySize)) ?? Data())
        let name = Array(entry.path.utf8)
        var i = 0
        while i + 46 <= directory.count, u32(directory, i) == 0x0201_4B50 {
            let nameLength = Int(u16(directory, i + 28))
            let extraLength = Int(u16(directory, i + 30))
            let commentLength = Int(u16(directory, i + 32))
            let localHeader = u32(directory, i + 42)
            if i + 46 + nameLength <= directory.count, Array(directory[(i + 46)..<(i + 46 + nameLength)]) == name {
                guard localHeader < size else { return nil }
                try handle.seek(toOffset: localHeader)
                let header = [UInt8](try handle.read(upToCount: 30) ?? Data())
                guard header.count == 30, u32(header, 0) == 0x0403_4B50 else { return nil }
                return localHeader + 30 + u16(header, 26) + u16(header, 28)
            }
            i += 46 + nameLength + extraLength + commentLength
        }
        return nil
    }
}
