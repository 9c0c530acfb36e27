import DraagvlakCore
import Foundation

/// A LimeSurvey survey structure as read from a `.lss` (or a question group `.lsg`): the survey's
/// languages and titles, its groups, and its questions with their subquestions and answer
/// options, each text per language.
///
/// Both layouts are read: LimeSurvey 3 (DBVersion < 400), where question, answer and group rows
/// carry their text and a `language` (one row per language), and LimeSurvey ≥ 4, where the texts
/// sit in `question_l10ns`, `answer_l10ns` and `group_l10ns`.
struct LimeSurveyStructure: Sendable {
    struct Group: Sendable {
        var gid: String
        var order: Int
        var name: [String: String]
    }

    struct SubQuestion: Sendable {
        var qid: String
        var code: String
        var order: Int
        var scale: Int
        var text: [String: String]
    }

    struct Answer: Sendable {
        var code: String
        var order: Int
        var scale: Int
        var text: [String: String]
    }

    struct Question: Sendable {
        var qid: String
        var gid: String
        var sid: String
        /// The question code (LimeSurvey's `title`).
        var code: String
        /// LimeSurvey's one-letter question type (`L`, `M`, `A`, `5`, …).
        var type: String
        var other: Bool
        var order: Int
        var text: [String: String]
        var subquestions: [SubQuestion]
        var answers: [Answer]
        /// Attributes without a language, and `name[lang]` for language-specific ones.
        var attributes: [String: String]

        /// `{sid}X{gid}X{qid}`: the start of every response column of this question.
        var columnPrefix: String { "\(sid)X\(gid)X\(qid)" }
    }

    /// `Survey`, `Group`, …
    var docType: String
    var dbVersion: Int
    var sid: String
    var baseLanguage: String
    /// The base language first, then the additional ones.
    var languages: [String]
    /// Whether response dates are recorded (`datestamp = Y`); when not, LimeSurvey writes
    /// `1980-01-01 00:00:00` as the submission date.
    var datestamp: Bool
    var titles: [String: String]
    var groups: [Group]
    /// In survey order: by group order, then question order.
    var questions: [Question]

    /// The ≥ 4 layout (`*_l10ns` tables); false for LimeSurvey 3 and earlier.
    var hasL10nTables: Bool

    static let tables: Set<String> = [
        "answers", "answer_l10ns", "groups", "group_l10ns", "questions", "subquestions", "question_l10ns",
        "question_attributes", "surveys", "surveys_languagesettings",
    ]

    /// Reads a `.lss` or `.lsg` file.
    static func read(_ url: URL, displayName: String) throws -> LimeSurveyStructure {
        var docType = ""
        var dbVersion = 0
        var documentLanguages: [String] = []
        var rows: [String: [[String: String]]] = [:]
        try LimeSurveyXML.read(url, displayName: displayName, tables: tables) { event in
            switch event {
            case .docType(let type): docType = type
            case .dbVersion(let version): dbVersion = version
            case .language(let language): if !language.isEmpty { documentLanguages.append(language) }
            case .fields: break
            case .row(let table, let values, _): rows[table, default: []].append(values)
            }
        }
        guard !docType.isEmpty else {
            throw InputError("\(displayName): not a LimeSurvey document (no <LimeSurveyDocType>)")
        }
        guard docType == "Survey" || docType == "Group" else {
            throw InputError("\(displayName): a LimeSurvey '\(docType)' document holds no survey structure; use the survey's .lss file")
        }
        return try LimeSurveyStructure(
            docType: docType, dbVersion: dbVersion, documentLanguages: documentLanguages, rows: rows, file: displayName)
    }

