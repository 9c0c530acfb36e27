import Consultation
import Crypto
import Documents
import DraagvlakCore
import Foundation
import Hummingbird
import HummingbirdBcrypt
import MultipartKit
import NIOCore

/// Officers' pages, behind a sign-in: status and participation, the vision document, uploading
/// exports (the same importers and errors as `draagvlak import`), and testing a decision.
extension DraagvlakServer {
    static let sessionCookie = "draagvlak_session"

    func addOfficerRoutes(to router: Router<DraagvlakContext>) {
        router.get("beheer/inloggen") { request, _ in loginPage(request, error: nil) }

        router.post("beheer/inloggen") { request, context in
            let form = Form.parse(String(buffer: try await Self.body(request, limit: settings.maxFormBytes)))
            let language = Self.language(request, form: form)
            guard checkFormToken(request, form) else {
                return loginPage(request, error: UIText.table(language)["expired"]!, status: .forbidden)
            }
            let name = form["name"] ?? ""
            let password = form["password"] ?? ""
            let network = Consultation.network(of: sender(request, context))
            // Every attempt counts, against the name and against the network, in the store that
            // all instances share; a refused network gives the name's attempt back.
            var allowed = false
            if let atName = try await signIns.take("name:\(name)") {
                allowed = try await signIns.take("network:\(network)") != nil
                if !allowed { try await signIns.giveBack("name:\(name)", takenAt: atName) }
            }
            guard allowed else {
                context.logger.notice("sign-in limit reached", metadata: ["officer": .string(name)])
                return loginPage(request, error: UIText.table(language)["tooMany"]!, status: .tooManyRequests)
            }
            let hash = try await Self.offload { try consultation.passwordHash(ofOfficer: name) }
            // Verify against a dummy hash of the same cost for unknown names, so timing does not
            // tell which names exist.
            let valid = try await Self.passwordPool.runIfActive { Bcrypt.verify(password, hash: hash ?? Self.dummyHash) } && hash != nil
            guard valid else {
                context.logger.notice("sign-in refused", metadata: ["officer": .string(name)])
                return loginPage(request, error: UIText.table(language)["loginFailed"]!, status: .unauthorized)
            }
            let token = Token.make()
            let expires = Date().addingTimeInterval(TimeInterval(settings.sessionSeconds))
            try await Self.offload {
                try consultation.startSession(id: Self.sessionID(token), officer: name, csrf: Token.make(), expiresAt: expires)
            }
            context.logger.info("signed in", metadata: ["officer": .string(name)])
            var response = Response.redirect(to: "/beheer?lang=\(language.rawValue)")
            response.setCookie(
                Cookie(
                    name: Self.sessionCookie, value: token, maxAge: settings.sessionSeconds, path: "/",
                    secure: settings.secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }

        router.post("beheer/uitloggen") { request, _ in
            let form = Form.parse(String(buffer: try await Self.body(request, limit: settings.maxFormBytes)))
            let session = try await requireOfficer(request, form: form)
            if let token = request.cookies[Self.sessionCookie]?.value {
                try await Self.offload { try consultation.endSession(id: Self.sessionID(token)) }
            }
            _ = session
            var response = Response.redirect(to: "/beheer/inloggen")
            response.setCookie(
                Cookie(
                    name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: settings.secureCookies, httpOnly: true,
                    sameSite: .strict))
            return response
        }

        router.get("beheer") { request, _ in
            let session = try await requireOfficer(request)
            let language = Self.language(request)
            let texts = UIText.table(language)
            let c = consultation
            let participation = try await Self.offload { try c.participation() }
            let (status, invitations, signals) = (participation.status, participation.invitations, participation.openAnswers)
            var context: [String: Any] = [
                "respondents": status.respondents, "respondentsNoun": UIText.counted(texts, "respondents", status.respondents),
                "batches": status.batches.map {
                    ["file": $0.file, "format": $0.format, "added": $0.added, "importedAt": String($0.importedAt.prefix(10))]
                },
            ]
            if invitations.total > 0 {
                context["invitations"] =
                    [
                        "answered": invitations.answered, "total": invitations.total,
                        "noun": UIText.counted(texts, "invitationsAnswered", invitations.total),
                    ] as [String: Any]
            }
            if signals.answers > 0 {
                context["signals"] =
                    [
                        "answers": signals.answers, "sharing": signals.sharingASignal,
                        "noun": UIText.counted(texts, "openAnswers", signals.answers),
                    ] as [String: Any]
            }
            return page("officer", context, title: texts["officerTitle"]!, language: language, request: request, officer: session)
        }

        router.get("beheer/visie") { request, _ in
            _ = try await requireOfficer(request)
            return try await visionResponse(language: Self.language(request))
        }

        router.get("beheer/import") { request, _ in
            let session = try await requireOfficer(request)
            let language = Self.language(request)
            return page(
                "upload", ["csrf": session.csrf], title: UIText.table(language)["upload"]!, language: language, request: request,
                officer: session)
        }

        router.post("beheer/import") { request, context in
            let language = Self.language(request)
            let texts = UIText.table(language)
            // Check the session before reading a byte of the body; the CSRF token is in the body.
            let signedIn = try await requireOfficer(request, checkCSRF: false)
            let upload: Upload
            do {
                upload = try await Upload.read(request, limit: settings.maxUploadBytes)
            } catch let error as UploadRefused {
                return page(
                    "upload", ["csrf": signedIn.csrf, "hasErrors": true, "summary": error.message, "errors": [String]()],
                    title: texts["upload"]!, language: language, request: request, officer: signedIn, status: .badRequest)
            } catch is UploadTooLarge {
                return page(
                    "upload",
                    [
                        "csrf": signedIn.csrf, "hasErrors": true,
                        "summary": String(format: texts["tooLarge"]!, settings.maxUploadBytes >> 20), "errors": [String](),
                    ],
                    title: texts["upload"]!, language: language, request: request, officer: signedIn, status: .contentTooLarge)
            }
            defer { upload.remove() }
            guard let sent = upload.fields["csrf"], Token.equal(sent, signedIn.csrf) else { throw CSRFRefused(api: false) }
            guard let file = upload.file else { throw HTTPError(.badRequest, message: "no file in the form") }
            do {
                let report = try await Self.offload { try consultation.importFile(file, displayName: file.lastPathComponent) }
                context.logger.info(
                    "import",
                    metadata: [
                        "file": .string(report.file), "added": .stringConvertible(report.added), "officer": .string(signedIn.officer),
                    ])
                let result =
                    report.alreadyImported != nil
                    ? String(format: texts["alreadyImported"]!, report.file)
                    : String(format: UIText.counted(texts, "imported", report.added), report.file, report.added, report.format)
                return page(
                    "upload", ["csrf": signedIn.csrf, "result": result], title: texts["upload"]!, language: language, request: request,
                    officer: signedIn)
            } catch let error as InputError {
                let more = max(0, error.problems.count - 50) + error.omitted
                let shown =
                    error.problems.prefix(50).map(\.description)
                    + (more > 0 ? [String(format: UIText.counted(texts, "moreProblems", more), more)] : [])
                return page(
                    "upload", ["csrf": signedIn.csrf, "hasErrors": true, "summary": error.summary, "errors": shown],
                    title: texts["upload"]!, language: language, request: request, officer: signedIn, status: .unprocessableContent)
            }
        }

        router.get("beheer/besluit") { request, _ in
            let session = try await requireOfficer(request)
            let language = Self.language(request)
            return page(
                "decision", ["csrf": session.csrf, "yaml": Self.decisionExample], title: UIText.table(language)["decision"]!,
                language: language, request: request, officer: session)
        }

        router.post("beheer/besluit") { request, _ in
            // The decision typed (a urlencoded form) or uploaded as a file (multipart).
            let isUpload = request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
            let form: [String: String]
            var yaml: String
            if isUpload {
                let signedIn = try await requireOfficer(request, checkCSRF: false)
                let upload = try await Upload.read(request, limit: 1 << 20)
                defer { upload.remove() }
                guard let sent = upload.fields["csrf"], Token.equal(sent, signedIn.csrf) else { throw CSRFRefused(api: false) }
                form = upload.fields
                yaml = form["yaml"] ?? ""
                if let file = upload.file, let text = try? String(contentsOf: file, encoding: .utf8), !text.isEmpty { yaml = text }
            } else {
                form = Form.parse(String(buffer: try await Self.body(request, limit: settings.maxFormBytes)))
                yaml = form["yaml"] ?? ""
            }
            let session = try await requireOfficer(request, form: form)
            let language = Self.language(request, form: form)
            do {
                let html = try await Self.offload { [yaml] in try assess(yaml, language: language).html }
                return Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
            } catch let error as InputError {
                let errors = error.problems.isEmpty ? [error.summary] : error.problems.map(\.description)
                return page(
                    "decision", ["csrf": session.csrf, "yaml": yaml, "hasErrors": true, "errors": errors],
                    title: UIText.table(language)["decision"]!, language: language, request: request, officer: session,
                    status: .unprocessableContent)
            }
        }

        // The municipality's reply (ReplyForm.swift).
        addReplyRoutes(to: router)
    }

    /// Assesses decisions written in YAML against the current vision.
    func assess(_ yaml: String, language: Language) throws -> (html: String, json: Data) {
        let vision = try consultation.vision()
        let reports = DecisionReports(
            try consultation.assess(consultation.decisions(yaml: yaml, file: "besluit.yaml"), against: vision),
            survey: vision.survey, language: language, maps: try consultation.maps(language: language))
        return (try reports.text(.html), Data(try reports.text(.json).utf8))
    }

    /// The signed-in session; otherwise a redirect to the sign-in page (pages) — for a form
    /// post, also the form's CSRF token must match the session's.
    func requireOfficer(_ request: Request, form: [String: String]? = nil, checkCSRF: Bool = true) async throws -> Consultation.Session {
        guard let token = request.cookies[Self.sessionCookie]?.value,
            let session = try await Self.offload({ try consultation.session(id: Self.sessionID(token)) })
        else {
            throw SignInRequired(api: request.uri.path.hasPrefix("/api/"))
        }
        if request.method != .get, checkCSRF {
            let sent = form?["csrf"] ?? request.headers[.xCSRFToken]
            guard let sent, Token.equal(sent, session.csrf) else {
                throw CSRFRefused(api: request.uri.path.hasPrefix("/api/"))
            }
        }
        return session
    }

    static func sessionID(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A bcrypt hash of a random text, to spend the same time on unknown names.
    static let dummyHash = DraagvlakServer.hashPassword(Token.make())

    private func loginPage(_ request: Request, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let language = Self.language(request)
        let (token, isNew) = formToken(request)
        var context: [String: Any] = ["csrf": token]
        if let error { context["error"] = error }
        var response = page(
            "login", context, title: UIText.table(language)["loginTitle"]!, language: language, request: request, status: status)
        if isNew { response.setCookie(formCookie(token)) }
        return response
    }

    static let decisionExample = """
        id: voorbeeld
        title: {nl: "Voorbeeldbesluit", en: "Example decision"}
        question: {nl: "Wat doen we?", en: "What do we do?"}
        preferred: plan
        options:
          - id: plan
            title: {nl: "Het plan", en: "The plan"}
            effects:
              S01: 2
        """
}

/// Not signed in: pages redirect to the sign-in page, the API answers 401.
struct SignInRequired: HTTPResponseError {
    var api: Bool
    var status: HTTPResponse.Status { api ? .unauthorized : .seeOther }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        if api {
            return Response(
                status: .unauthorized, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"error":"sign in first"}"#)))
        }
        return Response.redirect(to: "/beheer/inloggen")
    }
}

/// A form without the session's CSRF token: a page for browsers, JSON for the API.
struct CSRFRefused: HTTPResponseError {
    var api: Bool
    var status: HTTPResponse.Status { .forbidden }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body =
            api
            ? #"{"error":"missing or wrong CSRF token"}"#
            : "<!doctype html><html lang=\"nl\"><meta charset=\"utf-8\"><title>Verlopen formulier</title><h1>Verlopen formulier / expired form</h1><p>\(UIText.nl["expired"]!)</p><p>\(UIText.en["expired"]!)</p><p><a href=\"/beheer\">/beheer</a></p></html>"
        return Response(
            status: .forbidden, headers: [.contentType: api ? "application/json" : "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

struct UploadTooLarge: Error {}

/// An upload that cannot be read as a form (a broken multipart body, a file name the disk refuses).
struct UploadRefused: Error {
    var message: String
}

/// A multipart/form-data upload: the form's text fields, and its file written to a temporary
/// folder under its own (sanitised) name, so format detection sees the extension.
struct Upload {
    var fields: [String: String] = [:]
    var file: URL?
    let folder: URL

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A fresh temporary folder for one upload.
    static func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Where an uploaded file goes: its own name's last path component (its last 120 bytes,
    /// never hidden), so it cannot leave `folder` and detection sees its extension.
    static func file(named name: String, in folder: URL) -> URL {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "upload"
        // At most 120 bytes of UTF-8 from the end (a file name may have 255 bytes, not 255
        // characters), without control characters, whole characters only.
        var last = ""
        for character in base.reversed() where !character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            guard last.utf8.count + character.utf8.count <= 120 else { break }
            last.insert(character, at: last.startIndex)
        }
        return folder.appendingPathComponent(last.isEmpty || last.hasPrefix(".") ? "upload\(last)" : last)
    }

    static func read(_ request: Request, limit: Int) async throws -> Upload {
        guard let type = request.headers[.contentType],
            let boundary = type.split(separator: ";")
                .map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })
                .map({ String($0.dropFirst(9)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }), !boundary.isEmpty
        else {
            throw HTTPError(.badRequest, message: "expected multipart/form-data")
        }
        let folder = try makeFolder()
        let state = PartState(folder: folder)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.complete() }
        var total = 0
        do {
            for try await chunk in request.body {
                total += chunk.readableBytes
                if total > limit { throw UploadTooLarge() }
                do { try parser.execute(chunk) } catch { throw UploadRefused(message: "the form could not be read (\(error))") }
                if let error = state.error { throw UploadRefused(message: "the file could not be kept: \(error.localizedDescription)") }
            }
        } catch {
            state.close()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        state.close()
        return Upload(fields: state.fields, file: state.file, folder: folder)
    }

    /// The parser's callbacks run synchronously inside `execute`; this collects what they see.
    private final class PartState {
        /// Text fields (the CSRF token) are short; only the file may be large.
        static let textLimit = 64 << 10
        let folder: URL
        var fields: [String: String] = [:]
        var file: URL?
        var error: (any Error)?
        private var name: String?
        private var filename: String?
        private var text = ByteBuffer()
        private var handle: FileHandle?

        init(folder: URL) {
            self.folder = folder
        }

        func header(_ header: String, _ value: String) {
            guard header.lowercased() == "content-disposition" else { return }
            for parameter in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let unquoted = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if parts[0].lowercased() == "name" { name = unquoted }
                if parts[0].lowercased() == "filename" { filename = unquoted }
            }
        }

        func body(_ buffer: inout ByteBuffer) {
            if let filename, !filename.isEmpty {
                if handle == nil {
                    let url = Upload.file(named: filename, in: folder)
                    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
                    do { handle = try FileHandle(forWritingTo: url) } catch { self.error = error }
                    file = url
                }
                do { try handle?.write(contentsOf: buffer.readableBytesView) } catch { self.error = error }
            } else if text.readableBytes + buffer.readableBytes <= Self.textLimit {
                text.writeBuffer(&buffer)
            } else {
                error = UploadRefused(message: "a text field of the form is longer than \(Self.textLimit >> 10) KiB")
            }
        }

        func complete() {
            if filename == nil, let name { fields[name] = String(buffer: text) }
            close()
            name = nil
            filename = nil
            text = ByteBuffer()
        }

        func close() {
            try? handle?.close()
            handle = nil
        }
    }
}
