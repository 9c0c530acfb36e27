import DraagvlakCore
import Foundation
import Readers

/// Reads a LimeSurvey responses document (`.lsr`) row by row, mapping its
/// `{sid}X{gid}X{qid}{suffix}` columns forwards from the survey structure (a column name is never
/// parsed backwards: qid 17 with subquestion `1` and qid 171 give the same name).
enum LimeSurveyResponses {
    /// Thrown to stop reading once the session refused the header.
    private struct Stop: Error {}

    /// Reads `url`; `structure` is the survey's structure, or nil to look for the `.lss` next to
    /// the file. `file` is the file as the user gave it (its mapping names the id columns).
    static func read(
        _ url: URL, displayName: String, structure given: LimeSurveyStructure?, file: ImportFile, into sink: any RecordSink
    ) throws {
        var docType = ""
        var columns: [LimeSurveyMapping.Column] = []
        var begun = false
        var incomplete = 0
        var fields: [String] = []
        do {
            try LimeSurveyXML.read(url, displayName: displayName, tables: ["responses"], progress: { sink.progress(bytesRead: $0) }) {
                event in
                switch event {
                case .docType(let type):
                    docType = type
                    guard type == "Responses" else {
                        throw InputError("\(displayName): a LimeSurvey '\(type)' document, not responses (.lsr)")
                    }
                case .fields(let table, let names, let line):
                    guard table == "responses" else { return }
                    let sid = surveyID(fields: names, url: url)
                    let structure: LimeSurveyStructure
                    if let given {
                        structure = given
                    } else {
                        guard let sid else {
                            throw InputError(
                                "\(displayName): cannot tell which survey these responses belong to (no {sid}X{gid}X{qid} column, and the file is not named survey_{sid}_responses.lsr)"
                            )
                        }
                        structure = try locatedStructure(sid: sid, near: url, displayName: displayName)
                    }
                    if let sid, sid != structure.sid {
                        throw InputError(
                            "\(displayName): the responses belong to survey \(sid), but the survey structure is of survey \(structure.sid)")
                    }
                    let mapping = LimeSurveyMapping(structure)
                    let present = Set(names)
                    columns = mapping.columns.filter { present.contains($0.field) }
                    if columns.isEmpty, !mapping.columns.isEmpty {
                        throw InputError(
                            "\(displayName): none of the survey structure's question columns (e.g. '\(mapping.columns[0].field)') is in the responses; is it the structure of the same survey?"
                        )
                    }
                    let mapped = Set(columns.map(\.field))
                    let left = names.filter { !mapped.contains($0) && !metadata.contains($0) }
                    if !left.isEmpty {
                        sink.note(
                            "left out \(left.count) response column\(left.count == 1 ? "" : "s") of questions the survey does not import (see `draagvlak survey from`): \(left.prefix(10).joined(separator: ", "))\(left.count > 10 ? ", …" : "")"
                        )
                    }
                    let missing = mapping.columns.count - columns.count
                    if missing > 0 {
                        sink.note("\(missing) column\(missing == 1 ? " is" : "s are") of the survey structure missing in the responses")
                    }
                    begun = true
                    let headers = [file.respondentHeader, file.submittedAtHeader] + columns.map(\.header)
                    guard sink.begin(headers: headers, line: line) else { throw Stop() }
                case .row(let table, let values, let line):
                    guard table == "responses", begun else { return }
                    guard let submitted = values["submitdate"], !submitted.isEmpty else {
                        incomplete += 1
                        return
                    }
                    fields.removeAll(keepingCapacity: true)
                    fields.append(values["id"] ?? "")
                    fields.append(submitted == limeSurveyDatesNotRecorded ? "" : submitted)
                    for column in columns { fields.append(column.conversion.apply(values[column.field])) }
                    try sink.record(fields, line: line)
                case .dbVersion, .language:
                    break
                }
            }
        } catch is Stop {
            return
        }
        guard !docType.isEmpty else {
            throw InputError("\(displayName): not a LimeSurvey document (no <LimeSurveyDocType>)")
        }
        if !begun {
            // LimeSurvey leaves out a table without rows, <fields> included.
            sink.note("\(displayName) holds no responses")
            return
        }
        if incomplete > 0 {
            sink.note(
                "left out \(incomplete) incomplete response\(incomplete == 1 ? "" : "s") (no submitdate: the respondent did not finish)")
        }
    }

    /// Response columns that are not answers. The id and submitdate are read; the others
    /// (the token and IP address among them) are never passed on.
    static let metadata: Set<String> = [
        "id", "token", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl",
    ]

    /// The survey id: from the first `{sid}X{gid}X…` column, else from a file name `survey_{sid}_responses`.
    static func surveyID(fields: [String], url: URL) -> String? {
        for name in fields {
            let parts = name.split(separator: "X", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[0].allSatisfy(\.isASCIIDigitCharacter),
                parts[1].allSatisfy(\.isASCIIDigitCharacter)
            {
                return String(parts[0])
            }
        }
        return surveyID(fileName: url.lastPathComponent)
    }

    /// `survey_123456_responses.lsr`, `results-survey123456.csv` → `123456`.
    static func surveyID(fileName: String) -> String? {
        let name = fileName.lowercased()
        guard let range = name.range(of: "survey") else { return nil }
        let digits = name[range.upperBound...].drop { $0 == "_" || $0 == "-" }.prefix { $0.isASCIIDigitCharacter }
        return digits.isEmpty ? nil : String(digits)
    }

    /// The `.lss` of survey `sid` next to `url`: `survey_{sid}.lss`, else any `.lss` there with that sid.
    static func structureURL(sid: String, near url: URL) -> URL? {
        let folder = url.deletingLastPathComponent()
        let named = folder.appendingPathComponent("survey_\(sid).lss")
        if FileManager.default.fileExists(atPath: named.path) { return named }
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        for candidate in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
        where candidate.pathExtension.lowercased() == "lss" && LimeSurveyStructure.surveyID(ofStructure: candidate) == sid {
            return candidate
        }
        return nil
    }

    static func locatedStructure(sid: String, near url: URL, displayName: String) throws -> LimeSurveyStructure {
        guard let found = structureURL(sid: sid, near: url) else {
            throw InputError(
                "\(displayName): the responses of survey \(sid) are read through the survey's structure, and no .lss of survey \(sid) is next to it; export it from LimeSurvey (Export → Survey structure (.lss)) as survey_\(sid).lss into the same folder, or import the survey archive (.lsa)"
            )
        }
        return try LimeSurveyStructure.read(found, displayName: found.lastPathComponent)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
