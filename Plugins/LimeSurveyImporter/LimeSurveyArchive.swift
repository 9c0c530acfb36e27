import DraagvlakCore
import Foundation
import ZIPFoundation

/// A LimeSurvey survey archive (`.lsa`, a zip) unpacked into a temporary folder: its survey
/// structure (`*.lss`) and responses (`*.lsr`). Tokens (`.lst`, names and e-mail addresses) and
/// timings (`.lsi`) are never extracted. Members are found by their suffix; a member whose path
/// climbs out of the archive (`..`, a leading `/`) is refused, and members are extracted with a
/// size limit, so a zip bomb cannot fill the disk.
struct LimeSurveyArchive {
    /// An extracted member: where it is now, and its name in the archive (for messages).
    struct Member {
        var url: URL
        var name: String
    }

    let directory: URL
    var structure: Member?
    var responses: Member?

    static let structureLimit: UInt64 = 256 << 20
    static let responsesLimit: UInt64 = 16 << 30

    /// Extracts the first `.lss` and (when `responses`) the first `.lsr` member.
    static func extract(_ url: URL, displayName: String, responses wantResponses: Bool = true) throws -> LimeSurveyArchive {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw InputError("\(displayName): not a readable zip archive (\(error))")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("draagvlak-lsa-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var result = LimeSurveyArchive(directory: directory)
        do {
            for entry in archive where entry.type == .file {
                let path = entry.path
                let parts = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
                guard !path.hasPrefix("/"), !path.hasPrefix("\\"), !parts.contains(".."), let last = parts.last else {
                    throw InputError("\(displayName): the member '\(path)' has a path outside the archive; refused")
                }
                let name = String(last)
                let lowered = name.lowercased()
                let target: URL
                let limit: UInt64
                if lowered.hasSuffix(".lss"), result.structure == nil {
                    target = directory.appendingPathComponent("structure.lss")
                    limit = structureLimit
                    result.structure = Member(url: target, name: name)
                } else if wantResponses, lowered.hasSuffix(".lsr"), result.responses == nil {
                    target = directory.appendingPathComponent("responses.lsr")
                    limit = responsesLimit
                    result.responses = Member(url: target, name: name)
                } else {
                    continue
                }
                guard entry.uncompressedSize <= limit else {
                    throw InputError("\(displayName): the member '\(path)' is larger than \(limit >> 20) MiB; refused")
                }
                guard FileManager.default.createFile(atPath: target.path, contents: nil) else {
                    throw InputError("\(displayName): cannot write to the temporary folder \(directory.path)")
                }
                let handle = try FileHandle(forWritingTo: target)
                defer { try? handle.close() }
                var written: UInt64 = 0
                _ = try archive.extract(entry, consumer: { data in
                    written += UInt64(data.count)
                    if written > limit {
                        throw InputError("\(displayName): the member '\(path)' unpacks to more than \(limit >> 20) MiB; refused")
                    }
                    try handle.write(contentsOf: data)
                })
            }
        } catch let error as InputError {
            result.remove()
            throw error
        } catch {
            result.remove()
            throw InputError("\(displayName): cannot unpack the archive: \(error)")
        }
        return result
    }

    /// Deletes the temporary folder.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
