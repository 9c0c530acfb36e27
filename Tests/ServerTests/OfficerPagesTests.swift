import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct OfficerPagesTests {
    static let pages = ["/beheer", "/beheer/visie", "/beheer/import", "/beheer/besluit"]

    @Test func noOfficerPageOrAPICallWithoutSigningIn() async throws {
        let fixture = try Fixture(importExample: false)
        try await fixture.server().test { client in
            for path in Self.pages {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location] == "/beheer/inloggen", "\(path)")
            }
            for (path, method) in [
                ("/api/v1/status", HTTPRequest.Method.get), ("/api/v1/vision", .get), ("/api/v1/session", .get),
                ("/api/v1/decisions", .post),
            ] {
                #expect(try await client.execute(uri: path, method: method).status == .unauthorized, "\(path)")
            }
            for path in ["/beheer/import", "/beheer/besluit", "/beheer/uitloggen"] {
                let response = try await client.execute(uri: path, method: .post, headers: formHeaders, body: form(["csrf": "x"]))
                #expect(response.status == .seeOther, "POST \(path)")
                #expect(response.headers[.location] == "/beheer/inloggen", "POST \(path)")
            }
            // A made-up session cookie is no session.
            let forged = try await client.execute(
                uri: "/beheer", method: .get, headers: [.cookie: "\(DraagvlakServer.sessionCookie)=\(String(repeating: "a", count: 64))"])
            #expect(forged.status == .seeOther)
        }
    }

    @Test func aWrongPasswordIsRefusedAndARightOneSignsIn() async throws {
        let fixture = try Fixture(importExample: false)
        try await fixture.server().test { client in
            let page = try await client.execute(uri: "/beheer/inloggen", method: .get)
            let cookie = page.cookie(DraagvlakServer.formCookie)
            for (name, password) in [(Fixture.officer, "wrong password!"), ("nobody", Fixture.password)] {
                let refused = try await client.execute(
                    uri: "/beheer/inloggen", method: .post, headers: headers(cookies: [cookie], extra: formHeaders),
                    body: form(["csrf": try #require(page.csrf), "name": name, "password": password]))
                #expect(refused.status == .unauthorized)
                #expect(refused.text.contains("Naam of wachtwoord klopt niet."))
                #expect(refused.cookie(DraagvlakServer.sessionCookie) == nil)
            }
            let (session, _) = try await signIn(client)
            let setCookie = try await client.execute(
                uri: "/beheer/inloggen", method: .post, headers: headers(cookies: [cookie], extra: formHeaders),
                body: form(["csrf": try #require(page.csrf), "name": Fixture.officer, "password": Fixture.password]))
            let attributes = setCookie.headers[values: .setCookie].first { $0.hasPrefix(DraagvlakServer.sessionCookie) } ?? ""
            #expect(attributes.contains("HttpOnly") && attributes.contains("SameSite=Strict"))
            let overview = try await client.execute(uri: "/beheer", method: .get, headers: headers(cookies: [session]))
            #expect(overview.status == .ok)
            #expect(overview.text.contains("0 / 3 uitnodigingen beantwoord"))
        }
    }

    @Test func secureCookiesAreSecure() async throws {
        let fixture = try Fixture(importExample: false)
        try await fixture.server({ $0.secureCookies = true }).test { client in
            let page = try await client.execute(uri: "/beheer/inloggen", method: .get)
            let formCookie = try #require(page.headers[values: .setCookie].first)
            #expect(formCookie.contains("Secure") && formCookie.contains("HttpOnly") && formCookie.contains("SameSite=Lax"))
            #expect(page.headers[.strictTransportSecurity] != nil)
            let signedIn = try await client.execute(
                uri: "/beheer/inloggen", method: .post,
                headers: headers(cookies: [page.cookie(DraagvlakServer.formCookie)], extra: formHeaders),
                body: form(["csrf": try #require(page.csrf), "name": Fixture.officer, "password": Fixture.password]))
            let session = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix(DraagvlakServer.sessionCookie) })
            #expect(session.contains("Secure") && session.contains("HttpOnly") && session.contains("SameSite=Strict"))
        }
    }

    @Test func signInsAreLimitedAndAResetPasswordEndsSessions() async throws {
        let fixture = try Fixture(importExample: false)
        try await fixture.server({ $0.signInsPerHour = 3 }).test { client in
            let (session, _) = try await signIn(client)
            try fixture.consultation.store.setOfficer(Fixture.officer, passwordHash: DraagvlakServer.hashPassword(Fixture.password))
            #expect(try await client.execute(uri: "/beheer", method: .get, headers: headers(cookies: [session])).status == .seeOther)
            let page = try await client.execute(uri: "/beheer/inloggen", method: .get)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                statuses.append(
                    try await client.execute(
                        uri: "/beheer/inloggen", method: .post,
                        headers: headers(cookies: [page.cookie(DraagvlakServer.formCookie)], extra: formHeaders),
                        body: form(["csrf": try #require(page.csrf), "name": Fixture.officer, "password": "not the password"])
                    ).status)
            }
            // One attempt was the successful sign-in above: 3 in all, then refused.
            #expect(statuses == [.unauthorized, .unauthorized, .tooManyRequests])
        }
    }

    @Test func everyOfficerPageWorksWhenSignedIn() async throws {
        let fixture = try Fixture()
        try await fixture.server().test { client in
            let (session, csrf) = try await signIn(client)
            let overview = try await client.execute(uri: "/beheer", method: .get, headers: headers(cookies: [session]))
            #expect(overview.text.contains("papier.csv"))
            let vision = try await client.execute(uri: "/beheer/visie", method: .get, headers: headers(cookies: [session]))
            #expect(vision.status == .ok && vision.text.contains("<svg"))
            let upload = try await client.execute(uri: "/beheer/import", method: .get, headers: headers(cookies: [session]))
            #expect(upload.text.contains(#"enctype="multipart/form-data""#))
            let decisionPage = try await client.execute(uri: "/beheer/besluit", method: .get, headers: headers(cookies: [session]))
            #expect(decisionPage.text.contains("<textarea"))
            let yaml = try String(
                contentsOf: repositoryRoot.appendingPathComponent("examples/dijkwaard/decisions/autoluw-centrum.yaml"), encoding: .utf8)
            let assessed = try await client.execute(
                uri: "/beheer/besluit", method: .post, headers: headers(cookies: [session], extra: formHeaders),
                body: form(["csrf": csrf, "yaml": yaml]))
            #expect(assessed.status == .ok)
            #expect(assessed.text.contains("Autoluw centrum"))
            let bad = try await client.execute(
                uri: "/beheer/besluit", method: .post, headers: headers(cookies: [session], extra: formHeaders),
                body: form([
                    "csrf": csrf, "yaml": "id: x\ntitle: X\nquestion: Q\noptions:\n  - id: a\n    title: A\n    effects:\n      S99: 2\n",
                ]))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("S99"))
            // The same decision uploaded as a file.
            let uploaded = try await client.execute(
                uri: "/beheer/besluit", method: .post, headers: headers(cookies: [session], extra: Self.multipartHeaders),
                body: Self.multipart(csrf: csrf, file: "autoluw.yaml", contents: yaml))
            #expect(uploaded.status == .ok)
            #expect(uploaded.text.contains("Autoluw centrum"))
            // Signing out ends the session.
            let out = try await client.execute(
                uri: "/beheer/uitloggen", method: .post, headers: headers(cookies: [session], extra: formHeaders),
                body: form(["csrf": csrf]))
            #expect(out.status == .seeOther)
            #expect(try await client.execute(uri: "/beheer", method: .get, headers: headers(cookies: [session])).status == .seeOther)
        }
    }

    @Test func aFormWithoutTheSessionsTokenIsRefused() async throws {
        let fixture = try Fixture()
        let before = try fixture.respondents()
        try await fixture.server().test { client in
            let (session, _) = try await signIn(client)
            for token in [nil, String(repeating: "f", count: 64)] {
                var fields = ["yaml": "id: x"]
                fields["csrf"] = token
                let response = try await client.execute(
                    uri: "/beheer/besluit", method: .post, headers: headers(cookies: [session], extra: formHeaders), body: form(fields))
                #expect(response.status == .forbidden)
                let signOut = try await client.execute(
                    uri: "/beheer/uitloggen", method: .post, headers: headers(cookies: [session], extra: formHeaders), body: form(fields))
                #expect(signOut.status == .forbidden)
            }
            let upload = try await client.execute(
                uri: "/beheer/import", method: .post, headers: headers(cookies: [session], extra: Self.multipartHeaders),
                body: Self.multipart(csrf: "wrong", file: "extra.csv", contents: "respondent,S01\nX1,4\n"))
            #expect(upload.status == .forbidden)
        }
        #expect(try fixture.respondents() == before)
    }

    @Test func anUploadGoesThroughTheImporters() async throws {
        let fixture = try Fixture()
        let before = try fixture.respondents()
        try await fixture.server().test { client in
            let (session, csrf) = try await signIn(client)
            let good = try await client.execute(
                uri: "/beheer/import", method: .post, headers: headers(cookies: [session], extra: Self.multipartHeaders),
                body: Self.multipart(csrf: csrf, file: "extra.csv", contents: "respondent,district,S01,S02\nX1,noord,4,5\nX2,zuid,2,1\n"))
            #expect(good.status == .ok)
            #expect(good.text.contains("extra.csv: 2 inwoners toegevoegd (csv)."))
            let bad = try await client.execute(
                uri: "/beheer/import", method: .post, headers: headers(cookies: [session], extra: Self.multipartHeaders),
                body: Self.multipart(csrf: csrf, file: "bad.csv", contents: "respondent,district,S01\nY1,mars,4\n"))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("bad.csv:2: column &#39;district&#39;: unknown answer code &#39;mars&#39;"))
        }
        #expect(try fixture.respondents() == before + 2)
        #expect(try fixture.consultation.store.status().batches.map(\.file).contains("extra.csv"))
    }

    @Test func anOversizedUploadIsRefusedAndNothingStored() async throws {
        let fixture = try Fixture()
        let before = try fixture.respondents()
        try await fixture.server({ $0.maxUploadBytes = 4096 }).test { client in
            let (session, csrf) = try await signIn(client)
            let rows = (1...400).map { "Z\($0),noord,4,5" }.joined(separator: "\n")
            let response = try await client.execute(
                uri: "/beheer/import", method: .post, headers: headers(cookies: [session], extra: Self.multipartHeaders),
                body: Self.multipart(csrf: csrf, file: "groot.csv", contents: "respondent,district,S01,S02\n" + rows + "\n"))
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("Het bestand is te groot"))
        }
        #expect(try fixture.respondents() == before)
    }

    static let boundary = "draagvlak-test-boundary"
    static let multipartHeaders: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]

    static func multipart(csrf: String, file: String, contents: String) -> ByteBuffer {
        ByteBuffer(
            string: """
                --\(boundary)\r
                Content-Disposition: form-data; name="csrf"\r
                \r
                \(csrf)\r
                --\(boundary)\r
                Content-Disposition: form-data; name="file"; filename="\(file)"\r
                Content-Type: text/csv\r
                \r
                \(contents)\r
                --\(boundary)--\r

                """)
    }
}
