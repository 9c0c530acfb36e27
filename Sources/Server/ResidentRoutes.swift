import Consultation
import DraagvlakCore
import Foundation
import Hummingbird
import Reports

/// Residents' pages: the welcome page (enter an invitation code, or start the open survey), the
/// survey itself, the thank-you page, and after closing the published vision and "where you
/// stand" (WhereYouStand.swift).
extension DraagvlakServer {
    func addResidentRoutes(to router: Router<DraagvlakContext>) {
        router.get("/") { request, _ in homePage(request, language: Self.language(request)) }

        router.get("enquete") { request, _ in
            let language = Self.language(request)
            if let closed = closedResponse(request, language: language) { return closed }
            let query = Form.parse(request.uri.query ?? "")
            // Codes come only by POST (from the welcome page), so none ends up in an address, a
            // browser's history or a proxy's log: in invitation mode this is the welcome page,
            // whatever the query holds.
            if settings.mode == .invitation { return homePage(request, language: language) }
            return surveyPage(request, language: language, values: [:], errors: [:], code: nil, saved: query["saved"] == "1")
        }

        router.post("enquete") { request, context in
            let buffer = try await Self.body(request, limit: settings.maxFormBytes)
            let form = Form.parse(String(buffer: buffer))
            let language = Self.language(request, form: form)
            let texts = UIText.table(language)
            if let closed = closedResponse(request, language: language) { return closed }
            let code = settings.mode == .invitation ? form["code"]?.trimmingCharacters(in: .whitespaces) : nil
            if settings.mode == .invitation, code?.isEmpty ?? true {
                return homeWithCodeError(texts["codeUnknown"]!, request: request, language: language)
            }
            let codeNetwork = Consultation.network(of: sender(request, context))
            if code != nil {
                let wait = try await codeGuessingWait(network: codeNetwork)
                if wait > 0 {
                    var response = homeWithCodeError(texts["tooManyCodes"]!, request: request, language: language, status: .tooManyRequests)
                    response.headers[.retryAfter] = String(wait)
                    return response
                }
            }
            // The welcome page sends the code here (by POST, so it stays out of addresses and logs).
            if form["action"] == "open", let code {
                switch try await Self.offload({ try consultation.invitationState(code) }) {
                case nil:
                    try await recordWrongCode(network: codeNetwork)
                    return homeWithCodeError(texts["codeUnknown"]!, request: request, language: language)
                case .answered?: return homeWithCodeError(texts["codeUsed"]!, request: request, language: language)
                case .open?:
                    let draft = try await Self.offload { try consultation.draft(invitation: code) }
                    return surveyPage(request, language: language, values: draft, errors: [:], code: code, saved: false)
                }
            }
            guard checkFormToken(request, form) else {
                // Another tab or an expired cookie: show the form again, as filled in, with a new token.
                return surveyPage(
                    request, language: language, values: form, errors: ["": texts["expired"]!], code: code,
                    saved: false, status: .forbidden, renewToken: true)
            }
            if let code, form["action"] == "save" {
                guard try await Self.offload({ try consultation.saveDraft(form, invitation: code) }) else {
                    return homeWithCodeError(texts["codeUsed"]!, request: request, language: language)
                }
                return surveyPage(request, language: language, values: form, errors: [:], code: code, saved: true)
            }
            var signal: String?
            // An open answer takes one of its network's answers for the hour before it is stored,
            // and gives it back unless it is stored.
            var taken: (network: String, at: Date)?
            if code == nil {
                let address = sender(request, context)
                let network = Consultation.network(of: address)
                guard let at = try await answers.take(network) else {
                    return message(texts["tooMany"]!, texts["tooMany"]!, language: language, request: request, status: .tooManyRequests)
                }
                taken = (network, at)
                signal = consultation.signal(address: address, browser: request.headers[.userAgent] ?? "")
            }
            // An answer refused as invalid gives its network's place back; after any other
            // failure it may have been stored (see PostgresStore.wait), so the place stays taken.
            do {
                let sender = signal
                let outcome = try await Self.offload { try consultation.submitOnline(form, invitation: code, signal: sender) }
                switch outcome {
                case .stored:
                    context.logger.info("answer stored", metadata: ["channel": .string(code == nil ? "open" : "invitation")])
                    return Response.redirect(to: "/bedankt?lang=\(language.rawValue)")
                case .alreadyAnswered: return homeWithCodeError(texts["codeUsed"]!, request: request, language: language)
                case .unknownInvitation:
                    try await recordWrongCode(network: codeNetwork)
                    return homeWithCodeError(texts["codeUnknown"]!, request: request, language: language)
                }
            } catch let error as InputError {
                if let taken { try await answers.giveBack(taken.network, takenAt: taken.at) }
                return surveyPage(
                    request, language: language, values: form, errors: SurveyForm.errors(from: error.problems),
                    code: code, saved: false, status: .unprocessableContent)
            }
        }

        router.get("bedankt") { request, _ in
            let language = Self.language(request)
            return page("thanks", [:], title: UIText.table(language)["thanksTitle"]!, language: language, request: request)
        }

        router.get("visie") { request, _ in
            let language = Self.language(request)
            guard settings.closed else {
                let texts = UIText.table(language)
                return message(texts["noVision"]!, texts["noVision"]!, language: language, request: request, status: .notFound)
            }
            return try await visionResponse(language: language)
        }

        // "Where you stand": after closing, a resident's own answers by their invitation code,
        // which comes only by POST (never in an address).
        router.get("mijn-antwoorden") { request, _ in
            let language = Self.language(request)
            guard settings.closed else { return standingNotYet(request, language: language) }
            return standingForm(request, language: language)
        }

        router.post("mijn-antwoorden") { request, context in
            try await standingResponse(request, context)
        }
    }

