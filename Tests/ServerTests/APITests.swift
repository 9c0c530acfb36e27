import Consultation
import DraagvlakCore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Yams

@testable import Server

/// docs/openapi.yaml, and a check of a JSON value against one of its schemas (the subset the
/// file uses: type, required, properties, items, enum, oneOf, $ref, additionalProperties).
struct OpenAPI: @unchecked Sendable {
    let document: [String: Any]

    init() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        document = try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    /// Problems of a response against the spec's schema for this path, method and status.
    func problems(_ path: String, _ method: String, _ status: Int, _ body: ByteBuffer) -> [String] {
        guard let paths = document["paths"] as? [String: Any], let operation = (paths[path] as? [String: Any])?[method] as? [String: Any],
            let responses = operation["responses"] as? [String: Any]
        else { return ["\(method) \(path) is not in the spec"] }
        guard let response = responses[String(status)] as? [String: Any] else {
            return ["\(method) \(path) has no response \(status) in the spec"]
        }
        guard let schema = ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] else { return [] }
        guard let value = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]) else {
            return ["not JSON"]
        }
        return check(value, schema, at: "$")
    }

    private func resolve(_ schema: Any) -> [String: Any] {
        guard let object = schema as? [String: Any] else { return [:] }
        if let ref = object["$ref"] as? String {
            let name = String(ref.split(separator: "/").last ?? "")
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            return resolve(schemas?[name] as Any)
        }
        return object
    }

    private func check(_ value: Any, _ schemaValue: Any, at path: String) -> [String] {
        let schema = resolve(schemaValue)
        if let choices = schema["oneOf"] as? [Any] {
            let matching = choices.filter { check(value, $0, at: path).isEmpty }.count
            return matching == 1 ? [] : ["\(path): matches \(matching) of the oneOf schemas"]
        }
        var problems: [String] = []
        switch schema["type"] as? String {
        case "object"?:
            guard let object = value as? [String: Any] else { return ["\(path): not an object"] }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path).\(key): missing") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, item) in object {
                if let property = properties[key] {
                    problems += check(item, property, at: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] {
                    problems += check(item, extra, at: "\(path).\(key)")
                }
            }
        case "array"?:
            guard let array = value as? [Any] else { return ["\(path): not an array"] }
            if let items = schema["items"] { for (i, item) in array.enumerated() { problems += check(item, items, at: "\(path)[\(i)]") } }
        case "string"?:
            guard let text = value as? String else { return ["\(path): not a string"] }
            if let allowed = schema["enum"] as? [String], !allowed.contains(text) {
                problems.append("\(path): '\(text)' not in \(allowed)")
            }
        case "integer"?:
            // JSON true/false also arrive as NSNumber; their type code is "c" (char).
            guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
                number.doubleValue == number.doubleValue.rounded()
            else { return ["\(path): not an integer"] }
        case "number"?:
            guard value is NSNumber else { return ["\(path): not a number"] }
        default:
            break
        }
        return problems
    }
}