    init(docType: String, dbVersion: Int, documentLanguages: [String], rows: [String: [[String: String]]], file: String) throws {
        self.docType = docType
        self.dbVersion = dbVersion
        hasL10nTables = rows["question_l10ns"] != nil || rows["group_l10ns"] != nil || rows["answer_l10ns"] != nil || dbVersion >= 400

        let survey = rows["surveys"]?.first
        let base = survey?["language"].flatMap { $0.isEmpty ? nil : $0 } ?? documentLanguages.first ?? "en"
        baseLanguage = base
        var languages = [base]
        let additional = (survey?["additional_languages"] ?? "").split(separator: " ").map(String.init)
        for language in additional + documentLanguages where !languages.contains(language) { languages.append(language) }
        self.languages = languages
        datestamp = survey?["datestamp"] == "Y"

        var titles: [String: String] = [:]
        for row in rows["surveys_languagesettings"] ?? [] {
            if let language = row["surveyls_language"] { titles[language] = row["surveyls_title"] ?? "" }
        }
        self.titles = titles

        // Groups: LS 3 rows carry group_name + language; LS ≥ 4 puts them in group_l10ns.
        var groupOrder: [String] = []
        var groups: [String: Group] = [:]
        for row in rows["groups"] ?? [] {
            guard let gid = row["gid"] else { continue }
            if groups[gid] == nil {
                groupOrder.append(gid)
                groups[gid] = Group(gid: gid, order: Int(row["group_order"] ?? "") ?? 0, name: [:])
            }
            if let name = row["group_name"] { groups[gid]!.name[row["language"] ?? base] = name }
        }
        for row in rows["group_l10ns"] ?? [] {
            guard let gid = row["gid"], let name = row["group_name"] else { continue }
            groups[gid]?.name[row["language"] ?? base] = name
        }

        // Questions and subquestions: a row with parent_qid ≠ 0 is a subquestion, whichever table it is in.
        var questionOrder: [String] = []
        var questions: [String: Question] = [:]
        var subOrder: [String] = []
        var subs: [String: (parent: String, sub: SubQuestion)] = [:]
        for row in (rows["questions"] ?? []) + (rows["subquestions"] ?? []) {
            guard let qid = row["qid"] else { continue }
            let parent = row["parent_qid"] ?? "0"
            let language = row["language"] ?? base
            if parent != "0" && !parent.isEmpty {
                if subs[qid] == nil {
                    subOrder.append(qid)
                    subs[qid] = (
                        parent,
                        SubQuestion(
                            qid: qid, code: row["title"] ?? qid, order: Int(row["question_order"] ?? "") ?? 0,
                            scale: Int(row["scale_id"] ?? "") ?? 0, text: [:])
                    )
                }
                if let text = row["question"] { subs[qid]!.sub.text[language] = text }
            } else {
                if questions[qid] == nil {
                    guard let type = row["type"], let code = row["title"] else {
                        throw InputError("\(file): question \(qid) has no type or code (title)")
                    }
                    questionOrder.append(qid)
                    questions[qid] = Question(
                        qid: qid, gid: row["gid"] ?? "", sid: row["sid"] ?? "", code: code, type: type,
                        other: row["other"] == "Y", order: Int(row["question_order"] ?? "") ?? 0,
                        text: [:], subquestions: [], answers: [], attributes: [:])
                }
                if let text = row["question"] { questions[qid]!.text[language] = text }
            }
        }
        for row in rows["question_l10ns"] ?? [] {
            guard let qid = row["qid"], let text = row["question"] else { continue }
            let language = row["language"] ?? base
            if questions[qid] != nil {
                questions[qid]!.text[language] = text
            } else if subs[qid] != nil {
                subs[qid]!.sub.text[language] = text
            }
        }
        for qid in subOrder {
            let (parent, sub) = subs[qid]!
            questions[parent]?.subquestions.append(sub)
        }

        // Answers: LS 3 is keyed by (qid, code, scale_id) with one row per language; LS ≥ 4 by aid.
        var answerOrder: [String] = []
        var answers: [String: (qid: String, answer: Answer)] = [:]
        for row in rows["answers"] ?? [] {
            guard let qid = row["qid"], let code = row["code"] else { continue }
            let scale = Int(row["scale_id"] ?? "") ?? 0
            let key = row["aid"] ?? "\(qid)|\(code)|\(scale)"
            if answers[key] == nil {
                answerOrder.append(key)
                answers[key] = (qid, Answer(code: code, order: Int(row["sortorder"] ?? "") ?? 0, scale: scale, text: [:]))
            }
            if let text = row["answer"] { answers[key]!.answer.text[row["language"] ?? base] = text }
        }
        for row in rows["answer_l10ns"] ?? [] {
            guard let aid = row["aid"], let text = row["answer"] else { continue }
            answers[aid]?.answer.text[row["language"] ?? base] = text
        }
        for key in answerOrder {
            let (qid, answer) = answers[key]!
            questions[qid]?.answers.append(answer)
        }

        for row in rows["question_attributes"] ?? [] {
            guard let qid = row["qid"], let name = row["attribute"] else { continue }
            let language = row["language"] ?? ""
            questions[qid]?.attributes[language.isEmpty ? name : "\(name)[\(language)]"] = row["value"] ?? ""
        }

        self.groups = groupOrder.compactMap { groups[$0] }.sorted { $0.order < $1.order }
        let rank = Dictionary(self.groups.enumerated().map { ($1.gid, $0) }, uniquingKeysWith: { a, _ in a })
        self.questions = questionOrder.compactMap { questions[$0] }.map { question in
            var question = question
            question.subquestions.sort { ($0.scale, $0.order) < ($1.scale, $1.order) }
            question.answers.sort { ($0.scale, $0.order) < ($1.scale, $1.order) }
            return question
        }.enumerated().sorted { a, b in
            (rank[a.element.gid] ?? Int.max, a.element.order, a.offset) < (rank[b.element.gid] ?? Int.max, b.element.order, b.offset)
        }.map(\.element)

        sid = survey?["sid"] ?? rows["groups"]?.first?["sid"] ?? self.questions.first?.sid ?? ""
        if sid.isEmpty { throw InputError("\(file): the survey id (sid) is missing") }
        for i in self.questions.indices where self.questions[i].sid.isEmpty { self.questions[i].sid = sid }
    }

    /// The survey id of a `.lss`, or nil when the file is no readable survey structure.
    static func surveyID(ofStructure url: URL) -> String? {
        (try? read(url, displayName: url.lastPathComponent))?.sid
    }
}
