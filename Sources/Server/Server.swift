package import Consultation
import Decisions
import Definitions
package import DraagvlakCore
import Foundation
package import Hummingbird
import HummingbirdBcrypt
package import Logging
import Mustache
import NIOCore
import NIOPosix
import Vision

/// The request context of every route: the sender's address (for the open survey's limit per
/// network) and, on officers' pages, the signed-in session.
package struct DraagvlakContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The address of the connection's other end (a proxy's, behind one).
    var remoteAddress: String?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// `draagvlak serve`: residents answer the survey online (with invitation codes or openly) and
/// read the published vision; officers sign in to upload exports, follow participation, read the
/// vision and test decisions. Server-rendered pages without JavaScript, in Dutch and English.
package struct DraagvlakServer: Sendable {
    let consultation: Consultation
    let settings: ServerSettings
    /// Open answers per network.
    let answers: SharedLimit
    /// Sign-in attempts per officer name and per network.
    let signIns: SharedLimit
    let documents = DocumentCache()
    /// bcrypt (a quarter second each) runs here, one at a time, so a flood of sign-ins cannot
    /// take the threads that store residents' answers.
    static let passwordPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    package init(consultation: Consultation, settings: ServerSettings) {
        self.consultation = consultation
        self.settings = settings
        answers = SharedLimit(consultation: consultation, name: "answers", perHour: settings.openAnswersPerHour)
        signIns = SharedLimit(consultation: consultation, name: "sign-ins", perHour: settings.signInsPerHour)
    }

    /// Seconds until this network may try a code again (0: it may now): too many wrong codes
    /// from it in 10 minutes, or from everyone together in a minute. Counted in the store, so
    /// instances behind one load balancer share the count.
    func codeGuessingWait(network: String) async throws -> Int {
        let (c, perNetwork, perMinute) = (consultation, settings.wrongCodesPerNetwork, settings.wrongCodesPerMinute)
        return try await Self.offload {
            max(
                try c.limitWait("wrong code:" + network, limit: perNetwork, window: 600),
                try c.limitWait("wrong code", limit: perMinute, window: 60))
        }
    }

    /// Counts a wrong invitation code against the network and against everyone.
    func recordWrongCode(network: String) async throws {
        let c = consultation
        try await Self.offload {
            try c.recordLimitEvent("wrong code:" + network)
            try c.recordLimitEvent("wrong code")
        }
    }

    /// The application, ready to run (or to test with HummingbirdTesting). Idle connections
    /// close after 30 s, so a stalled client cannot hold up a shutdown.
    package func application(logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Draagvlak"),
            logger: logger)
    }

    package func router() -> Router<DraagvlakContext> {
        let router = Router(context: DraagvlakContext.self)
        router.add(middleware: SecurityHeadersMiddleware(secure: settings.secureCookies))
        router.add(middleware: RequestLogMiddleware())
        router.get("health") { _, _ in
            let reachable = (try? await Self.offload { try consultation.status() }) != nil
            return Response(
                status: reachable ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: reachable ? #"{"status":"ok"}"# : #"{"status":"store unreachable"}"#)))
        }
        addResidentRoutes(to: router)
        addOfficerRoutes(to: router)
        addAPIRoutes(to: router)
        return router
    }

    // MARK: Pages

    /// A page in the layout, in `language`; `officer` adds the sign-out form.
    func page(
        _ template: String, _ context: [String: Any], title: String, language: Language, request: Request,
        officer: Consultation.Session? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        var context = context
        let texts = UIText.table(language)
        context["t"] = texts
        context["lang"] = language.rawValue
        let body = Templates.library.render(context, withTemplate: template) ?? ""
        var layout: [String: Any] = [
            "body": body, "title": title, "consultation": consultation.settings.name, "lang": language.rawValue,
            "style": Templates.style, "t": texts, "version": Engine.version,
        ]
        let other: Language = language == .nl ? .en : .nl
        layout["otherLanguage"] = [
            "href": link(request, language: other), "code": other.rawValue, "name": other == .en ? "English" : "Nederlands",
        ]
        if let officer {
            layout["officerName"] = officer.officer
            layout["csrf"] = officer.csrf
        }
        let html = Templates.library.render(layout, withTemplate: "layout") ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func message(
        _ heading: String, _ text: String, language: Language, request: Request, status: HTTPResponse.Status,
        link: (href: String, label: String)? = nil
    ) -> Response {
        var context: [String: Any] = ["heading": heading, "text": text]
        if let link { context["link"] = ["href": link.href, "label": link.label] }
        return page("message", context, title: heading, language: language, request: request, status: status)
    }

    /// The same page in another language. Only harmless parameters are carried over: a code
    /// someone put in the address must not be repeated in the page.
    private func link(_ request: Request, language: Language) -> String {
        var query = Form.parse(request.uri.query ?? "").filter { $0.key == "saved" }
        query["lang"] = language.rawValue
        let path = request.method == .get ? request.uri.path : "/"
        return path + "?" + Form.encode(query)
    }

    static func language(_ request: Request, form: [String: String] = [:]) -> Language {
        let code = form["lang"] ?? Form.parse(request.uri.query ?? "")["lang"]
        return code.flatMap(Language.init(rawValue:)) ?? .nl
    }

    // MARK: Bodies and tokens

    /// The body, up to `limit` bytes; larger bodies are refused with 413 before anything is done.
    /// How long a form or JSON body may take to arrive. Every byte counts as activity for the
    /// idle timeout, so a client trickling its body a byte a second would hold its connection
    /// for ever without this.
    static let bodyDeadline: Duration = .seconds(30)

    static func body(_ request: Request, limit: Int, deadline: Duration = bodyDeadline) async throws -> ByteBuffer {
        do {
            return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await request.body.collect(upTo: limit) }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let body = first else {
                    throw HTTPError(.requestTimeout, message: "the request did not arrive in time")
                }
                return body
            }
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "the request is larger than \(limit >> 10) KiB")
        }
    }

    /// The double-submit token of forms that come before a session (the survey, the sign-in):
    /// a random cookie the form must repeat.
    static let formCookie = "draagvlak_form"

    func formToken(_ request: Request) -> (token: String, isNew: Bool) {
        if let existing = request.cookies[Self.formCookie]?.value, existing.count == 64 { return (existing, false) }
        return (Token.make(), true)
    }

    func formCookie(_ token: String) -> Cookie {
        // Lax, not Strict: a resident arriving from a link in an e-mail or on the municipality's
        // site must get the cookie too, or a second tab would replace the first tab's token.
        Cookie(name: Self.formCookie, value: token, path: "/", secure: settings.secureCookies, httpOnly: true, sameSite: .lax)
    }

    func checkFormToken(_ request: Request, _ form: [String: String]) -> Bool {
        guard let cookie = request.cookies[Self.formCookie]?.value, let sent = form["csrf"] else { return false }
        return Token.equal(cookie, sent)
    }

    /// Blocking work (the store, documents) off the server's event loops.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }

    /// The sender's address: the connection's, or behind a trusted proxy the last hop the proxy
    /// added to `X-Forwarded-For`.
    func sender(_ request: Request, _ context: DraagvlakContext) -> String {
        if settings.trustProxy, let forwarded = request.headers[values: .xForwardedFor].last,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return context.remoteAddress ?? "unknown"
    }
}

/// Documents built from the store, and the vision itself (for "where you stand"), kept while
/// the store holds the same respondents.
actor DocumentCache {
    private var entries: [String: (stamp: String, html: String)] = [:]
    private var keptVision: (stamp: String, vision: Vision)?

    func html(_ key: String, stamp: String) -> String? {
        entries[key].flatMap { $0.stamp == stamp ? $0.html : nil }
    }

    func keep(_ html: String, key: String, stamp: String) {
        entries[key] = (stamp, html)
    }

    func vision(stamp: String) -> Vision? {
        keptVision.flatMap { $0.stamp == stamp ? $0.vision : nil }
    }

    func keep(_ vision: Vision, stamp: String) {
        keptVision = (stamp, vision)
    }
}

/// `application/x-www-form-urlencoded`, read as names to values (the last of a repeated name),
/// because the survey's field names (`budget[groen]`) are flat names, not nested keys.
enum Form {
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            fields[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    static func decode(_ part: Substring) -> String {
        let plus = part.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
