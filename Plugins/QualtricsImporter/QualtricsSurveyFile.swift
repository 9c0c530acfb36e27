import DraagvlakCore
import Foundation

/// A survey from a Qualtrics `.qsf` (JSON: `SurveyEntry`, and `SurveyElements` whose `SQ`
/// elements are the questions). Ids follow the ImportIds of the CSV export, so that it imports
/// without a mapping:
///
/// - Matrix, Likert, single answer with 5 or 7 scale points coded 1…5 (1…7) → one statement per
///   row, `QIDn_row`; other single-answer matrices → a choice question per row.
/// - Matrix, multiple answer → a checkbox question per row, `QIDn_row`, options the columns.
/// - Multiple choice, single answer → a choice question `QIDn`, options coded as exported (the
///   recode value). It is not made a demographic question: whether it defines groups is for the
///   user to decide, by moving it to `demographics`.
/// - Multiple choice, multiple answers → a checkbox question `QIDn`, options by choice id.
/// - Rank order → a ranking `QIDn`; constant sum → points `QIDn` (total from the validation).
/// - Text entry → an open question `QIDn_TEXT` (form fields: `QIDn_field`); an "other, namely"
///   choice adds `QIDn_choice_TEXT`.
/// - Everything else (descriptive text, timing, sliders, NPS, side-by-side, …) and questions in
///   the trash are skipped, with the reason.
struct QualtricsSurveyFile {
    var extraction: SurveyExtraction

