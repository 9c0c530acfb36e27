import DraagvlakCore
import Foundation

/// The Draagvlak survey a LimeSurvey structure becomes, and for every response column LimeSurvey
/// writes (`{sid}X{gid}X{qid}{suffix}` in a `.lsr`, `Q[SQ]` in a CSV export) the column of that
/// survey it fills and how its values turn into our codes.
///
/// Question types (LimeSurvey letter → Draagvlak):
/// - `5` 5-point choice → a `likert5` statement; `A` array (5 point) → one `likert5` statement
///   per subquestion, id `Q_SQ`.
/// - `F`/`H` arrays → per subquestion a `likert5` (5 answer options) or `likert7` (7) statement
///   whose value is the option's position; an option labelled "weet niet", "n.v.t.", … is no
///   answer. With another number of options, one `choice` question per subquestion.
/// - `C` array yes/uncertain/no → `vote` statements (Y 1, U 0, N −1); `E` increase/same/decrease
///   → a `choice` per subquestion.
/// - `L`, `!`, `O` lists with at most 12 options and `G` gender → demographic questions (the
///   skipped list says so, since `survey from` cannot tell a district from an opinion); longer
///   lists → `choice`. "Other" (`-oth-`) becomes the code `other`, its text an open question `Q_other`.
/// - `Y` yes/no → a `choice` with options `Y` and `N`: it usually asks a fact, not agreement,
///   so it stays out of the support statistics unless the user makes it a vote statement.
/// - `M`, `P` → `multipleChoice` (P's comments are left out); `R` → `ranking`; `K` with a fixed
///   sum (`equals_num_value`) → `points`; `S`, `T`, `U` → `open`; `Q` → an `open` per subquestion.
/// - Everything else (dates, numbers, dual scales, uploads, equations, display texts) is left
///   out, with the reason in `skipped`.
struct LimeSurveyMapping: Sendable {
    /// One LimeSurvey response column.
    struct Column: Sendable {
        /// The `.lsr` field name: `{sid}X{gid}X{qid}{suffix}`.
        var field: String
        /// The CSV export's code heading: `Q`, `Q[SQ]`, `Q[1]`, `Q[other]`.
        var code: String
        /// The column name the import session resolves against the survey.
        var header: String
        var conversion: Conversion
    }

    /// How a LimeSurvey value becomes the value an import session reads.
    enum Conversion: Sendable, Equatable {
        case asIs
        /// Multiple choice: `Y` → `1`, empty (shown, not ticked) → `0`.
        case flag
        /// LimeSurvey code → our code; other values are kept as they are.
        case values([String: String])
        /// LimeSurvey stores numbers as decimals (`25.0000000000`): whole numbers lose the decimals.
        case number
        /// Without a survey structure: a scale answer written as an answer code (`A4`, `AO04`)
        /// becomes its number.
        case scalePoint
        /// Without a survey structure: "other" (`-oth-`) becomes the code `other`.
        case otherCode

        /// The converted value; NULL (no element: not shown) and empty are both "".
        func apply(_ value: String?) -> String {
            guard let value else { return "" }
            switch self {
            case .asIs:
                return value
            case .flag:
                return value == "Y" ? "1" : value.isEmpty ? "0" : value
            case .values(let table):
                return value.isEmpty ? "" : table[value] ?? value
            case .number:
                return Self.wholeNumber(value)
            case .scalePoint:
                let text = Self.wholeNumber(value)
                if Int(text) != nil { return text }
                let digits = text.drop { $0.isLetter }
                if !digits.isEmpty, digits.count < text.count, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) {
                    return String(number)
                }
                return text
            case .otherCode:
                return value == "-oth-" ? "other" : value
            }
        }

