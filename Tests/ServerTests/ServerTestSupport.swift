import Consultation
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Storage
import Testing

@testable import Server

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh consultation on the shipped survey, with the example's paper responses imported (so
/// the vision and decisions have something to work on), three invitation codes and one officer.
struct Fixture {
    let consultation: Consultation
    let codes: [String]
    static let officer = "anna"
    static let password = "correct horse battery"

    init(importExample: Bool = true) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-server-\(UUID().uuidString)")
        consultation = try Consultation.create(
            at: folder, name: "Testgemeente", surveyFile: repositoryRoot.appendingPathComponent("Surveys/toekomstvisie.yaml"))
        if importExample {
            _ = try consultation.importFile(repositoryRoot.appendingPathComponent("examples/dijkwaard/responses/2026/papier.csv"))
        }
        codes = try consultation.invite(count: 3)
        try consultation.store.setOfficer(Self.officer, passwordHash: DraagvlakServer.hashPassword(Self.password))
    }

    func server(_ change: (inout ServerSettings) -> Void = { _ in }) -> DraagvlakServer {
        var settings = ServerSettings()
        settings.secureCookies = false
        change(&settings)
        return DraagvlakServer(consultation: consultation, settings: settings)
    }

    func respondents() throws -> Int {
        try consultation.store.status().respondents
    }
}

/// A complete answer to the shipped survey, as the residents' form posts it.
let completeAnswer: [String: String] = {
    var fields: [String: String] = [
        "district": "noord", "leeftijd": "30-44", "woonsituatie": "koop", "toelichting": "Meer groen, minder steen.",
    ]
    for i in 1...32 { fields[String(format: "S%02d", i)] = String(i % 5 + 1) }
    for (rank, code) in ["zorg", "wonen", "klimaat", "economie", "veiligheid"].enumerated() { fields["prioriteiten[\(rank + 1)]"] = code }
    for (code, points) in [("groen", 40), ("wegen", 10), ("jeugd", 20), ("cultuur", 10), ("armoede", 20)] {
        fields["budget[\(code)]"] = String(points)
    }
    return fields
}()

/// `completeAnswer` as the JSON API takes it: scale points and points as numbers.
var completeJSONAnswer: [String: Any] { completeAnswer.mapValues { value -> Any in Int(value) ?? value } }

/// Whether an invitation code is still open (not yet answered).
func isOpen(_ state: InvitationState?) -> Bool {
    if case .open? = state { return true }
    return false
}

extension DraagvlakServer {
    func test<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await application(logger: Logger(label: "test")).test(.router, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// `name=value` of a cookie this response sets.
    func cookie(_ name: String) -> String? {
        headers[values: .setCookie].compactMap { $0.split(separator: ";").first.map(String.init) }.first { $0.hasPrefix("\(name)=") }
    }

    /// The value of the first hidden `csrf` field of the page.
    var csrf: String? {
        guard let range = text.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression) else { return nil }
        return String(text[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }
}

func form(_ fields: [String: String]) -> ByteBuffer {
    ByteBuffer(string: Form.encode(fields))
}

let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

func headers(cookies: [String?], extra: HTTPFields = [:]) -> HTTPFields {
    var fields = extra
    let cookie = cookies.compactMap { $0 }.joined(separator: "; ")
    if !cookie.isEmpty { fields[.cookie] = cookie }
    return fields
}

/// Signs the fixture's officer in: the session cookie and the session's CSRF token.
func signIn(_ client: some TestClientProtocol) async throws -> (cookie: String, csrf: String) {
    let page = try await client.execute(uri: "/beheer/inloggen", method: .get)
    let formCookie = try #require(page.cookie(DraagvlakServer.formCookie))
    let response = try await client.execute(
        uri: "/beheer/inloggen", method: .post, headers: headers(cookies: [formCookie], extra: formHeaders),
        body: form(["csrf": try #require(page.csrf), "name": Fixture.officer, "password": Fixture.password]))
    #expect(response.status == .seeOther)
    let session = try #require(response.cookie(DraagvlakServer.sessionCookie))
    let overview = try await client.execute(uri: "/beheer", method: .get, headers: headers(cookies: [session]))
    return (session, try #require(overview.csrf))
}

/// Posts the residents' form with the form cookie (when given).
func postSurvey(_ client: some TestClientProtocol, cookie: String?, _ fields: [String: String]) async throws -> TestResponse {
    try await client.execute(uri: "/enquete", method: .post, headers: headers(cookies: [cookie], extra: formHeaders), body: form(fields))
}

/// Opens the residents' form (with an invitation code, posted as the welcome page does): its
/// form cookie and token.
func openSurvey(_ client: some TestClientProtocol, code: String?) async throws -> (cookie: String?, csrf: String) {
    let page = try await openPage(client, code: code)
    #expect(page.status == .ok)
    return (page.cookie(DraagvlakServer.formCookie), try #require(page.csrf))
}

/// The survey page as the welcome page opens it: with a code by POST, without by GET.
func openPage(_ client: some TestClientProtocol, code: String?) async throws -> TestResponse {
    guard let code else { return try await client.execute(uri: "/enquete", method: .get) }
    return try await client.execute(uri: "/enquete", method: .post, headers: formHeaders, body: form(["action": "open", "code": code]))
}
