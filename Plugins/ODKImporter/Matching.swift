import DraagvlakCore
import Foundation

/// Finds the survey question an ODK field path belongs to, without the form: a path matches
/// the id whose `.`-separated segments are the path's last segments (`transport/…/taxi/
/// frequency_to_referral_facility` → `taxi.frequency_to_referral_facility`); the longest such id wins.
struct SurveyColumns {
    private struct Entry {
        var id: String
        var segments: [Substring]
        /// The options of a multiple-choice or ranking question, whose answers are code lists.
        var listOptions: [Category]?
    }

    private let entries: [Entry]
    private let byID: [String: Int]

    init(_ survey: Survey) {
        var entries = survey.statements.map { Entry(id: $0.id, segments: $0.id.split(separator: "."), listOptions: nil) }
        entries += survey.demographics.map { Entry(id: $0.id, segments: $0.id.split(separator: "."), listOptions: nil) }
        entries += survey.questions.map { q in
            Entry(
                id: q.id, segments: q.id.split(separator: "."),
                listOptions: q.kind == .multipleChoice || q.kind == .ranking ? q.options : nil)
        }
        self.entries = entries
        byID = Dictionary(entries.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The id for a field path whose segments are joined by `separator`.
    func id(forPath path: String, separator: Character) -> String? {
        let segments = path.split(separator: separator, omittingEmptySubsequences: false)
        var best: Entry?
        for entry in entries where !entry.segments.isEmpty && entry.segments.count <= segments.count {
            if segments.suffix(entry.segments.count).elementsEqual(entry.segments), entry.segments.count > (best?.segments.count ?? 0) {
                best = entry
            }
        }
        return best?.id
    }

    /// For a column that holds one option of a multiple choice (`q/CODE`, Briefcase and Kobo
    /// "split select multiples"): the question id and the option code.
    func option(forColumn column: String, separator: Character) -> (id: String, code: String)? {
        guard let slash = column.lastIndex(of: "/") else { return nil }
        let code = String(column[column.index(after: slash)...])
        guard let id = id(forPath: String(column[..<slash]), separator: separator), let options = listOptions(id),
            options.contains(where: { $0.code == code })
        else { return nil }
        return (id, code)
    }

    func listOptions(_ id: String) -> [Category]? {
        byID[id].flatMap { entries[$0].listOptions }
    }
}

/// Turns ODK values into what the session reads: a multi-select's space-separated codes into
/// `a;b`, dropping codes the question does not have (and counting them for a note).
struct ValueConverter {
    let columns: SurveyColumns
    /// Question id → unknown code → how often it was dropped.
    private(set) var unknownCodes: [String: [String: Int]] = [:]

    init(_ columns: SurveyColumns) {
        self.columns = columns
    }

    mutating func convert(_ value: String, id: String) -> String {
        guard let options = columns.listOptions(id) else { return value }
        var codes: [String] = []
        for part in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let code = String(part)
            if options.contains(where: { $0.code == code }) {
                codes.append(code)
            } else if let option = options.first(where: { $0.code.lowercased() == code.lowercased() }) {
                codes.append(option.code)
            } else {
                unknownCodes[id, default: [:]][code, default: 0] += 1
            }
        }
        return codes.joined(separator: ";")
    }

    /// The note on dropped codes, if any were.
    var note: String? {
        guard !unknownCodes.isEmpty else { return nil }
        let parts = unknownCodes.sorted { $0.key < $1.key }.map { id, codes in
            "\(id): " + codes.sorted { $0.key < $1.key }.map { "'\($0.key)' (\($0.value)×)" }.joined(separator: ", ")
        }
        return "dropped option codes the survey does not list (e.g. from another version of the form): \(parts.joined(separator: "; "))"
    }
}

/// Edited submissions: an edit gets a new instanceID and names the one it replaces in
/// `meta/deprecatedID`. Within one file, folder or dump only the newest version of each chain
/// is kept (A → B → C keeps C, in any order), and it is stored under the chain's first id, so
/// that an edit imported later meets the respondent already stored.
struct EditChains {
    /// instanceID → the deprecatedID it names.
    private var replaces: [String: String] = [:]
    /// deprecatedID → the instanceID that replaces it.
    private var replacedBy: [String: String] = [:]
    private var present: Set<String> = []

    /// `uuid:1234` and Kobo's `_uuid` `1234` are the same id.
    static func normalise(_ id: String) -> String {
        let trimmed = id.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasPrefix("uuid:") ? String(trimmed.dropFirst(5)) : trimmed
    }

    mutating func add(instanceID: String?, deprecatedID: String?) {
        guard let instanceID = instanceID.map(Self.normalise), !instanceID.isEmpty else { return }
        present.insert(instanceID)
        if let deprecated = deprecatedID.map(Self.normalise), !deprecated.isEmpty, deprecated != instanceID {
            replaces[instanceID] = deprecated
            replacedBy[deprecated] = instanceID
        }
    }

    /// Whether a later version of this submission is in the same input.
    func isReplaced(_ instanceID: String) -> Bool {
        let id = Self.normalise(instanceID)
        guard let newer = replacedBy[id] else { return false }
        return present.contains(newer)
    }

    /// The first id of the submission's chain of edits, as far as it is known: followed back
    /// through deprecatedIDs, including one that is not in the input.
    func root(of instanceID: String) -> String {
        var id = Self.normalise(instanceID)
        var seen: Set<String> = [id]
        while let previous = replaces[id], seen.insert(previous).inserted { id = previous }
        return id
    }

    /// Edits whose earlier version is not in the input.
    var editsOfAbsent: Int {
        replaces.values.filter { !present.contains($0) }.count
    }
}