@Suite struct APITests {
    @Test func answersWithACodeAreStoredOnceAndValidated() async throws {
        let fixture = try Fixture(importExample: false)
        let spec = try OpenAPI()
        try await fixture.server().test { client in
            func post(_ object: [String: Any]) async throws -> TestResponse {
                let response = try await client.execute(
                    uri: "/api/v1/answers", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object)))
                #expect(spec.problems("/api/v1/answers", "post", Int(response.status.code), response.body) == [])
                return response
            }
            var answers: [String: Any] = completeJSONAnswer
            answers["S01"] = 4
            #expect(try await post(["code": fixture.codes[0], "answers": answers]).status == .created)
            #expect(try await post(["code": fixture.codes[0], "answers": answers]).status == .conflict)
            #expect(try await post(["code": "ZZZZ-ZZZZ-ZZZZ", "answers": answers]).status == .forbidden)
            #expect(try await post(["answers": answers]).status == .unauthorized)
            #expect(try await post(["nothing": true]).status == .badRequest)
            // A cross-site form can only post text/plain: refused.
            let plain = try await client.execute(
                uri: "/api/v1/answers", method: .post, headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: #"{"answers":{"S01":"4"},"p":"="}"#))
            #expect(plain.status == .unsupportedMediaType)
            #expect(spec.problems("/api/v1/answers", "post", 415, plain.body) == [])
            answers["district"] = "mars"
            let invalid = try await post(["code": fixture.codes[1], "answers": answers])
            #expect(invalid.status == .unprocessableContent)
            let problems = invalid.json["problems"] as? [[String: Any]] ?? []
            #expect(problems.map { $0["field"] as? String } == ["district"])
        }
        #expect(try fixture.respondents() == 1)
    }

    @Test func answersAreValidatedAsAnImportAndARefusalKeepsTheCode() async throws {
        let fixture = try Fixture(importExample: false)
        let spec = try OpenAPI()
        try await fixture.server().test { client in
            func post(_ body: String) async throws -> TestResponse {
                let response = try await client.execute(
                    uri: "/api/v1/answers", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
                #expect(spec.problems("/api/v1/answers", "post", Int(response.status.code), response.body) == [])
                return response
            }
            let code = fixture.codes[0]
            // Each refused with 422 naming the field; none uses up the code.
            let refused: [(body: String, field: String)] = [
                (#"{"code":"\#(code)","answers":{"S01":true}}"#, "S01"),
                (#"{"code":"\#(code)","answers":{"S01":4,"S99":3}}"#, "S99"),
                (#"{"code":"\#(code)","answers":{}}"#, "answers"),
                (#"{"code":"\#(code)","answers":{"toelichting":"a\u0000b"}}"#, "toelichting"),
                (#"{"code":"\#(code)","answers":{"S01":4,"S01":2}}"#, "S01"),
                (#"{"code":"\#(code)","answers":{"district":3}}"#, "district"),
            ]
            for (body, field) in refused {
                let response = try await post(body)
                #expect(response.status == .unprocessableContent, "\(body)")
                let problems = response.json["problems"] as? [[String: Any]] ?? []
                #expect(problems.compactMap { $0["field"] as? String } == [field], "\(body)")
            }
            #expect(isOpen(try fixture.consultation.invitationState(code)))
            // Free text keeps its line breaks; then the code answers.
            let stored = try await post(
                #"{"code":"\#(code)","answers":{"S01":4,"district":"oost","toelichting":"Meer groen.\nEn bankjes."}}"#)
            #expect(stored.status == .created)
            #expect(!isOpen(try fixture.consultation.invitationState(code)))
        }
    }

    @Test func guessingCodesThroughTheAPIGets429() async throws {
        let fixture = try Fixture(importExample: false)
        try await fixture.server({ $0.wrongCodesPerNetwork = 5 }).test { client in
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<8 {
                let response = try await client.execute(
                    uri: "/api/v1/answers", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"code":"ZZZZ-ZZZZ-ZZ\#(i)0","answers":{"S01":4}}"#))
                statuses.append(response.status)
                if response.status == .tooManyRequests { #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0) }
            }
            #expect(statuses == Array(repeating: .forbidden, count: 5) + Array(repeating: .tooManyRequests, count: 3))
        }
    }

    @Test func twoInstancesShareOneLimitOnWrongCodes() async throws {
        // Two servers on one store (as behind a load balancer): together they allow 4 wrong
        // codes from a network, not 4 each.
        let fixture = try Fixture(importExample: false)
        let (first, second) = try Self.twoInstances(fixture) { $0.wrongCodesPerNetwork = 4 }
        func guess(_ server: DraagvlakServer, _ i: Int) async throws -> HTTPResponse.Status {
            try await server.test { client in
                try await client.execute(
                    uri: "/api/v1/answers", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"code":"ZZZZ-ZZZZ-Z\#(i)ZZ","answers":{"S01":4}}"#)
                ).status
            }
        }
        var statuses: [HTTPResponse.Status] = []
        for i in 0..<6 { statuses.append(try await guess(i.isMultiple(of: 2) ? first : second, i)) }
        #expect(statuses == [.forbidden, .forbidden, .forbidden, .forbidden, .tooManyRequests, .tooManyRequests])
    }

    /// Two instances on one store (a fresh PostgreSQL schema under DRAAGVLAK_TEST_POSTGRES, as
    /// in CI; else the folder's SQLite file), as a second machine would open it.
    static func twoInstances(_ fixture: Fixture, _ change: (inout ServerSettings) -> Void) throws -> (DraagvlakServer, DraagvlakServer) {
        var settings = ServerSettings()
        settings.secureCookies = false
        change(&settings)
        let store = ProcessInfo.processInfo.environment["DRAAGVLAK_TEST_POSTGRES"].flatMap { base -> String? in
            guard !base.isEmpty else { return nil }
            let schema = "limits_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
        }
        return (
            DraagvlakServer(consultation: try Consultation(folder: fixture.consultation.folder, store: store), settings: settings),
            DraagvlakServer(consultation: try Consultation(folder: fixture.consultation.folder, store: store), settings: settings)
        )
    }

    @Test func twoInstancesAnsweringAtOnceShareOneLimitOnOpenAnswers() async throws {
        let fixture = try Fixture(importExample: false)
        let (first, second) = try Self.twoInstances(fixture) {
            $0.mode = .open
            $0.openAnswersPerHour = 3
            $0.trustProxy = true
        }
        let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["answers": completeJSONAnswer]))
        // Ten answers from one network, five to each instance, all at once.
        let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for i in 0..<10 {
                group.addTask {
                    try await (i.isMultiple(of: 2) ? first : second).test { client in
                        try await client.execute(
                            uri: "/api/v1/answers", method: .post,
                            headers: [.contentType: "application/json", .xForwardedFor: "198.51.100.\(i + 1)"], body: body
                        ).status
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == .created }.count == 3)
        #expect(statuses.filter { $0 == .tooManyRequests }.count == 7)
        #expect(try first.consultation.store.status().respondents == 3)
    }

    @Test func twoInstancesShareOneLimitOnSignIns() async throws {
        let fixture = try Fixture(importExample: false)
        let (first, second) = try Self.twoInstances(fixture) { $0.signInsPerHour = 3 }
        try first.consultation.store.setOfficer(Fixture.officer, passwordHash: DraagvlakServer.hashPassword(Fixture.password))
        func attempt(_ server: DraagvlakServer) async throws -> HTTPResponse.Status {
            try await server.test { client in
                let page = try await client.execute(uri: "/beheer/inloggen", method: .get)
                return try await client.execute(
                    uri: "/beheer/inloggen", method: .post,
                    headers: headers(
                        cookies: [page.cookie(DraagvlakServer.formCookie)], extra: [.contentType: "application/x-www-form-urlencoded"]),
                    body: form(["csrf": try #require(page.csrf), "name": Fixture.officer, "password": "not the password"])
                ).status
            }
        }
        var statuses: [HTTPResponse.Status] = []
        for i in 0..<5 { statuses.append(try await attempt(i.isMultiple(of: 2) ? first : second)) }
        #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests])
    }

    @Test func theStoreCountsLimitsByWindow() throws {
        let fixture = try Fixture(importExample: false)
        let c = fixture.consultation
        let start = Date()
        try c.recordLimitEvent("k", now: start)
        try c.recordLimitEvent("k", now: start.addingTimeInterval(60))
        #expect(try c.limitWait("k", limit: 2, window: 600, now: start.addingTimeInterval(120)) == 480)
        #expect(try c.limitWait("k", limit: 3, window: 600, now: start.addingTimeInterval(120)) == 0)
        #expect(try c.limitWait("k", limit: 2, window: 600, now: start.addingTimeInterval(601)) == 0)
        #expect(try c.limitWait("other", limit: 1, window: 600, now: start.addingTimeInterval(120)) == 0)
    }

    @Test func anUploadNameOfManyBytesStaysAFileName() throws {
        // Found by scripts/api-fuzz: 85 × "中" is 255 bytes; the stored name keeps 120 bytes of
        // whole characters, the extension among them, and no control characters.
        let folder = URL(fileURLWithPath: "/tmp")
        let long = Upload.file(named: String(repeating: "中", count: 85) + ".csv", in: folder).lastPathComponent
        #expect(long.utf8.count <= 120 && long.hasSuffix("中.csv"))
        let accents = Upload.file(named: "e" + String(repeating: "\u{301}", count: 200) + "\u{0}x.csv", in: folder).lastPathComponent
        #expect(accents.utf8.count <= 120 && accents.hasSuffix("x.csv") && !accents.contains("\u{0}"))
        #expect(Upload.file(named: "../../etc/passwd", in: folder).lastPathComponent == "passwd")
        #expect(Upload.file(named: ".hidden", in: folder).lastPathComponent == "upload.hidden")
    }

    @Test func officersReadStatusAndVisionAndTestDecisions() async throws {
        let fixture = try Fixture()
        let spec = try OpenAPI()
        try await fixture.server().test { client in
            for path in ["/api/v1/session", "/api/v1/status", "/api/v1/vision"] {
                let anonymous = try await client.execute(uri: path, method: .get)
                #expect(anonymous.status == .unauthorized)
                #expect(spec.problems(path, "get", 401, anonymous.body) == [])
            }
            let (cookie, _) = try await signIn(client)
            let session = try await client.execute(uri: "/api/v1/session", method: .get, headers: headers(cookies: [cookie]))
            #expect(spec.problems("/api/v1/session", "get", 200, session.body) == [])
            let csrf = try #require(session.json["csrf"] as? String)
            let status = try await client.execute(uri: "/api/v1/status", method: .get, headers: headers(cookies: [cookie]))
            #expect(status.status == .ok)
            #expect(spec.problems("/api/v1/status", "get", 200, status.body) == [])
            #expect(status.json["respondents"] as? Int == 450)
            let vision = try await client.execute(uri: "/api/v1/vision", method: .get, headers: headers(cookies: [cookie]))
            #expect(vision.status == .ok)
            #expect(spec.problems("/api/v1/vision", "get", 200, vision.body) == [])

            let yaml = try String(
                contentsOf: repositoryRoot.appendingPathComponent("examples/dijkwaard/decisions/autoluw-centrum.yaml"), encoding: .utf8)
            let withoutToken = try await client.execute(
                uri: "/api/v1/decisions", method: .post, headers: headers(cookies: [cookie]), body: ByteBuffer(string: yaml))
            #expect(withoutToken.status == .forbidden)
            let assessed = try await client.execute(
                uri: "/api/v1/decisions?lang=en", method: .post,
                headers: headers(cookies: [cookie], extra: [.xCSRFToken: csrf]), body: ByteBuffer(string: yaml))
            #expect(assessed.status == .ok)
            #expect(spec.problems("/api/v1/decisions", "post", 200, assessed.body) == [])
            #expect(assessed.json["decision"] as? String == "autoluw-centrum")
            let bad = try await client.execute(
                uri: "/api/v1/decisions", method: .post,
                headers: headers(cookies: [cookie], extra: [.xCSRFToken: csrf]), body: ByteBuffer(string: "id: [unclosed"))
            #expect(bad.status == .unprocessableContent)
            #expect(spec.problems("/api/v1/decisions", "post", 422, bad.body) == [])
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(spec.problems("/health", "get", 200, health.body) == [])
        }
    }

    @Test func officersImportAFileThroughTheAPI() async throws {
        let fixture = try Fixture()
        let before = try fixture.respondents()
        let spec = try OpenAPI()
        try await fixture.server({ $0.maxUploadBytes = 2048 }).test { client in
            let (cookie, _) = try await signIn(client)
            let csrf = try #require(
                try await client.execute(uri: "/api/v1/session", method: .get, headers: headers(cookies: [cookie])).json["csrf"] as? String)
            func upload(_ name: String, _ text: String, token: String? = nil) async throws -> TestResponse {
                var extra: HTTPFields = [.contentType: "application/octet-stream"]
                extra[.xCSRFToken] = token ?? csrf
                let response = try await client.execute(
                    uri: "/api/v1/imports?name=\(name)", method: .post, headers: headers(cookies: [cookie], extra: extra),
                    body: ByteBuffer(string: text))
                #expect(spec.problems("/api/v1/imports", "post", Int(response.status.code), response.body) == [])
                return response
            }
            let good = try await upload("extra.csv", "respondent,district,S01\nA1,noord,4\nA2,oost,5\n")
            #expect(good.status == .ok)
            #expect(good.json["added"] as? Int == 2 && good.json["format"] as? String == "csv")
            let again = try await upload("extra.csv", "respondent,district,S01\nA1,noord,4\nA2,oost,5\n")
            #expect(again.json["added"] as? Int == 0 && again.json["alreadyImportedAt"] != nil)
            let bad = try await upload("bad.csv", "respondent,district,S01\nB1,mars,4\n")
            #expect(bad.status == .unprocessableContent)
            let large = try await upload(
                "large.csv", "respondent,district,S01\n" + (1...400).map { "C\($0),noord,4" }.joined(separator: "\n"))
            #expect(large.status == .contentTooLarge)
            #expect(try await upload("x.csv", "respondent,S01\nD1,4\n", token: "wrong").status == .forbidden)
        }
        #expect(try fixture.respondents() == before + 2)
    }

    @Test func theValidatorItselfCatchesAWrongShape() throws {
        let spec = try OpenAPI()
        #expect(!spec.problems("/api/v1/session", "get", 200, ByteBuffer(string: #"{"officer": 3}"#)).isEmpty)
        #expect(!spec.problems("/api/v1/status", "get", 200, ByteBuffer(string: #"{"survey": "x"}"#)).isEmpty)
        #expect(spec.problems("/api/v1/answers", "post", 201, ByteBuffer(string: #"{"status": "stored"}"#)) == [])
        #expect(!spec.problems("/api/v1/answers", "post", 201, ByteBuffer(string: #"{"status": "kept"}"#)).isEmpty)
        #expect(!spec.problems("/api/v1/answers", "post", 418, ByteBuffer(string: "{}")).isEmpty)
    }
}

@Suite struct ServerSettingsTests {
    @Test func aFileThenTheEnvironmentSetTheServer() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).yaml")
        try "port: 9000\nmode: open\nmaxUploadMB: 10\n".write(to: file, atomically: true, encoding: .utf8)
        let settings = try ServerSettings.load(file: file, environment: ["DRAAGVLAK_PORT": "9100", "DRAAGVLAK_CLOSED": "true"])
        #expect(settings.port == 9100)
        #expect(settings.mode == .open)
        #expect(settings.closed)
        #expect(settings.maxUploadBytes == 10 << 20)
        try "port: 70000\n".write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: InputError.self) { try ServerSettings.load(file: file, environment: [:]) }
        #expect(error.description.hasPrefix("\(file.lastPathComponent):1: port must be a whole number from 1 to 65535"))
        let unknown = try #require(throws: InputError.self) {
            try ServerSettings.load(file: nil, environment: ["DRAAGVLAK_MODE": "secret"])
        }
        #expect(unknown.description == "DRAAGVLAK_MODE: mode must be invitation or open, not 'secret'")
    }
}
