package import DraagvlakCore
package import Foundation
import Readers

/// Imports SPSS system files (`.sav`, and `.zsav` with zlib compression): what research
/// bureaus, panel vendors (Questback, Survalyzer) and a municipality's own research department
/// hand over. One variable per column, one case per respondent; variables are matched to
/// questions by name.
///
/// Value labels carry meaning: a labelled value is passed on as its code (`3`) when the survey
/// has that code, else as its label, so a survey written with codes of its own still matches
/// through the labels. User-missing values (e.g. 9 "weet niet") become missing answers, dates
/// become ISO 8601, and numbers are given in their shortest form.
package struct SPSSImporter: ImporterPlugin {
    package init() {}

    package var format: String { "spss" }
    package var name: String { "SPSS" }
    package var summary: String { "SPSS system file (.sav, .zsav) with variable and value labels" }

    package func identify(_ sample: FileSample) -> FormatMatch {
        if sample.head.starts(with: Array("$FL2".utf8)) {
            return FormatMatch(confidence: 0.95, reason: "an SPSS system file ($FL2)")
        }
        if sample.head.starts(with: Array("$FL3".utf8)) {
            return FormatMatch(confidence: 0.95, reason: "a zlib-compressed SPSS system file ($FL3)")
        }
        return .declined("no SPSS system file header ($FL2 or $FL3)")
    }

    package func read(_ file: ImportFile, into session: ImportSession) throws {
        var reader = try SAVReader(url: file.url, displayName: file.displayName)
        session.addressing = .cases
        let variables = reader.variables
        let ids = Self.ids(variables)
        let survey = session.survey
        // Per variable: the survey's codes for the question it answers, to pass codes or labels.
        let codes: [Set<String>] = zip(variables, ids).map { variable, id in
            switch survey.reference(to: variable.name) ?? survey.reference(to: id) {
            case .demographic(let d): Set(survey.demographics[d].categories.map(\.code))
            case .question(let q): Set(survey.questions[q].options.map(\.code))
            default: []
            }
        }
        let labels = variables.map { Self.labels($0) }
        // `survey from` makes ids of the names (`v@1` → `v_1`); either matches.
        var headers = zip(variables, ids).map { survey.reference(to: $0.name) == nil ? $1 : $0.name }
        if !headers.contains(where: { ColumnPlan.isMetadata($0) }) {
            for (i, variable) in variables.enumerated() where survey.reference(to: headers[i]) == nil {
                if let role = Self.metadataRole(variable), !headers.contains(role) { headers[i] = role }
            }
        }
        guard session.begin(headers: headers, line: 0) else { return }

        var fields: [String] = []
        while let values = try reader.next() {
            fields.removeAll(keepingCapacity: true)
            for (i, variable) in variables.enumerated() {
                let value = values[i]
                if variable.missing.contains(value) {
                    fields.append("")
                } else if let label = labels[i][value] {
                    let code = Self.text(value, variable)
                    fields.append(codes[i].contains(code) || codes[i].isEmpty ? code : label)
                } else {
                    fields.append(Self.text(value, variable))
                }
            }
            try session.record(fields, line: reader.caseNumber)
            if reader.caseNumber & 0x3FFF == 0 { session.progress(bytesRead: reader.bytesRead) }
        }
        session.progress(bytesRead: reader.bytesRead)
    }

    /// Names and labels research bureaus give the respondent number, lower-cased.
    static let respondentNames: Set<String> = [
        "respnr", "resp_nr", "respid", "resp_id", "respondentnr", "respondentnummer", "respondent_nr", "respondent number",
        "caseid", "case_id", "volgnummer", "responseid", "record",
    ]
    /// Words that make a date-and-time variable the moment the answers were given.
    static let submittedWords = [
        "ingevuld", "submit", "einddatum", "enddate", "end date", "afgerond", "voltooi", "completion", "timestamp",
    ]

    /// `respondent` for a respondent-number variable, `submitted_at` for a date-and-time
    /// variable named or labelled as the moment of answering; else nil.
    static func metadataRole(_ variable: SAVVariable) -> String? {
        let name = variable.name.lowercased()
        let label = variable.label?.lowercased().trimmingCharacters(in: .whitespaces) ?? ""
        if respondentNames.contains(name) || respondentNames.contains(label) { return "respondent" }
        if variable.format.isDate, variable.format.isTime, submittedWords.contains(where: { name.contains($0) || label.contains($0) }) {
            return "submitted_at"
        }
        return nil
    }

    /// Survey ids for the variables, as `survey from` names them: the names made valid
    /// (`v@1` → `v_1`), made unique with `-2`, `-3` where that makes two alike.
    static func ids(_ variables: [SAVVariable]) -> [String] {
        var used = Set<String>()
        return variables.map { variable in
            let base = SurveyExtraction.identifier(variable.name)
            var id = base
            var n = 2
            while !used.insert(id).inserted {
                id = "\(base)-\(n)"
                n += 1
            }
            return id
        }
    }

    /// A variable's value labels by value.
    static func labels(_ variable: SAVVariable) -> [SAVValue: String] {
        var out: [SAVValue: String] = [:]
        for (value, label) in variable.valueLabels where out[value] == nil { out[value] = label }
        return out
    }

    /// A value as text: numbers in their shortest form, dates and times as ISO 8601.
    static func text(_ value: SAVValue, _ variable: SAVVariable) -> String {
        switch value {
        case .systemMissing: return ""
        case .text(let text): return text
        case .number(let number):
            if variable.format.isDate, let date = isoDate(number, time: variable.format.isTime) { return date }
            if variable.format.isTime, number >= 0, number < 86_400 { return ISODate.time(min(Int(number.rounded()), 86_399)) }
            return NumberText.shortest(number)
        }
    }

    /// Seconds since 1582-10-14 (SPSS's epoch) as an ISO 8601 date, with the time when `time`
    /// or when it is not midnight.
    static func isoDate(_ seconds: Double, time: Bool) -> String? {
        // Up to 9999-12-31 (SPSS's calendar ends there too).
        guard seconds.isFinite, seconds >= 0, seconds < 265_621_680_000 else { return nil }
        let whole = Int(seconds.rounded())
        // 1582-10-14 is 141,428 days before 1970-01-01.
        let date = ISODate.date(daysSince1970: whole / 86_400 - 141_428)
        return time || whole % 86_400 != 0 ? "\(date)T\(ISODate.time(whole % 86_400))" : date
    }
}

