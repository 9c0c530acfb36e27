import DraagvlakCore
import Foundation
import Readers

/// Reads the CSV exports of ODK Briefcase/Central (`SubmissionDate`, groups joined by `-`,
/// `KEY`) and KoboToolbox (`;` or `,`, groups joined by `/`, `_uuid`, `_submission_time`,
/// `n/a` for "not relevant", a trailing empty field on legacy rows). Columns are matched to
/// the survey by the tail of their group path, as XML fields are; metadata columns are read
/// for the respondent and time or left out; repeat-group columns are left out with a note.
struct SubmissionCSV {
    enum Dialect {
        case briefcase
        case kobo

        /// How group and field names are joined in headers.
        var separators: [Character] {
            switch self {
            case .briefcase: ["-"]
            case .kobo: ["/", "."]
            }
        }
    }

    let url: URL
    let displayName: String
    let dialect: Dialect
    let sink: any RecordSink

    private enum Role: Hashable {
        /// An id column; a lower rank is preferred (KEY, then _uuid, then meta/instanceID).
        case respondent(rank: Int)
        case submittedAt
        case deprecatedID
        case rootUuid
        case question(String)
        case option(String, String)
        case unmatched
        case ignored
    }

    private static let centralMetadata: Set<String> = [
        "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
        "DeviceID", "Edits", "FormVersion", "isValidated", "instanceName",
    ]

    private func role(of name: String, columns: SurveyColumns) -> Role {
        switch name {
        case "KEY": return .respondent(rank: 0)
        case "_uuid": return .respondent(rank: 1)
        case "meta-instanceID", "meta/instanceID", "instanceID": return .respondent(rank: 2)
        case "SubmissionDate", "_submission_time": return .submittedAt
        case "meta-deprecatedID", "meta/deprecatedID", "deprecatedID": return .deprecatedID
        case "meta-rootUuid", "meta/rootUuid", "rootUuid": return .rootUuid
        default: break
        }
        if name.isEmpty || name.hasPrefix("_") || name.hasPrefix("SET-OF-") || Self.centralMetadata.contains(name)
            || Self.isRepeatColumn(name)
        {
            return .ignored
        }
        if ["meta-", "meta/", "formhub-", "formhub/"].contains(where: { name.hasPrefix($0) }) { return .ignored }
        // `q/CODE` first: with `/` between groups (Kobo) the option column would otherwise match
        // a question named like the option (`prioriteiten/groen` → `groen`). A field cannot be
        // a group as well, so a real group path never looks like a multiple choice's option.
        for separator in dialect.separators {
            if let (id, code) = columns.option(forColumn: name, separator: separator) { return .option(id, code) }
        }
        for separator in dialect.separators {
            if let id = columns.id(forPath: name, separator: separator) { return .question(id) }
        }
        return .unmatched
    }