    /// The vision document as HTML (the engine's own self-contained document).
    func visionResponse(language: Language) async throws -> Response {
        let c = consultation
        let stamp = try await Self.offload { () -> String in
            let status = try c.status()
            // The reply and the maps are files officers may change while the answers do not.
            let files = [Consultation.replyFile] + c.settings.maps.values.map(\.file).sorted()
            let dates = files.map { file -> String in
                let path = Consultation.resolve(file, in: c.folder).path
                let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
                return date.map { "\($0.timeIntervalSince1970)" } ?? "-"
            }
            return "\(status.respondents)/\(status.batches.count)/\(status.batches.last?.added ?? 0)/\(dates.joined(separator: ","))"
        }
        let key = "vision-\(language.rawValue)"
        let html: String
        if let kept = await documents.html(key, stamp: stamp) {
            html = kept
        } else {
            html = try await Self.offload {
                let vision = try c.vision()
                return try c.visionDocument(
                    of: vision, language: language, date: String(ISO8601DateFormatter().string(from: Date()).prefix(10))
                )
                .html(vision)
            }
            await documents.keep(html, key: key, stamp: stamp)
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func closedResponse(_ request: Request, language: Language) -> Response? {
        guard settings.closed else { return nil }
        let texts = UIText.table(language)
        return message(
            texts["closed"]!, texts["closed"]!, language: language, request: request, status: .gone,
            link: ("/visie?lang=\(language.rawValue)", texts["readVision"]!))
    }

    /// The welcome page: the survey's introduction and, in invitation mode, the code form.
    private func homePage(_ request: Request, language: Language) -> Response {
        var context: [String: Any] = [
            "surveyTitle": consultation.survey.title[language], "closed": settings.closed,
            "invitation": settings.mode == .invitation,
        ]
        if let introduction = consultation.survey.introduction?[language] { context["introduction"] = introduction }
        if settings.closed {
            context["visionLink"] = "/visie?lang=\(language.rawValue)"
            if settings.mode == .invitation { context["standingLink"] = "\(Self.standingPath)?lang=\(language.rawValue)" }
        }
        return page("home", context, title: consultation.survey.title[language], language: language, request: request)
    }

    private func homeWithCodeError(
        _ error: String, request: Request, language: Language, status: HTTPResponse.Status = .unprocessableContent
    ) -> Response {
        var context: [String: Any] = [
            "surveyTitle": consultation.survey.title[language], "closed": false, "invitation": true, "codeError": error,
        ]
        if let introduction = consultation.survey.introduction?[language] { context["introduction"] = introduction }
        return page(
            "home", context, title: consultation.survey.title[language], language: language, request: request, status: status
        )
    }

    private func surveyPage(
        _ request: Request, language: Language, values: [String: String], errors: SurveyForm.Errors,
        code: String?, saved: Bool, status: HTTPResponse.Status = .ok, renewToken: Bool = false
    ) -> Response {
        var (token, isNew) = formToken(request)
        if renewToken { (token, isNew) = (Token.make(), true) }
        var context = SurveyForm(survey: consultation.survey, language: language).context(values: values, errors: errors)
        context["csrf"] = token
        context["saved"] = saved
        if let code { context["code"] = code }
        // A page with errors says so in its title, which screen readers announce first.
        let title = (errors.isEmpty ? "" : (language == .nl ? "Fout: " : "Error: ")) + consultation.survey.title[language]
        var response = page("survey", context, title: title, language: language, request: request, status: status)
        if isNew { response.setCookie(formCookie(token)) }
        return response
    }
}