extension SPSSImporter: SurveyExtractor {
    package func identifyStructure(_ sample: FileSample) -> FormatMatch { identify(sample) }

    /// Words in value labels that mark an agreement scale ("helemaal mee eens" … "helemaal oneens").
    static let agreementWords = ["eens", "agree", "neutraal", "neutral", "noch", "neither"]

    /// A survey from the file's dictionary and up to 5,000 cases. Variable labels become the
    /// questions' texts. A variable whose labels run 1–5 or 1–7 (or −1…1) becomes a statement on
    /// that scale when they speak of agreeing or the variable is ordinal; other labelled variables
    /// demographic questions, their value labels the categories (coded by value); unlabelled
    /// variables are told apart by their answers, as for CSV. Respondent ids, dates and times
    /// are left out, and user-missing values are not categories.
    package func survey(from file: URL, displayName: String) throws -> SurveyExtraction {
        var reader = try SAVReader(url: file, displayName: displayName)
        let variables = reader.variables
        let ids = Self.ids(variables)
        var values = [[String]](repeating: [], count: variables.count)
        var cases = 0
        while cases < 5_000, let row = try reader.next() {
            for (i, variable) in variables.enumerated() where variable.valueLabels.isEmpty {
                let value = row[i]
                if variable.missing.contains(value) { continue }
                let text = Self.text(value, variable).trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { values[i].append(text) }
            }
            cases += 1
        }
        var statements: [Statement] = []
        var demographics: [DemographicQuestion] = []
        var skipped: [String] = []
        var unlabelled: [Int] = []
        let theme = SurveyExtraction.unsortedTheme.id
        for (i, variable) in variables.enumerated() {
            let id = ids[i]
            let text = LocalizedText(variable.label?.isEmpty == false ? variable.label! : variable.name)
            if ColumnPlan.isMetadata(variable.name) || Self.metadataRole(variable) != nil { continue }
            if variable.format.isDate || variable.format.isTime {
                skipped.append("\(variable.name): a date or time, not an answer")
                continue
            }
            let labelled = variable.valueLabels.filter { !variable.missing.contains($0.value) && $0.value != .systemMissing }
            guard !labelled.isEmpty else {
                unlabelled.append(i)
                continue
            }
            let numbers = labelled.compactMap { label -> Int? in
                if case .number(let n) = label.value, n == n.rounded(), abs(n) < 1e9 { return Int(n) }
                return nil
            }
            let agreement = labelled.contains { label in Self.agreementWords.contains { label.label.lowercased().contains($0) } }
            let set = Set(numbers)
            let scale: Scale? =
                numbers.count != labelled.count
                ? nil
                : set == Set(1...5) ? .likert5 : set == Set(1...7) ? .likert7 : set == Set(-1...1) ? .vote : nil
            if let scale, agreement || variable.measure == .ordinal {
                statements.append(Statement(id: id, theme: theme, text: text, scale: scale))
                continue
            }
            var codes = Set<String>()
            var categories: [DraagvlakCore.Category] = []
            for label in labelled {
                let code = SurveyExtraction.identifier(Self.text(label.value, variable))
                guard codes.insert(code).inserted else { continue }
                categories.append(DraagvlakCore.Category(code: code, label: LocalizedText(label.label)))
            }
            demographics.append(DemographicQuestion(id: id, text: text, categories: categories))
        }
        // Unlabelled variables: guessed from their answers, then given their variable labels.
        let guessed = TableSurvey.guess(
            headers: unlabelled.map { ids[$0] }, values: unlabelled.map { values[$0] }, name: "")
        let texts = Dictionary(
            unlabelled.map { (ids[$0], variables[$0].label ?? "") }, uniquingKeysWith: { a, _ in a }
        )
        func text(_ id: String, _ fallback: LocalizedText) -> LocalizedText {
            texts[id].flatMap { $0.isEmpty ? nil : LocalizedText($0) } ?? fallback
        }
        statements += guessed.survey.statements.map {
            var s = $0
            s.text = text(s.id, s.text)
            return s
        }
        demographics += guessed.survey.demographics.map {
            var d = $0
            d.text = text(d.id, d.text)
            return d
        }
        let questions = guessed.survey.questions.map {
            var q = $0
            q.text = text(q.id, q.text)
            return q
        }
        skipped += guessed.skipped
        let name = file.deletingPathExtension().lastPathComponent
        let title = reader.fileLabel.isEmpty ? name : reader.fileLabel
        return SurveyExtraction(
            survey: Survey(
                id: SurveyExtraction.identifier(name.lowercased()), title: LocalizedText(title), themes: [SurveyExtraction.unsortedTheme],
                statements: statements, demographics: demographics, questions: questions),
            skipped: skipped)
    }
}

extension SPSSImporter {
    /// Reads every case of a file and nothing more (no survey, no store): the reader alone, for
    /// `draagvlak-bench sav`, beside pyreadstat's `read_sav`. Returns cases and values read.
    package static func readAll(_ url: URL) throws -> (cases: Int, values: Int) {
        var reader = try SAVReader(url: url, displayName: url.lastPathComponent)
        var cases = 0
        var values = 0
        while let row = try reader.next() {
            cases += 1
            values += row.count
        }
        return (cases, values)
    }
}
