import Consultation
import Definitions
import DraagvlakCore
import Foundation
import Hummingbird

/// The officers' form for the municipality's reply (`reply.yaml`): the date, the wave it answers,
/// the introduction, and per theme of the survey a verdict with its Dutch and English text;
/// under each theme, folded away, the same for each of its statements. Reading a posted form
/// gives a `Reply` or the problems by field name, so the page can show each beside its field.
///
/// Field names: `date`, `wave`, `introduction.nl`, `introduction.en`, and
/// `theme.<id>.verdict|nl|en`, `statement.<id>.verdict|nl|en`. An English text left empty is the
/// Dutch text in both languages, as a single string in `reply.yaml` is.
struct ReplyForm {
    let survey: Survey
    let language: Language

    /// What a part of the reply answers.
    enum Kind: String {
        case theme
        case statement
    }

    /// Problems by field name.
    typealias Errors = [String: String]

    /// The verdicts in the order the form offers them.
    static let verdicts: [Reply.Verdict] = [.adopted, .partly, .notAdopted, .pending]

    /// The longest text a field takes, in characters.
    static let maxText = 10_000

    /// The longest date.
    static let maxDate = 100

    static func name(_ kind: Kind, _ id: String, _ part: String) -> String {
        "\(kind.rawValue).\(id).\(part)"
    }

    /// The verdict's words, as the reply chapter of the vision prints them.
    static func label(_ verdict: Reply.Verdict, _ texts: [String: String]) -> String {
        switch verdict {
        case .adopted: texts["verdictAdopted"]!
        case .partly: texts["verdictPartly"]!
        case .notAdopted: texts["verdictNotAdopted"]!
        case .pending: texts["verdictPending"]!
        }
    }

    /// The themes a reply can answer: those with statements (as `ReplyLoader` checks), in the
    /// survey's order, each with its index in the survey (for the fields' ids).
    var themes: [(index: Int, theme: Theme)] {
        let withStatements = Set(survey.statements.map(\.theme))
        var result: [(index: Int, theme: Theme)] = []
        for (index, theme) in survey.themes.enumerated() where withStatements.contains(theme.id) {
            result.append((index: index, theme: theme))
        }
        return result
    }

    // MARK: Values

    /// The form's values for `reply` (none: an empty form). An English text that is the same as
    /// the Dutch is shown empty.
    static func values(of reply: Reply?) -> [String: String] {
        guard let reply else { return [:] }
        var values: [String: String] = [:]
        values["date"] = reply.date
        values["wave"] = reply.wave
        func put(_ prefix: String, _ text: LocalizedText) {
            values[prefix + ".nl"] = text.nl
            values[prefix + ".en"] = text.en == text.nl ? "" : text.en
        }
        if let introduction = reply.introduction { put("introduction", introduction) }
        for (id, answer) in reply.themes {
            values[name(.theme, id, "verdict")] = answer.verdict.rawValue
            put("\(Kind.theme.rawValue).\(id)", answer.text)
        }
        for (id, answer) in reply.statements {
            values[name(.statement, id, "verdict")] = answer.verdict.rawValue
            put("\(Kind.statement.rawValue).\(id)", answer.text)
        }
        return values
    }

    /// A posted text as it is kept: line breaks as `\n`, no other control characters than tabs,
    /// no spaces or line breaks at either end.
    static func clean(_ text: String?) -> String {
        guard let text else { return "" }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar.value {
            case 0x0D: out.append("\n")
            case 0x0A: if previous?.value != 0x0D { out.append(scalar) }
            case 0x09: out.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: out.append(scalar)
            }
        }
        return String(out).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Reading

    /// The reply a posted form describes, or the problems by field name. A theme or statement
    /// without a verdict and without text is left out; a verdict needs a Dutch text, and a text
    /// needs a verdict.
    func read(_ form: [String: String]) -> (reply: Reply, errors: Errors) {
        let texts = UIText.table(language)
        var errors: Errors = [:]
        var reply = Reply()

        let date = Self.clean(form["date"])
        if date.contains("\n") {
            errors["date"] = texts["replyOneLine"]!
        } else if date.count > Self.maxDate {
            errors["date"] = String(format: texts["replyTooLong"]!, Self.maxDate)
        } else if !date.isEmpty {
            reply.date = date
        }

        let wave = form["wave"] ?? ""
        if !wave.isEmpty {
            if let problem = Wave.problem(wave) {
                errors["wave"] = String(format: texts["replyBadWave"]!, problem)
            } else {
                reply.wave = wave
            }
        }

        let introNL = Self.clean(form["introduction.nl"])
        let introEN = Self.clean(form["introduction.en"])
        for (name, text) in [("introduction.nl", introNL), ("introduction.en", introEN)] where text.count > Self.maxText {
            errors[name] = String(format: texts["replyTooLong"]!, Self.maxText)
        }
        if introNL.isEmpty {
            if !introEN.isEmpty { errors["introduction.nl"] = texts["replyNeedsDutch"]! }
        } else {
            reply.introduction = LocalizedText(nl: introNL, en: introEN.isEmpty ? introNL : introEN)
        }

        for (_, theme) in themes {
            if let given = answer(.theme, theme.id, form, &errors, texts) { reply.themes[theme.id] = given }
        }
        for statement in survey.statements {
            if let given = answer(.statement, statement.id, form, &errors, texts) { reply.statements[statement.id] = given }
        }
        return (reply, errors)
    }

