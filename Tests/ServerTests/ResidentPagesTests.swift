import Consultation
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite struct ResidentPagesTests {
    @Test func theWelcomePageAsksForTheCodeInEitherLanguage() async throws {
        let fixture = try Fixture(importExample: false)
        try await fixture.server().test { client in
            let nl = try await client.execute(uri: "/", method: .get)
            #expect(nl.status == .ok)
            #expect(nl.headers[.contentType] == "text/html; charset=utf-8")
            #expect(nl.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(!nl.text.contains("<script"))
            #expect(nl.text.contains(#"<label for="code">Uw persoonlijke code"#))
            #expect(nl.text.contains(#"<html lang="nl">"#))
            let en = try await client.execute(uri: "/?lang=en", method: .get)
            #expect(en.text.contains(#"<label for="code">Your personal code"#))
            #expect(en.text.contains(#"<html lang="en">"#))
            #expect(try await client.execute(uri: "/health", method: .get).text == #"{"status":"ok"}"#)
        }
    }

    @Test func theSurveyShowsEveryQuestionKindWithLabels() async throws {
        let fixture = try Fixture(importExample: false)
        let code = fixture.codes[0]
        try await fixture.server().test { client in
            let page = try await openPage(client, code: code)
            #expect(page.status == .ok)
            #expect(page.cookie(DraagvlakServer.formCookie) != nil)
            let html = page.text
            // 32 statements × 5 points, every one a labelled radio in a fieldset with a legend.
            #expect(html.components(separatedBy: #"type="radio" name="S"#).count - 1 == 160)
            #expect(html.components(separatedBy: "<legend>").count - 1 == 32 + 3 + 3)
            #expect(html.contains(#"<select id="q-prioriteiten-first" name="prioriteiten[1]" >"#))
            #expect(html.contains(#"<input type="number" inputmode="numeric" min="0" id="q-budget-first" name="budget[groen]""#))
            #expect(html.contains(#"aria-describedby="q-budget-hint""#))
            #expect(html.contains(#"<textarea id="q-toelichting-first" name="toelichting""#))
            #expect(html.contains(#"<label for="q-prioriteiten-first">Plaats 1</label>"#))
        }
    }

    @Test func anUnknownOrUsedCodeIsToldPlainly() async throws {
        let fixture = try Fixture(importExample: false)
        _ = try fixture.consultation.submitOnline(completeAnswer, invitation: fixture.codes[1])
        try await fixture.server().test { client in
            let unknown = try await openPage(client, code: "ZZZZ-ZZZZ-ZZZZ")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("Deze code kennen we niet"))
            #expect(unknown.text.contains(#"aria-describedby="code-error""#))
            let used = try await openPage(client, code: fixture.codes[1])
            #expect(used.text.contains("al ingevuld"))
        }
    }

    @Test func aCodeInTheAddressIsIgnored() async throws {
        // Codes come by POST only: a code in the address would end up in browser history and
        // proxy logs. GET /enquete?code=… shows the empty welcome form, for a valid code too.
        let fixture = try Fixture(importExample: false)
        try await fixture.server().test { client in
            let page = try await client.execute(uri: "/enquete?code=\(fixture.codes[0])", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<label for="code">"#))
            #expect(!page.text.contains(#"type="radio""#))
            #expect(!page.text.contains(fixture.codes[0]))
        }
        #expect(isOpen(try fixture.consultation.invitationState(fixture.codes[0])))
    }

    @Test func guessingCodesIsSlowedPerNetworkAndInAll() async throws {
        let fixture = try Fixture(importExample: false)
        let settings: (inout ServerSettings) -> Void = {
            $0.wrongCodesPerNetwork = 3
            $0.wrongCodesPerMinute = 5
            $0.trustProxy = true
        }
        try await fixture.server(settings).test { client in
            func guess(_ code: String, from address: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/enquete", method: .post,
                    headers: headers(cookies: [], extra: [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: address]),
                    body: form(["action": "open", "code": code]))
            }
            // Three wrong codes from one network (203.0.113.0/24), then even a right one waits.
            for i in 0..<3 { #expect(try await guess("AAAA-AAAA-AAA\(i)", from: "203.0.113.7").status == .unprocessableContent) }
            let limited = try await guess(fixture.codes[0], from: "203.0.113.8")
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.text.contains("te veel onjuiste codes"))
            // Another network may still try, until all networks together reach 5 a minute.
            #expect(try await guess(fixture.codes[0], from: "198.51.100.1").status == .ok)
            #expect(try await guess("BBBB-BBBB-BBBB", from: "198.51.100.1").status == .unprocessableContent)
            #expect(try await guess("CCCC-CCCC-CCCC", from: "192.0.2.1").status == .unprocessableContent)
            #expect(try await guess(fixture.codes[1], from: "100.64.0.1").status == .tooManyRequests)
        }
        // Nothing was answered: the codes that met the limit are still open.
        #expect(isOpen(try fixture.consultation.invitationState(fixture.codes[1])))
    }

    @Test func aCodeAnswersOnceAndTheAnswerIsStored() async throws {
        let fixture = try Fixture(importExample: false)
        let code = fixture.codes[0]
        try await fixture.server().test { client in
            let (cookie, csrf) = try await openSurvey(client, code: code)
            var fields = completeAnswer
            fields["csrf"] = csrf
            fields["code"] = code
            let first = try await postSurvey(client, cookie: cookie, fields)
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/bedankt?lang=nl")
            let again = try await postSurvey(client, cookie: cookie, fields)
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("al ingevuld"))
        }
        #expect(try fixture.respondents() == 1)
    }

    @Test func aForgedOrMissingFormTokenIsRefused() async throws {
        let fixture = try Fixture(importExample: false)
        let code = fixture.codes[0]
        try await fixture.server().test { client in
            let (cookie, csrf) = try await openSurvey(client, code: code)
            var fields = completeAnswer
            fields["code"] = code
            fields["csrf"] = String(repeating: "0", count: 64)
            let forged = try await postSurvey(client, cookie: cookie, fields)
            #expect(forged.status == .forbidden)
            fields["csrf"] = csrf
            let noCookie = try await postSurvey(client, cookie: nil, fields)
            #expect(noCookie.status == .forbidden)
            fields["csrf"] = nil
            let noField = try await postSurvey(client, cookie: cookie, fields)
            #expect(noField.status == .forbidden)
        }
        #expect(try fixture.respondents() == 0)
    }

    @Test func badAnswersAreShownAtTheirFieldsAndNothingIsStored() async throws {
        let fixture = try Fixture(importExample: false)
        let code = fixture.codes[0]
        try await fixture.server().test { client in
            let (cookie, csrf) = try await openSurvey(client, code: code)
            var fields = completeAnswer
            fields["csrf"] = csrf
            fields["code"] = code
            fields["budget[groen]"] = "90"
            fields["S05"] = "8"
            let response = try await postSurvey(client, cookie: cookie, fields)
            #expect(response.status == .unprocessableContent)
            let html = response.text
            #expect(html.contains(#"role="alert""#))
            #expect(html.contains(##"<a href="#q-S05-first">"##))
            #expect(html.contains(##"<a href="#q-budget-first">"##))
            #expect(html.contains(#"<fieldset id="q-S05" aria-describedby="q-S05-error">"#))
            // Every control of a question in error is marked and tied to the message.
            #expect(html.contains(#"id="q-S05-first" aria-invalid="true" aria-describedby="q-S05-error">"#))
            #expect(
                html.contains(
                    #"id="q-budget-first" name="budget[groen]" value="90" aria-invalid="true" aria-describedby="q-budget-error q-budget-hint">"#
                ))
            #expect(html.contains("<title>Fout: "))
            #expect(html.contains("the points add up to 150, not 100"))
            // What was filled in stays filled in.
            #expect(html.contains(#"name="S01" value="2" checked"#))
        }
        #expect(try fixture.respondents() == 0)
    }

    @Test func aCodeCanSaveAndContinue() async throws {
        let fixture = try Fixture(importExample: false)
        let code = fixture.codes[2]
        try await fixture.server().test { client in
            let (cookie, csrf) = try await openSurvey(client, code: code)
            let saved = try await postSurvey(
                client, cookie: cookie, ["csrf": csrf, "code": code, "action": "save", "S07": "5", "district": "dorpen"])
            #expect(saved.status == .ok)
            #expect(saved.text.contains("Uw antwoorden zijn bewaard"))
            // Later, in another browser: the code typed on the welcome page (posted, so it stays
            // out of addresses and logs) opens the saved answer.
            let later = try await postSurvey(client, cookie: nil, ["action": "open", "code": code.lowercased()])
            #expect(later.status == .ok)
            #expect(later.text.contains(#"name="S07" value="5" checked"#))
            #expect(later.text.contains(#"name="district" value="dorpen" checked"#))
        }
        #expect(try fixture.respondents() == 0)
    }

    @Test func anExpiredFormIsShownAgainAsFilledIn() async throws {
        let fixture = try Fixture(importExample: false)
        let code = fixture.codes[0]
        try await fixture.server().test { client in
            var fields = completeAnswer
            fields["code"] = code
            fields["csrf"] = String(repeating: "a", count: 64)
            let response = try await postSurvey(
                client, cookie: "\(DraagvlakServer.formCookie)=\(String(repeating: "b", count: 64))", fields)
            #expect(response.status == .forbidden)
            #expect(response.text.contains("Het formulier is verlopen"))
            #expect(response.text.contains(#"name="S01" value="2" checked"#))
            // With the new token it sends.
            let token = try #require(response.csrf)
            fields["csrf"] = token
            let again = try await postSurvey(client, cookie: response.cookie(DraagvlakServer.formCookie), fields)
            #expect(again.status == .seeOther)
        }
        #expect(try fixture.respondents() == 1)
    }

    @Test func theOpenSurveyIsLimitedPerNetworkCountingStoredAnswersOnly() async throws {
        let fixture = try Fixture(importExample: false)
        try await fixture.server({
            $0.mode = .open
            $0.openAnswersPerHour = 2
            $0.trustProxy = true
        }).test { client in
            let (cookie, csrf) = try await openSurvey(client, code: nil)
            var fields = completeAnswer
            fields["csrf"] = csrf
            func post(from address: String, _ fields: [String: String]) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/enquete", method: .post,
                    headers: headers(
                        cookies: [cookie], extra: [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: address]),
                    body: form(fields)
                ).status
            }
            var bad = fields
            bad["S01"] = "9"
            // A rejected answer does not use up the network's answers.
            #expect(try await post(from: "198.51.100.7", bad) == .unprocessableContent)
            #expect(try await post(from: "198.51.100.7", fields) == .seeOther)
            #expect(try await post(from: "198.51.100.8", fields) == .seeOther)
            #expect(try await post(from: "::ffff:198.51.100.9", fields) == .tooManyRequests)
            // Another network is not affected.
            #expect(try await post(from: "203.0.113.5", fields) == .seeOther)
        }
        #expect(try fixture.respondents() == 3)
        // The two answers from 198.51.100.0/24 share network and browser.
        #expect(try fixture.consultation.store.openSignals().sharingASignal == 2)
    }

    @Test func afterClosingResidentsReadTheVision() async throws {
        let fixture = try Fixture()
        try await fixture.server({ $0.closed = true }).test { client in
            let survey = try await client.execute(uri: "/enquete?code=\(fixture.codes[0])", method: .get)
            #expect(survey.status == .gone)
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.text.contains(#"<a href="/visie?lang=nl">Lees de toekomstvisie</a>"#))
            let vision = try await client.execute(uri: "/visie", method: .get)
            #expect(vision.status == .ok)
            #expect(vision.text.contains("<svg"))
        }
        try await fixture.server().test { client in
            let notYet = try await client.execute(uri: "/visie", method: .get)
            #expect(notYet.status == .notFound)
        }
    }

    @Test func thePublishedVisionIsOfTheLatestWaveWithWhatChanged() async throws {
        let fixture = try Fixture()  // papier.csv in the unnamed wave
        let c = fixture.consultation
        _ = try c.importFile(repositoryRoot.appendingPathComponent("examples/dijkwaard/responses/2028/online.csv"), wave: "2028")
        let reply = c.folder.appendingPathComponent(Consultation.replyFile)
        try "wave: \"2028\"\nthemes:\n  demografie: {verdict: adopted, text: \"Woningen voor ouderen in elke wijk.\"}\n".write(
            to: reply, atomically: true, encoding: .utf8)
        try await fixture.server({ $0.closed = true }).test { client in
            let vision = try await client.execute(uri: "/visie", method: .get)
            #expect(vision.status == .ok)
            #expect(vision.text.contains("meting 2028"))
            #expect(vision.text.contains("Wat is er veranderd"))
            #expect(vision.text.contains("Woningen voor ouderen in elke wijk."))
        }
    }

    @Test func anOversizedFormIsRefused() async throws {
        let fixture = try Fixture(importExample: false)
        try await fixture.server({ $0.maxFormBytes = 1024 }).test { client in
            let response = try await client.execute(
                uri: "/enquete", method: .post, headers: formHeaders,
                body: ByteBuffer(string: "toelichting=" + String(repeating: "a", count: 4096)))
            #expect(response.status == .contentTooLarge)
        }
    }
}
