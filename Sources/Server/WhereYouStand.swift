import Consultation
import DraagvlakCore
import Foundation
import Hummingbird
import Vision

/// "Where you stand" (`/mijn-antwoorden`): after closing, a resident types the invitation code
/// they answered with and sees their own answers beside the shares of all residents and of
/// their district (`Consultation.standing`, docs/METHOD.md §7.4).
///
/// The code comes only by POST, every lookup is counted against the wrong-code limits (a right
/// code too, so a list of codes reads answers no faster than guessing), and any code without a stored answer (unknown, never used, empty) gets the same
/// neutral message, so the page says nothing about codes or people beyond the one who typed it.
/// The answer page is never cached.
extension DraagvlakServer {
    static let standingPath = "/mijn-antwoorden"

    /// The form that asks for the code; `error` above the field when a code found nothing.
    func standingForm(
        _ request: Request, language: Language, error: String? = nil, status: HTTPResponse.Status = .ok, renewToken: Bool = false
    ) -> Response {
        var (token, isNew) = formToken(request)
        if renewToken { (token, isNew) = (Token.make(), true) }
        var context: [String: Any] = ["csrf": token]
        if let error { context["codeError"] = error }
        let title = UIText.table(language)["standingFormTitle"]!
        var response = page("standingForm", context, title: title, language: language, request: request, status: status)
        if isNew { response.setCookie(formCookie(token)) }
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Before closing there is nothing to compare with: 404, as for the vision.
    func standingNotYet(_ request: Request, language: Language) -> Response {
        let text = UIText.table(language)["standingNotYet"]!
        return message(text, text, language: language, request: request, status: .notFound)
    }

    /// The posted code: where its resident stands, or the form again with the neutral message.
    func standingResponse(_ request: Request, _ context: DraagvlakContext) async throws -> Response {
        let buffer = try await Self.body(request, limit: settings.maxFormBytes)
        let form = Form.parse(String(buffer: buffer))
        let language = Self.language(request, form: form)
        let texts = UIText.table(language)
        guard settings.closed else { return standingNotYet(request, language: language) }
        guard checkFormToken(request, form) else {
            return standingForm(request, language: language, error: texts["expired"]!, status: .forbidden, renewToken: true)
        }
        let nothing = texts["noAnswersFound"]!
        let code = form["code"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !code.isEmpty else { return standingForm(request, language: language, error: nothing, status: .unprocessableContent) }
        let network = Consultation.network(of: sender(request, context))
        let wait = try await codeGuessingWait(network: network)
        if wait > 0 {
            var response = standingForm(request, language: language, error: texts["tooManyCodes"]!, status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        // Every lookup counts against the code limits, the right ones too: whoever holds a list
        // of codes (the mail merge) cannot read residents' answers faster than a guesser.
        try await recordWrongCode(network: network)
        let c = consultation
        var found: Standing?
        if let vision = try await onlineVision() {
            found = try await Self.offload { try c.standing(invitation: code, vision: vision) }
        }
        guard let standing = found else {
            return standingForm(request, language: language, error: nothing, status: .unprocessableContent)
        }
        return standingPage(standing, request: request, language: language)
    }

    /// The resident's answers per theme, beside the shares of everyone and of their district.
    func standingPage(_ standing: Standing, request: Request, language: Language) -> Response {
        let texts = UIText.table(language)
        let notShown = texts["notShownTooFew"]!
        func share(_ value: Double?) -> String {
            value.map { "\(Int(($0 * 100).rounded()))%" } ?? notShown
        }
        var context: [String: Any] = [
            "sections": standing.sections.map { section -> [String: Any] in
                [
                    "title": section.theme.title[language],
                    "rows": section.rows.map { row -> [String: Any] in
                        [
                            "text": row.statement.text[language], "answer": row.answerLabel(language) ?? texts["noAnswer"]!,
                            "everyone": share(row.everyone), "district": share(row.district),
                        ]
                    },
                ]
            },
            "privacy": String(format: texts["standingPrivacy"]!, consultation.settings.thresholds.disclosureMinimum),
        ]
        if let district = standing.district {
            let category = district.category.label[language]
            context["hasDistrict"] = true
            context["districtHeading"] = String(format: texts["districtAgrees"]!, category)
            context["districtIntro"] = String(format: texts["standingDistrict"]!, district.question.text[language], category)
        }
        var response = page("standing", context, title: texts["standingTitle"]!, language: language, request: request)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The vision of the current wave, which holds the online answers (docs/METHOD.md §10), kept
    /// while the store holds the same respondents: the first resident after closing (or after an
    /// import) builds it, the others read it. Nil when the store holds no such wave (then no
    /// answer came online, and no code has one).
    func onlineVision() async throws -> Vision? {
        let c = consultation
        let (stamp, held) = try await Self.offload { () -> (String, Bool) in
            let status = try c.status()
            let respondents = "\(status.respondents)/\(status.batches.count)/\(status.batches.last?.added ?? 0)"
            return (respondents, status.waves.contains(c.settings.wave))
        }
        guard held else { return nil }
        if let kept = await documents.vision(stamp: stamp) { return kept }
        let vision = try await Self.offload { try c.vision(wave: c.settings.wave) }
        await documents.keep(vision, stamp: stamp)
        return vision
    }
}