    /// The answer to one theme or statement, nil when it has none or a problem (added to `errors`).
    private func answer(
        _ kind: Kind, _ id: String, _ form: [String: String], _ errors: inout Errors, _ texts: [String: String]
    ) -> Reply.Answer? {
        let verdictName = Self.name(kind, id, "verdict")
        let nlName = Self.name(kind, id, "nl")
        let enName = Self.name(kind, id, "en")
        let value = (form[verdictName] ?? "").trimmingCharacters(in: .whitespaces)
        let nl = Self.clean(form[nlName])
        let en = Self.clean(form[enName])
        var tooLong = false
        for (name, text) in [(nlName, nl), (enName, en)] where text.count > Self.maxText {
            errors[name] = String(format: texts["replyTooLong"]!, Self.maxText)
            tooLong = true
        }
        if value.isEmpty {
            if !nl.isEmpty || !en.isEmpty { errors[verdictName] = texts["replyNeedsVerdict"]! }
            return nil
        }
        guard let verdict = Reply.Verdict(rawValue: value) else {
            errors[verdictName] = texts["replyUnknownVerdict"]!
            return nil
        }
        guard !nl.isEmpty else {
            errors[nlName] = texts["replyNeedsDutch"]!
            return nil
        }
        if tooLong { return nil }
        return Reply.Answer(verdict: verdict, text: LocalizedText(nl: nl, en: en.isEmpty ? nl : en))
    }

    // MARK: The page

    /// The template's context: every field with its value and problem, the problems listed at
    /// the top with links to their fields, in the order of the page.
    func context(values: [String: String], errors: Errors, waves: [String]) -> [String: Any] {
        let texts = UIText.table(language)
        var summary: [[String: Any]] = []

        func field(_ name: String, id: String, label: String, about: String) -> [String: Any] {
            var item: [String: Any] = ["name": name, "id": id, "label": label, "value": values[name] ?? ""]
            if let error = errors[name] {
                item["error"] = error
                item["errorID"] = id + "-error"
                summary.append(["anchor": id, "label": about.isEmpty ? label : "\(about) — \(label)", "message": error])
            }
            return item
        }

        func subject(_ kind: Kind, _ id: String, anchor: String, about: String) -> [String: Any] {
            let verdictName = Self.name(kind, id, "verdict")
            let current = values[verdictName] ?? ""
            var verdict = field(verdictName, id: anchor + "-verdict", label: texts["replyVerdict"]!, about: about)
            var options: [[String: Any]] = [["value": "", "label": texts["replyNoVerdict"]!, "selected": current.isEmpty]]
            for v in Self.verdicts {
                options.append(["value": v.rawValue, "label": Self.label(v, texts), "selected": current == v.rawValue])
            }
            verdict["options"] = options
            let nl = field(Self.name(kind, id, "nl"), id: anchor + "-nl", label: texts["replyDutch"]!, about: about)
            let en = field(Self.name(kind, id, "en"), id: anchor + "-en", label: texts["replyEnglish"]!, about: about)
            return ["verdict": verdict, "nl": nl, "en": en]
        }

        var context: [String: Any] = [:]
        context["date"] = field("date", id: "r-date", label: texts["replyDate"]!, about: "")
        // The waves the store holds (the unnamed wave of a consultation that asks once is "every
        // wave"), and the reply's own wave when the store does not hold it (yet).
        let wave = values["wave"] ?? ""
        var waveNames = waves.filter { $0 != Wave.single }
        if !wave.isEmpty, !waveNames.contains(wave) { waveNames.append(wave) }
        if !waveNames.isEmpty {
            var item = field("wave", id: "r-wave", label: texts["replyWave"]!, about: "")
            var options: [[String: Any]] = [["value": "", "label": texts["replyEveryWave"]!, "selected": wave.isEmpty]]
            for name in waveNames {
                options.append(["value": name, "label": name, "selected": name == wave])
            }
            item["options"] = options
            context["wave"] = item
        }
        let introduction = texts["replyIntroduction"]!
        context["introNL"] = field("introduction.nl", id: "r-intro-nl", label: texts["replyDutch"]!, about: introduction)
        context["introEN"] = field("introduction.en", id: "r-intro-en", label: texts["replyEnglish"]!, about: introduction)

        var themeItems: [[String: Any]] = []
        for (index, theme) in themes {
            let title = theme.title[language]
            var item: [String: Any] = [
                "title": title, "anchor": "r-t\(index)",
                "subject": subject(.theme, theme.id, anchor: "r-t\(index)", about: title),
            ]
            var statements: [[String: Any]] = []
            var answered = 0
            var open = false
            for (position, statement) in survey.statements.enumerated() where statement.theme == theme.id {
                let parts = ["verdict", "nl", "en"].map { Self.name(.statement, statement.id, $0) }
                if !(values[parts[0]] ?? "").isEmpty { answered += 1 }
                if parts.contains(where: { errors[$0] != nil }) { open = true }
                statements.append([
                    "id": statement.id, "text": statement.text[language],
                    "subject": subject(.statement, statement.id, anchor: "r-s\(position)", about: statement.id),
                ])
            }
            item["statements"] = statements
            item["open"] = open
            item["statementsSummary"] = String(format: texts["replyStatements"]!, answered, statements.count)
            themeItems.append(item)
        }
        context["themes"] = themeItems
        context["errors"] = summary
        context["hasErrors"] = !summary.isEmpty
        return context
    }
}

