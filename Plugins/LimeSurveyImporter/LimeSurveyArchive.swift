import DraagvlakCore
import Foundation
import Readers

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
        let archive = try ZipMembers(url: url, displayName: displayName)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("draagvlak-lsa-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var result = LimeSurveyArchive(directory: directory)
        do {
            for path in archive.paths {
                let name = String(path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
                let lowered = name.lowercased()
                if lowered.hasSuffix(".lss"), result.structure == nil {
                    let target = directory.appendingPathComponent("structure.lss")
                    try archive.extract(path, to: target, limit: structureLimit)
                    result.structure = Member(url: target, name: name)
                } else if wantResponses, lowered.hasSuffix(".lsr"), result.responses == nil {
                    let target = directory.appendingPathComponent("responses.lsr")
                    try archive.extract(path, to: target, limit: responsesLimit)
                    result.responses = Member(url: target, name: name)
                }
            }
        } catch {
            result.remove()
            throw error
        }
        return result
    }

    /// Deletes the temporary folder.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