    /// `children[2]/childs_name`: a repeat group flattened into the main file (legacy Kobo).
    static func isRepeatColumn(_ name: String) -> Bool {
        var rest = name[...]
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { return false }
            if !after[..<close].isEmpty, after[..<close].allSatisfy(\.isNumber) { return true }
            rest = after[after.index(after: close)...]
        }
        return false
    }

    /// Each data record's fields as strings; invalid UTF-8 is reported and read as "".
    private func forEachRow(names: [String], _ body: (_ fields: [String], _ line: Int, _ bytes: Int64) throws -> Void) throws {
        var reader = try CSVReader(url: url, file: displayName)
        defer { reader.close() }
        _ = try reader.next()
        var bytes: Int64 = 0
        while let record = try reader.next() {
            var fields: [String] = []
            fields.reserveCapacity(record.fields.count)
            for (i, raw) in record.fields.enumerated() {
                bytes += Int64(raw.count + 1)
                if let text = String(validating: raw, as: UTF8.self) {
                    fields.append(text)
                } else {
                    sink.report(
                        Problem(
                            SourceLocation(file: displayName, line: record.line), .column(i < names.count ? names[i] : "#\(i + 1)"),
                            "invalid UTF-8; export the file as UTF-8"))
                    fields.append("")
                }
            }
            try body(fields, record.line, bytes)
        }
    }

    func read() throws {
        var reader = try CSVReader(url: url, file: displayName)
        guard let header = try reader.next() else {
            reader.close()
            throw InputError("\(displayName): the file is empty")
        }
        reader.close()
        var names: [String] = []
        for (i, bytes) in header.fields.enumerated() {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw InputError(
                    "\(displayName):\(header.line): column \(i + 1) of the header is not valid UTF-8; export the file as UTF-8")
            }
            names.append(text.trimmingCharacters(in: .whitespaces))
        }
        if names.contains("PARENT_KEY") {
            throw InputError(
                "\(displayName): an ODK repeat-group file (PARENT_KEY column): its rows are entries of a repeat group, not respondents; import the main CSV file of the export"
            )
        }

        let columns = SurveyColumns(sink.survey)
        var roles = names.map { role(of: $0, columns: columns) }
        // A multiple choice with its summary column (codes separated by spaces) is read from that
        // column; the one-column-per-option copies are then left out.
        var summaries: Set<String> = []
        for case .question(let id) in roles { summaries.insert(id) }
        var claimed: [Role: String] = [:]
        for (i, role) in roles.enumerated() {
            switch role {
            case .option(let id, _) where summaries.contains(id):
                roles[i] = .ignored
            case .question, .option:
                if let earlier = claimed[role] {
                    var what = "the same option"
                    if case .question(let id) = role { what = "question '\(id)'" }
                    sink.report(
                        Problem(
                            SourceLocation(file: displayName, line: header.line), .column(names[i]),
                            "matches \(what) as column '\(earlier)' does; rename one of the questions in the survey so that each column has its own id"
                        ))
                    roles[i] = .unmatched
                } else {
                    claimed[role] = names[i]
                }
            default:
                break
            }
        }
        let respondentColumns = roles.indices.filter { if case .respondent = roles[$0] { true } else { false } }
            .sorted { rank(roles[$0]) < rank(roles[$1]) }
        let submittedColumn = roles.firstIndex(of: .submittedAt)
        let deprecatedColumn = roles.firstIndex(of: .deprecatedID)
        let rootColumn = roles.firstIndex(of: .rootUuid)

        var headers: [String] = []
        if !respondentColumns.isEmpty { headers.append("respondent") }
        if submittedColumn != nil { headers.append("submitted_at") }
        var sources: [(column: Int, id: String?)] = []
        for (i, role) in roles.enumerated() {
            switch role {
            case .question(let id):
                headers.append(id)
                sources.append((i, id))
            case .option(let id, let code):
                headers.append("\(id)[\(code)]")
                sources.append((i, nil))
            case .unmatched:
                headers.append(names[i])
                sources.append((i, nil))
            default:
                continue
            }
        }

        // Edits: only when the export carries deprecatedID, a first pass collects the chains.
        var chains = EditChains()
        if deprecatedColumn != nil {
            try forEachRow(names: names) { fields, _, _ in
                chains.add(instanceID: firstID(fields, respondentColumns), deprecatedID: deprecatedColumn.flatMap { field(fields, $0) })
            }
        }
        let repeatColumns = names.filter(Self.isRepeatColumn)
        let repeatSets = names.filter { $0.hasPrefix("SET-OF-") }.map { String($0.dropFirst("SET-OF-".count)) }
        guard sink.begin(headers: headers, line: header.line) else { return }

        var converter = ValueConverter(columns)
        var replaced = 0
        var rows = 0
        try forEachRow(names: names) { fields, line, bytes in
            let location = SourceLocation(file: displayName, line: line)
            if fields.count < names.count || fields[names.count...].contains(where: { !$0.isEmpty }) {
                sink.report(Problem(location, nil, "ragged row: \(fields.count) fields where the header has \(names.count)"))
            }
            var record: [String] = []
            record.reserveCapacity(headers.count)
            let id = firstID(fields, respondentColumns)
            if let id, chains.isReplaced(id) {
                replaced += 1
                return
            }
            if !respondentColumns.isEmpty {
                let root = rootColumn.flatMap { field(fields, $0) }.map(EditChains.normalise)
                record.append(root ?? id.map { chains.root(of: $0) } ?? "")
            }
            if let submittedColumn { record.append(submittedAt(field(fields, submittedColumn) ?? "")) }
            for source in sources {
                var value = source.column < fields.count ? fields[source.column] : ""
                if dialect == .kobo, value == "n/a" { value = "" }
                if let id = source.id { value = converter.convert(value, id: id) }
                record.append(value)
            }
            try sink.record(record, line: line)
            rows += 1
            if rows & 0x3FFF == 0 { sink.progress(bytesRead: bytes) }
        }
        if let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber {
            sink.progress(bytesRead: size.int64Value)
        }

        if replaced > 0 {
            sink.note(
                "kept the newest version of edited submissions: skipped \(replaced) earlier version\(replaced == 1 ? "" : "s") replaced in the same file (deprecatedID)"
            )
        }
        if !repeatColumns.isEmpty {
            sink.note(
                "left out \(repeatColumns.count) column\(repeatColumns.count == 1 ? "" : "s") of repeat groups (\(repeatColumns.prefix(3).joined(separator: ", "))\(repeatColumns.count > 3 ? ", …" : "")), as Draagvlak keeps one row per respondent"
            )
        }
        if !repeatSets.isEmpty {
            sink.note(
                "repeat group\(repeatSets.count == 1 ? "" : "s") \(repeatSets.joined(separator: ", ")) \(repeatSets.count == 1 ? "is" : "are") exported to separate files, which are not imported: Draagvlak keeps one row per respondent"
            )
        }
        if let note = converter.note { sink.note(note) }
    }

    private func rank(_ role: Role) -> Int {
        if case .respondent(let rank) = role { rank } else { .max }
    }

    private func field(_ fields: [String], _ column: Int) -> String? {
        guard column < fields.count else { return nil }
        let value = fields[column].trimmingCharacters(in: .whitespaces)
        return value.isEmpty || value == "n/a" ? nil : value
    }

    /// The respondent id: the first filled id column (KEY before _uuid before meta/instanceID),
    /// without `uuid:`, so that XML and CSV exports of one submission agree.
    private func firstID(_ fields: [String], _ columns: [Int]) -> String? {
        columns.lazy.compactMap { field(fields, $0) }.first.map(EditChains.normalise)
    }

    /// Briefcase writes `Apr 26, 2018 8:58:20 AM` (no zone); that becomes `2018-04-26T08:58:20`.
    /// ISO 8601 (Central, Kobo) is kept as it is.
    func submittedAt(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard dialect == .briefcase else { return trimmed }
        return Self.briefcaseDate(trimmed) ?? trimmed
    }

    static func briefcaseDate(_ text: String) -> String? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = text.split(separator: " ")
        guard parts.count == 5, let month = months.firstIndex(of: String(parts[0])), parts[1].hasSuffix(","),
            let day = Int(parts[1].dropLast()), let year = Int(parts[2]), parts[4] == "AM" || parts[4] == "PM"
        else { return nil }
        let time = parts[3].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3, (1...12).contains(time[0]), (1...31).contains(day) else { return nil }
        let hour = time[0] % 12 + (parts[4] == "PM" ? 12 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month + 1))-\(two(day))T\(two(hour)):\(two(time[1])):\(two(time[2]))"
    }
}
