import DraagvlakCore
import Foundation
import Readers

/// The header of a Qualtrics CSV export, in any of its three generations, resolved into what
/// each column holds. Question columns are keyed on the ImportId (`QID4_1`), which survives
/// renamed export tags; the legacy export has none, so there the export tag is the key.
struct QualtricsHeader {
    /// The three layouts Qualtrics has written.
    enum Generation: String {
        /// 2017+: codes, question text, `{"ImportId":"QID4_1"}`.
        case current
        /// 2016–17 "Insights": the same three rows, ImportIds as `{'ImportId': 'QID4-1-1'}`.
        case insights
        /// `V1…V10` plus export tags, then `ResponseID, ResponseSet, …` plus question text.
        case legacy
    }

    /// What one column holds.
    enum Role: Equatable {
        case respondent
        /// A submission time; the lower rank wins (RecordedDate before EndDate).
        case submittedAt(rank: Int)
        case status
        case finished
        /// A question's column, by key (normalised ImportId, or export tag in legacy files).
        case question(String)
        /// Personal data, timing and other metadata, Text iQ topics: never read.
        case ignored
    }

    struct Column {
        var tag: String
        var text: String
        var role: Role
    }

    var generation: Generation
    var columns: [Column]
    /// The line of the first header row.
    var line: Int

    /// The generation the first rows show, or nil when they are no Qualtrics header.
    static func generation(of rows: [[String]]) -> Generation? {
        if rows.count >= 2, rows[0].starts(with: ["V1", "V2", "V3"]), rows[1].first == "ResponseID" { return .legacy }
        guard rows.count >= 3 else { return nil }
        let third = rows[2].map { $0.trimmingCharacters(in: .whitespaces) }
        if third.contains(where: { $0.hasPrefix("{\"ImportId\"") }) { return .current }
        if third.contains(where: { $0.hasPrefix("{'ImportId'") }) { return .insights }
        return nil
    }

    /// The ImportId in a third-row cell: `{"ImportId":"QID1"}` (JSON) or `{'ImportId': 'QID1'}`
    /// (a Python dict, not JSON).
    static func importID(_ cell: String) -> String? {
        guard let key = cell.range(of: "ImportId"), let colon = cell[key.upperBound...].firstIndex(of: ":") else { return nil }
        var rest = cell[cell.index(after: colon)...].drop { $0 == " " }
        guard let open = rest.first, open == "\"" || open == "'" else { return nil }
        rest = rest.dropFirst()
        guard let close = rest.firstIndex(of: open) else { return nil }
        return String(rest[..<close])
    }

    /// A question ImportId in the current spelling: Insights' `-` becomes `_` (`QID4-1-1` → `QID4_1_1`).
    static func key(importID: String) -> String {
        importID.replacingOccurrences(of: "-", with: "_")
    }

    static let metadataRoles: [String: Role] = [
        "_recordid": .respondent, "responseid": .respondent,
        "recordeddate": .submittedAt(rank: 0), "enddate": .submittedAt(rank: 1),
        "status": .status, "finished": .finished,
    ]

    /// The legacy export's metadata, by its second-row name (V1 ResponseID … V10 Finished).
    static let legacyRoles: [String: Role] = [
        "ResponseID": .respondent, "EndDate": .submittedAt(rank: 1), "Status": .status, "Finished": .finished,
    ]

    /// Reads the header rows from `reader`, which is left at the first data row.
    static func read(_ reader: inout CSVReader, file: String) throws -> QualtricsHeader {
        guard let first = try reader.next() else { throw InputError("\(file): the file is empty") }
        guard let second = try reader.next() else {
            throw InputError("\(file): only one row; a Qualtrics export has two or three header rows")
        }
        let row1 = first.fields.map { CSVSample.text($0).trimmingCharacters(in: .whitespaces) }
        let row2 = second.fields.map { CSVSample.text($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        var rows = [row1, row2]
        var row3: [String] = []
        if generation(of: rows) != .legacy {
            guard let third = try reader.next() else { throw InputError("\(file): no third header row (the ImportIds)") }
            row3 = third.fields.map { CSVSample.text($0) }
            rows.append(row3)
        }
        guard let generation = generation(of: rows) else {
            throw InputError(
                "\(file):\(first.line): not a Qualtrics export: the third row holds no ImportIds ({\"ImportId\":…}) and the first is not V1, V2, …"
            )
        }
        for (n, row) in rows.enumerated().dropFirst() where row.count != row1.count {
            throw InputError("\(file): header row \(n + 1) has \(row.count) fields where the first has \(row1.count)")
        }
        var columns: [Column] = []
        for (i, tag) in row1.enumerated() {
            let text = row2[i]
            let role: Role
            switch generation {
            case .legacy:
                if i < 10 || tag.hasPrefix("Location") || tag.isEmpty {
                    role = legacyRoles[text] ?? .ignored
                } else {
                    role = .question(tag)
                }
            case .current, .insights:
                guard let id = importID(row3[i]) else {
                    role = tag.isEmpty ? .ignored : .question(tag)
                    break
                }
                if id.hasPrefix("QID") {
                    role = id.hasSuffix("Topics") || tag.hasSuffix(" - Topics") ? .ignored : .question(key(importID: id))
                } else {
                    role = metadataRoles[id.lowercased()] ?? .ignored
                }
            }
            columns.append(Column(tag: tag, text: text, role: role))
        }
        return QualtricsHeader(generation: generation, columns: columns, line: first.line)
    }
}