        static func wholeNumber(_ value: String) -> String {
            let text = value.trimmingCharacters(in: .whitespaces)
            guard text.contains("."), let number = Double(text), number == number.rounded(), abs(number) < 1e15 else { return text }
            return String(Int(number))
        }
    }

    var survey: Survey
    /// Questions left out, and other things the user should check, one line each.
    var skipped: [String]
    /// In survey order.
    var columns: [Column]

    /// Answer labels that mean "no answer" rather than a point on a scale.
    static let noAnswerLabels: Set<String> = [
        "weet niet", "weet ik niet", "geen mening", "n.v.t.", "nvt", "niet van toepassing", "don't know", "dont know",
        "no opinion", "not applicable", "n/a", "no answer", "geen antwoord",
    ]

    /// The largest list that becomes a demographic question rather than a choice.
    static let demographicLimit = 12

    init(_ structure: LimeSurveyStructure) {
        let texts = Texts(structure)
        var statements: [Statement] = []
        var demographics: [DemographicQuestion] = []
        var questions: [Question] = []
        var skipped: [String] = []
        var columns: [Column] = []
        var used: Set<String> = []
        let theme = SurveyExtraction.unsortedTheme.id

        for language in texts.ignored {
            skipped.append("texts in language '\(language)' were left out: Draagvlak keeps Dutch and English")
        }

        for q in structure.questions {
            let code = q.code
            let prefix = q.columnPrefix
            let text = texts.localized(q.text, fallback: code)
            let subs = q.subquestions.filter { $0.scale == 0 }
            let answers = q.answers.filter { $0.scale == 0 }
            let label = "'\(code)' (type \(q.type))"
            func skip(_ reason: String) { skipped.append("\(label): \(reason)") }
            /// Claims an id; false (with a note) when another question already has it.
            func claim(_ id: String) -> Bool {
                if used.insert(id).inserted { return true }
                skipped.append("\(label): the id '\(id)' is already taken by another question; left out")
                return false
            }
            func subText(_ sub: LimeSurveyStructure.SubQuestion) -> LocalizedText {
                texts.localized(sub.text, fallback: "\(code)[\(sub.code)]")
            }
            func options(_ answers: [LimeSurveyStructure.Answer]) -> [Category] {
                answers.map { Category(code: $0.code, label: texts.localized($0.text, fallback: $0.code)) }
            }
            func combined(_ sub: LimeSurveyStructure.SubQuestion) -> LocalizedText {
                let s = subText(sub)
                return LocalizedText(nl: "\(text.nl): \(s.nl)", en: "\(text.en): \(s.en)")
            }
            func statementsPerSubquestion(_ scale: Scale, _ conversion: Conversion) {
                for sub in subs {
                    let id = SurveyExtraction.identifier("\(code)[\(sub.code)]")
                    guard claim(id) else { continue }
                    statements.append(Statement(id: id, theme: theme, text: subText(sub), scale: scale))
                    columns.append(Column(field: prefix + sub.code, code: "\(code)[\(sub.code)]", header: id, conversion: conversion))
                }
            }
            func choicePerSubquestion(_ choices: [Category]) {
                for sub in subs {
                    let id = SurveyExtraction.identifier("\(code)[\(sub.code)]")
                    guard claim(id) else { continue }
                    questions.append(Question(id: id, kind: .choice, text: combined(sub), options: choices))
                    columns.append(Column(field: prefix + sub.code, code: "\(code)[\(sub.code)]", header: id, conversion: .asIs))
                }
            }
            func openQuestion(suffix: String, what: LocalizedText) {
                let id = SurveyExtraction.identifier("\(code)[\(suffix)]")
                guard claim(id) else { return }
                questions.append(
                    Question(id: id, kind: .open, text: LocalizedText(nl: "\(text.nl) (\(what.nl))", en: "\(text.en) (\(what.en))")))
                columns.append(Column(field: prefix + suffix, code: "\(code)[\(suffix)]", header: id, conversion: .asIs))
            }
            let other = LocalizedText(nl: "Anders", en: "Other")

            switch q.type {
            case "5":
                let id = SurveyExtraction.identifier(code)
                guard claim(id) else { continue }
                statements.append(Statement(id: id, theme: theme, text: text, scale: .likert5))
                columns.append(Column(field: prefix, code: code, header: id, conversion: .asIs))
            case "A":
                statementsPerSubquestion(.likert5, .asIs)
            case "F", "H":
                let points = answers.filter { !Self.noAnswerLabels.contains(texts.plain($0.text).lowercased()) }
                let scale: Scale? = points.count == 5 ? .likert5 : points.count == 7 ? .likert7 : nil
                if let scale {
                    var table: [String: String] = [:]
                    for answer in answers { table[answer.code] = "" }
                    for (i, answer) in points.enumerated() { table[answer.code] = String(i + 1) }
                    statementsPerSubquestion(scale, .values(table))
                } else {
                    choicePerSubquestion(options(answers))
                    skipped.append(
                        "\(label): \(points.count) answer options are no 5- or 7-point scale; made a choice question per subquestion")
                }
            case "C":
                statementsPerSubquestion(.vote, .values(["Y": "1", "U": "0", "N": "-1"]))
            case "E":
                choicePerSubquestion([
                    Category(code: "I", label: LocalizedText(nl: "Meer", en: "Increase")),
                    Category(code: "S", label: LocalizedText(nl: "Gelijk", en: "Same")),
                    Category(code: "D", label: LocalizedText(nl: "Minder", en: "Decrease")),
                ])
            case "L", "!", "O":
                let id = SurveyExtraction.identifier(code)
                guard claim(id) else { continue }
                var categories = options(answers)
                var conversion = Conversion.asIs
                if q.other {
                    categories.append(Category(code: "other", label: other))
                    conversion = .values(["-oth-": "other"])
                }
                if answers.count <= Self.demographicLimit {
                    demographics.append(DemographicQuestion(id: id, text: text, categories: categories))
                    skipped.append(
                        "\(label): a list, made a demographic question; if it does not describe the respondent (district, age band, …), make it a choice question"
                    )
                } else {
                    questions.append(Question(id: id, kind: .choice, text: text, options: categories))
                }
                columns.append(Column(field: prefix, code: code, header: id, conversion: conversion))
                if q.other && q.type != "O" { openQuestion(suffix: "other", what: other) }
                if q.type == "O" { openQuestion(suffix: "comment", what: LocalizedText(nl: "toelichting", en: "comment")) }
            case "G":
                let id = SurveyExtraction.identifier(code)
                guard claim(id) else { continue }
                demographics.append(
                    DemographicQuestion(
                        id: id, text: text,
                        categories: [
                            Category(code: "F", label: LocalizedText(nl: "Vrouw", en: "Female")),
                            Category(code: "M", label: LocalizedText(nl: "Man", en: "Male")),
                        ]))
                columns.append(Column(field: prefix, code: code, header: id, conversion: .asIs))
            case "Y":
                let id = SurveyExtraction.identifier(code)
                guard claim(id) else { continue }
                questions.append(
                    Question(
                        id: id, kind: .choice, text: text,
                        options: [
                            Category(code: "Y", label: LocalizedText(nl: "Ja", en: "Yes")),
                            Category(code: "N", label: LocalizedText(nl: "Nee", en: "No")),
                        ]))
                columns.append(Column(field: prefix, code: code, header: id, conversion: .asIs))
                skipped.append("\(label): yes/no, made a choice question; make it a vote statement if it asks for agreement")
            case "M", "P":
                let id = SurveyExtraction.identifier(code)
                guard claim(id) else { continue }
                questions.append(
                    Question(
                        id: id, kind: .multipleChoice, text: text,
                        options: subs.map { Category(code: $0.code, label: subText($0)) }))
                for sub in subs {
                    columns.append(
                        Column(field: prefix + sub.code, code: "\(code)[\(sub.code)]", header: "\(id)[\(sub.code)]", conversion: .flag))
                }
                if q.other { openQuestion(suffix: "other", what: other) }
                if q.type == "P" { skipped.append("\(label): the comments per option were left out") }
            case "R":
                let id = SurveyExtraction.identifier(code)
                guard claim(id) else { continue }
                questions.append(Question(id: id, kind: .ranking, text: text, options: options(answers)))
                var slots = answers.count
                if let limit = q.attributes["max_subquestions"].flatMap({ Int($0) }), limit > 0 { slots = min(slots, limit) }
                if slots > 0 {
                    for rank in 1...slots {
                        columns.append(
                            Column(field: prefix + String(rank), code: "\(code)[\(rank)]", header: "\(id)[\(rank)]", conversion: .asIs))
                    }
                }
            case "K":
                guard let total = q.attributes["equals_num_value"].flatMap({ Int(Conversion.wholeNumber($0)) }), total > 0 else {
                    skip("multiple numerical input without a fixed sum (equals_num_value); no point allocation")
                    continue
                }
                let id = SurveyExtraction.identifier(code)
                guard claim(id) else { continue }
                questions.append(
                    Question(
                        id: id, kind: .points, text: text,
                        options: subs.map { Category(code: $0.code, label: subText($0)) }, total: total))
                for sub in subs {
                    columns.append(
                        Column(field: prefix + sub.code, code: "\(code)[\(sub.code)]", header: "\(id)[\(sub.code)]", conversion: .number))
                }
            case "S", "T", "U":
                let id = SurveyExtraction.identifier(code)
                guard claim(id) else { continue }
                questions.append(Question(id: id, kind: .open, text: text))
                columns.append(Column(field: prefix, code: code, header: id, conversion: .asIs))
            case "Q":
                for sub in subs {
                    let id = SurveyExtraction.identifier("\(code)[\(sub.code)]")
                    guard claim(id) else { continue }
                    questions.append(Question(id: id, kind: .open, text: combined(sub)))
                    columns.append(Column(field: prefix + sub.code, code: "\(code)[\(sub.code)]", header: id, conversion: .asIs))
                }
            case "B": skip("10-point array: Draagvlak has no 10-point scale")
            case "1": skip("dual-scale array: not supported; map its columns by hand with a mapping file")
            case "D": skip("date: not supported")
            case "N": skip("numerical input: not supported (an age can be banded into a demographic by hand)")
            case ":", ";": skip("array of numbers or texts: not supported")
            case "X": skip("display text: no answer")
            case "*": skip("equation: a computed value, no answer")
            case "I": skip("language switch: no answer")
            case "|": skip("file upload: uploaded files are never imported")
            default: skip("unknown question type")
            }
        }

        let title: LocalizedText
        if structure.docType == "Group", structure.titles.isEmpty, let group = structure.groups.first {
            title = texts.localized(group.name, fallback: "LimeSurvey \(structure.sid)")
        } else {
            title = texts.localized(structure.titles, fallback: "LimeSurvey \(structure.sid)")
        }
        survey = Survey(
            id: "limesurvey-\(structure.sid)", title: title, themes: [SurveyExtraction.unsortedTheme],
            statements: statements, demographics: demographics, questions: questions)
        self.skipped = skipped
        self.columns = columns
    }

    /// Picks a survey's Dutch and English texts: `nl` (or `nl-informal`) when the survey has it,
    /// else the base language; `en` when present, else the base language. HTML is stripped.
    struct Texts {
        let nlOrder: [String]
        let enOrder: [String]
        /// Languages of the survey that are neither used for Dutch nor for English.
        let ignored: [String]

        init(_ structure: LimeSurveyStructure) {
            let base = structure.baseLanguage
            nlOrder = ["nl", "nl-informal", base]
            enOrder = ["en", base]
            ignored = structure.languages.filter { !["nl", "nl-informal", "en", base].contains($0) }
        }

        func localized(_ texts: [String: String], fallback: String) -> LocalizedText {
            func pick(_ order: [String]) -> String {
                for language in order {
                    if let text = texts[language].map(LimeSurveyMapping.plainText), !text.isEmpty { return text }
                }
                return ""
            }
            var nl = pick(nlOrder)
            var en = pick(enOrder)
            if nl.isEmpty { nl = en }
            if en.isEmpty { en = nl }
            if nl.isEmpty {
                nl = fallback
                en = fallback
            }
            return LocalizedText(nl: nl, en: en)
        }

        /// A text for comparing labels: the first language that has one, HTML stripped.
        func plain(_ texts: [String: String]) -> String {
            localized(texts, fallback: "").en
        }
    }

    /// Text without HTML tags, with the common entities decoded and whitespace collapsed.
    static func plainText(_ html: String) -> String {
        var out = ""
        var index = html.startIndex
        while index < html.endIndex {
            let c = html[index]
            if c == "<", let next = html.index(index, offsetBy: 1, limitedBy: html.endIndex), next < html.endIndex,
                html[next].isLetter || html[next] == "/" || html[next] == "!",
                let close = html[next...].firstIndex(of: ">")
            {
                out += " "
                index = html.index(after: close)
                continue
            }
            if c == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                let name = String(html[html.index(after: index)..<semicolon])
                if let decoded = decodeEntity(name) {
                    out.append(decoded)
                    index = html.index(after: semicolon)
                    continue
                }
            }
            out.append(c)
            index = html.index(after: index)
        }
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func decodeEntity(_ name: String) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap { Unicode.Scalar($0) }.map { Character($0) }
        }
    }
}