    init(_ url: URL, displayName: String) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError("\(displayName): cannot read the file: \(error.localizedDescription)")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw InputError("\(displayName): not valid JSON, so not a Qualtrics .qsf: \(error.localizedDescription)")
        }
        guard let root = object as? [String: Any], let elements = root["SurveyElements"] as? [[String: Any]] else {
            throw InputError("\(displayName): no 'SurveyElements' list; is this a Qualtrics .qsf?")
        }
        let entry = root["SurveyEntry"] as? [String: Any] ?? [:]
        let name = Self.string(entry["SurveyName"]) ?? url.deletingPathExtension().lastPathComponent

        var inTrash = Set<String>()
        var inBlocks = Set<String>()
        for element in elements where Self.string(element["Element"]) == "BL" {
            let blocks: [Any] = (element["Payload"] as? [Any]) ?? ((element["Payload"] as? [String: Any]).map { Array($0.values) } ?? [])
            for case let block as [String: Any] in blocks {
                let trash = Self.string(block["Type"]) == "Trash"
                for case let item as [String: Any] in (block["BlockElements"] as? [Any]) ?? [] {
                    guard let id = Self.string(item["QuestionID"]) else { continue }
                    if trash { inTrash.insert(id) } else { inBlocks.insert(id) }
                }
            }
        }

        var builder = Builder()
        for element in elements where Self.string(element["Element"]) == "SQ" {
            guard let payload = element["Payload"] as? [String: Any], let qid = Self.string(payload["QuestionID"]) else { continue }
            let tag = Self.string(payload["DataExportTag"]) ?? qid
            if inTrash.contains(qid), !inBlocks.contains(qid) {
                builder.skipped.append("\(qid) (\(tag)): in the trash")
                continue
            }
            builder.add(Question(payload: payload, id: qid, tag: tag))
        }
        extraction = SurveyExtraction(
            survey: Survey(
                id: SurveyExtraction.identifier(name.lowercased()), title: LocalizedText(name),
                themes: [SurveyExtraction.unsortedTheme], statements: builder.statements,
                questions: builder.questions),
            skipped: builder.skipped)
    }

    /// A JSON string or number as text (the `.qsf` writes ids and recodes either way).
    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: nil
        }
    }

    /// Question text without its HTML markup, entities decoded and white space collapsed.
    static func plain(_ html: String) -> String {
        var out = ""
        var inTag = false
        for c in html {
            if c == "<" {
                inTag = true
                out.append(" ")
            } else if c == ">" {
                inTag = false
            } else if !inTag {
                out.append(c)
            }
        }
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// One `SQ` payload, read.
    struct Question {
        var id: String
        var tag: String
        var type: String
        var selector: String
        var subSelector: String
        var text: String
        /// Choices (rows of a matrix) in display order: id, label, whether it has a text field.
        var choices: [(id: String, label: String, textEntry: Bool)]
        /// Answers (columns of a matrix) in display order.
        var answers: [(id: String, label: String)]
        var recodes: [String: String]
        var total: Int?

        init(payload: [String: Any], id: String, tag: String) {
            self.id = id
            self.tag = tag
            type = QualtricsSurveyFile.string(payload["QuestionType"]) ?? ""
            selector = QualtricsSurveyFile.string(payload["Selector"]) ?? ""
            subSelector = QualtricsSurveyFile.string(payload["SubSelector"]) ?? ""
            text = QualtricsSurveyFile.plain(QualtricsSurveyFile.string(payload["QuestionText"]) ?? tag)
            choices = Self.ordered(payload["Choices"], order: payload["ChoiceOrder"]).map { id, value in
                let textEntry =
                    value["TextEntry"].map { QualtricsSurveyFile.string($0) == "true" || QualtricsSurveyFile.string($0) == "1" } ?? false
                return (id, QualtricsSurveyFile.plain(QualtricsSurveyFile.string(value["Display"]) ?? id), textEntry)
            }
            answers = Self.ordered(payload["Answers"], order: payload["AnswerOrder"]).map { id, value in
                (id, QualtricsSurveyFile.plain(QualtricsSurveyFile.string(value["Display"]) ?? id))
            }
            recodes = ((payload["RecodeValues"] as? [String: Any]) ?? [:]).compactMapValues { QualtricsSurveyFile.string($0) }
            let validation = (payload["Validation"] as? [String: Any])?["Settings"] as? [String: Any]
            total = QualtricsSurveyFile.string(validation?["ChoiceTotal"]).flatMap { Int($0) }
        }

        /// A `{id: {Display…}}` object in the order of its order list, or by numeric id.
        static func ordered(_ object: Any?, order: Any?) -> [(String, [String: Any])] {
            guard let object = object as? [String: Any] else { return [] }
            var ids = ((order as? [Any]) ?? []).compactMap { QualtricsSurveyFile.string($0) }.filter { object[$0] != nil }
            if ids.count != object.count {
                ids = object.keys.sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
            }
            return ids.map { ($0, (object[$0] as? [String: Any]) ?? [:]) }
        }

        /// The value the CSV export writes for a choice or answer: its recode, else its id.
        func exported(_ id: String) -> String { recodes[id] ?? id }
    }

    /// Collects the survey's questions as the `.qsf`'s questions are read.
    struct Builder {
        var statements: [Statement] = []
        var questions: [DraagvlakCore.Question] = []
        var skipped: [String] = []

        private func options(_ items: [(id: String, label: String)], code: (String) -> String) -> [DraagvlakCore.Category] {
            items.map { DraagvlakCore.Category(code: SurveyExtraction.identifier(code($0.id)), label: LocalizedText($0.label)) }
        }

        private mutating func add(
            _ kind: DraagvlakCore.Question.Kind, _ id: String, _ text: String, options: [DraagvlakCore.Category] = [], total: Int? = nil
        ) {
            questions.append(
                DraagvlakCore.Question(
                    id: SurveyExtraction.identifier(id), kind: kind, text: LocalizedText(text), options: options, total: total))
        }

        mutating func add(_ q: Question) {
            let choices = q.choices.map { (id: $0.id, label: $0.label) }
            switch (q.type, q.selector) {
            case ("MC", "SAVR"), ("MC", "SAHR"), ("MC", "SACOL"), ("MC", "DL"), ("MC", "SB"):
                add(.choice, q.id, q.text, options: options(choices, code: q.exported))
                addOtherText(q)
            case ("MC", "MAVR"), ("MC", "MAHR"), ("MC", "MACOL"), ("MC", "MSB"):
                add(.multipleChoice, q.id, q.text, options: options(choices, code: { $0 }))
                addOtherText(q)
            case ("Matrix", "Likert"):
                if q.subSelector == "MultipleAnswer" {
                    for row in q.choices {
                        add(.multipleChoice, "\(q.id)_\(row.id)", "\(q.text) – \(row.label)", options: options(q.answers, code: { $0 }))
                    }
                    return
                }
                let positions = q.answers.enumerated().allSatisfy { q.exported($1.id) == String($0 + 1) }
                let scale: Scale? = !positions ? nil : q.answers.count == 5 ? .likert5 : q.answers.count == 7 ? .likert7 : nil
                for row in q.choices {
                    let id = SurveyExtraction.identifier("\(q.id)_\(row.id)")
                    if let scale {
                        statements.append(
                            Statement(id: id, theme: SurveyExtraction.unsortedTheme.id, text: LocalizedText(row.label), scale: scale))
                    } else {
                        add(.choice, id, "\(q.text) – \(row.label)", options: options(q.answers, code: q.exported))
                    }
                }
                if scale == nil {
                    skipped.append(
                        "\(q.id) (\(q.tag)): a matrix of \(q.answers.count) scale points\(positions ? "" : " not coded 1…\(q.answers.count)"), read as a choice per row; make its rows statements if it is a 5- or 7-point agreement scale"
                    )
                }
            case ("RO", _):
                add(.ranking, q.id, q.text, options: options(choices, code: { $0 }))
            case ("CS", _):
                add(.points, q.id, q.text, options: options(choices, code: { $0 }), total: q.total)
            case ("TE", "FORM"):
                for field in q.choices { add(.open, "\(q.id)_\(field.id)", "\(q.text) – \(field.label)") }
            case ("TE", _):
                add(.open, "\(q.id)_TEXT", q.text)
            case ("DB", _), ("Timing", _), ("Meta", _):
                skipped.append(
                    "\(q.id) (\(q.tag)): \(q.type == "DB" ? "descriptive text" : q.type == "Timing" ? "page timing" : "browser metadata"), no answer"
                )
            case ("Slider", _), ("NPS", _):
                skipped.append(
                    "\(q.id) (\(q.tag)): warning: a \(q.type == "NPS" ? "Net Promoter Score (0–10)" : "slider") question fits no Draagvlak scale; left out"
                )
            case ("SBS", _):
                skipped.append(
                    "\(q.id) (\(q.tag)): a side-by-side question is not supported; add its columns by hand (export column \(q.id)#1_1 is read as id \(q.id)_1_1)"
                )
            default:
                skipped.append("\(q.id) (\(q.tag)): question type \(q.type)/\(q.selector) is not supported")
            }
        }

        /// The text field of an "other, namely" choice.
        private mutating func addOtherText(_ q: Question) {
            for choice in q.choices where choice.textEntry {
                add(.open, "\(q.id)_\(choice.id)_TEXT", "\(q.text) – \(choice.label)")
            }
        }
    }
}