/// `/beheer/reactie`: the reply form for signed-in officers. Saving checks the CSRF token, reads
/// the fields (problems → the form again, 422, each problem beside its field), then writes
/// `reply.yaml` in one step and sends the officer back to the form (303) with a note. The
/// vision's cache keys on the file's modification date, so `/visie` shows the new reply at once.
extension DraagvlakServer {
    func addReplyRoutes(to router: Router<DraagvlakContext>) {
        router.get("beheer/reactie") { request, _ in
            let session = try await requireOfficer(request)
            let language = Self.language(request)
            let c = consultation
            let (reply, fileProblems, waves) = try await Self.offload { () -> (Reply?, [String], [String]) in
                let waves = try c.waves()
                do {
                    return (try c.reply(), [], waves)
                } catch let error as InputError {
                    return (nil, error.problems.isEmpty ? [error.summary] : error.problems.map(\.description), waves)
                }
            }
            let saved = Form.parse(request.uri.query ?? "")["saved"] == "1"
            return replyPage(
                request, session: session, language: language, values: ReplyForm.values(of: reply), errors: [:], waves: waves,
                saved: saved, fileProblems: fileProblems)
        }

        router.post("beheer/reactie") { request, context in
            let form = Form.parse(String(buffer: try await Self.body(request, limit: settings.maxFormBytes)))
            let session = try await requireOfficer(request, form: form)
            let language = Self.language(request, form: form)
            let (reply, errors) = ReplyForm(survey: consultation.survey, language: language).read(form)
            let c = consultation
            guard errors.isEmpty else {
                let waves = try await Self.offload { try c.waves() }
                return replyPage(
                    request, session: session, language: language, values: form, errors: errors, waves: waves, saved: false,
                    fileProblems: [], status: .unprocessableContent)
            }
            try await Self.offload { try Self.writeReply(reply, in: c) }
            // Counts only: the texts and who wrote them stay out of the log.
            context.logger.info(
                "reply saved",
                metadata: ["themes": .stringConvertible(reply.themes.count), "statements": .stringConvertible(reply.statements.count)])
            return Response.redirect(to: "/beheer/reactie?lang=\(language.rawValue)&saved=1")
        }
    }

    private func replyPage(
        _ request: Request, session: Consultation.Session, language: Language, values: [String: String], errors: ReplyForm.Errors,
        waves: [String], saved: Bool, fileProblems: [String], status: HTTPResponse.Status = .ok
    ) -> Response {
        var context = ReplyForm(survey: consultation.survey, language: language).context(values: values, errors: errors, waves: waves)
        context["csrf"] = session.csrf
        context["saved"] = saved
        context["fileProblems"] = fileProblems
        context["hasFileProblems"] = !fileProblems.isEmpty
        return page(
            "reply", context, title: UIText.table(language)["replyTitle"]!, language: language, request: request, officer: session,
            status: status)
    }

    /// Writes `reply` as the consultation's `reply.yaml`: the text is first read back (it must
    /// give the same reply), then written to a temporary file in the folder and renamed over the
    /// old file, so a reader sees the old reply or the new one, never half a file.
    static func writeReply(_ reply: Reply, in consultation: Consultation) throws {
        let text = ReplyWriter.yaml(reply, survey: consultation.survey)
        let readBack: Reply
        do {
            readBack = try ReplyLoader.parse(text, file: Consultation.replyFile, survey: consultation.survey)
        } catch {
            throw HTTPError(.internalServerError, message: "the reply could not be written: it does not read back")
        }
        guard readBack == reply else {
            throw HTTPError(.internalServerError, message: "the reply could not be written: it reads back differently")
        }
        let url = consultation.folder.appendingPathComponent(Consultation.replyFile)
        let partial = consultation.folder.appendingPathComponent(".\(Consultation.replyFile).\(UUID().uuidString).partial")
        do {
            try Data(text.utf8).write(to: partial)
            // rename(2) replaces an existing file in one step.
            guard rename(partial.path, url.path) == 0 else {
                throw HTTPError(
                    .internalServerError, message: "\(Consultation.replyFile) could not be written (\(String(cString: strerror(errno))))")
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }
}
