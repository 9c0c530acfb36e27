import Consultation
import DraagvlakCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

@testable import Server

/// "Where you stand" (`/mijn-antwoorden`): after closing, a resident who answered with an
/// invitation code sees their own answers beside the shares of all residents and of their
/// district; another code, an unknown one or none shows nothing personal.
@Suite struct WhereYouStandTests {
    @Test func aResidentSeesTheirOwnAnswersBesideTheShares() async throws {
        let fixture = try Fixture()
        let code = fixture.codes[0]
        let c = fixture.consultation
        #expect(try c.submitOnline(completeAnswer, invitation: code) == .stored)
        // What the page must show for S01 (answered 2, "Oneens") and S04 (answered 5): the
        // shares of the vision, of all 451 residents and of Noord.
        let standing = try #require(try c.standing(invitation: code, vision: c.vision()))
        #expect(standing.district?.question.id == "district")
        #expect(standing.district?.category.code == "noord")
        let rows = standing.sections.flatMap(\.rows)
        #expect(rows.count == 32)
        let s01 = try #require(rows.first { $0.statement.id == "S01" })
        let s04 = try #require(rows.first { $0.statement.id == "S04" })
        #expect(s01.answer == 2 && s04.answer == 5)
        let everyone = try shown(s01.everyone)
        let noord = try shown(s01.district)

        try await fixture.server({ $0.closed = true }).test { client in
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.text.contains(#"<a href="/mijn-antwoorden?lang=nl">Bekijk waar u staat met uw code</a>"#))
            let token = try await openStandingForm(client)
            // Typed as people type it: lower case, without dashes.
            let page = try await postStandingCode(client, code.lowercased().replacingOccurrences(of: "-", with: ""), token: token)
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            let html = page.text
            #expect(html.contains("<h1>Waar u staat</h1>"))
            #expect(html.contains("<caption>Bevolking en woonwensen</caption>"))
            #expect(
                html.contains(
                    #"<th scope="col">Stelling</th><th scope="col">Uw antwoord</th><th scope="col">Alle inwoners (eens)</th><th scope="col">Noord (eens)</th>"#
                ))
            #expect(
                html.contains(
                    #"<tr><th scope="row">\#(s01.statement.text.nl)</th><td>Oneens</td><td>\#(everyone)</td><td>\#(noord)</td></tr>"#
                ))
            #expect(html.contains(#"<th scope="row">\#(s04.statement.text.nl)</th><td>Helemaal eens</td>"#))
            #expect(html.components(separatedBy: #"<th scope="row">"#).count - 1 == 32)
            #expect(!html.contains("<script"))
            // The code is not repeated anywhere in the page.
            #expect(!html.contains(code) && !html.lowercased().contains(code.lowercased().replacingOccurrences(of: "-", with: "")))

            let english = try await postStandingCode(client, code, token: token, language: "en")
            #expect(english.status == .ok)
            #expect(english.text.contains("<h1>Where you stand</h1>"))
            #expect(english.text.contains(#"<th scope="row">\#(s01.statement.text.en)</th><td>Disagree</td>"#))
            #expect(english.text.contains(#"<th scope="col">North (agree)</th>"#))
        }
    }

    @Test func anotherCodeAnUnknownCodeOrNoCodeShowsNothingPersonal() async throws {
        let fixture = try Fixture()
        #expect(try fixture.consultation.submitOnline(completeAnswer, invitation: fixture.codes[0]) == .stored)
        try await fixture.server({ $0.closed = true }).test { client in
            let token = try await openStandingForm(client)
            // A valid code that never answered, an unknown code, and no code: the same neutral
            // page, word for word, with none of the first resident's answers.
            var pages: [String] = []
            for code in [fixture.codes[1], "ZZZZ-ZZZZ-ZZZZ", "", "   "] {
                let page = try await postStandingCode(client, code, token: token)
                #expect(page.status == .unprocessableContent)
                #expect(page.headers[.cacheControl] == "no-store")
                let html = page.text
                #expect(html.contains("Met deze code vinden we geen antwoorden."))
                #expect(!html.contains("Waar u staat"))
                #expect(!html.contains("<table") && !html.contains("<td>"))
                #expect(!html.contains(">Uw antwoord<") && !html.contains("Oneens") && !html.contains("Helemaal eens"))
                pages.append(html)
            }
            #expect(Set(pages).count == 1)
            // The right code without the form's token: refused, and nothing is shown.
            let forged = try await client.execute(
                uri: "/mijn-antwoorden", method: .post, headers: formHeaders, body: form(["code": fixture.codes[0]]))
            #expect(forged.status == .forbidden)
            #expect(!forged.text.contains("<table") && !forged.text.contains("Waar u staat"))
            // A code in the address is ignored: the empty form.
            let address = try await client.execute(uri: "/mijn-antwoorden?code=\(fixture.codes[0])", method: .get)
            #expect(address.status == .ok)
            #expect(!address.text.contains("<table") && !address.text.contains(fixture.codes[0]))
        }
    }

    @Test func codesWithoutAnswersCountAsWrongCodes() async throws {
        let fixture = try Fixture(importExample: false)
        #expect(try fixture.consultation.submitOnline(completeAnswer, invitation: fixture.codes[0]) == .stored)
        try await fixture.server({
            $0.closed = true
            $0.wrongCodesPerNetwork = 2
        }).test { client in
            let token = try await openStandingForm(client)
            // An empty code is not a guess; a code without answers is, known or not.
            #expect(try await postStandingCode(client, "", token: token).status == .unprocessableContent)
            #expect(try await postStandingCode(client, fixture.codes[1], token: token).status == .unprocessableContent)
            #expect(try await postStandingCode(client, "AAAA-BBBB-CCCC", token: token).status == .unprocessableContent)
            // Then even the right code waits, as on the welcome page.
            let limited = try await postStandingCode(client, fixture.codes[0], token: token)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.text.contains("te veel onjuiste codes"))
            #expect(!limited.text.contains("<table"))
        }
    }

    @Test func beforeClosingThereIsNothingToSee() async throws {
        let fixture = try Fixture(importExample: false)
        #expect(try fixture.consultation.submitOnline(completeAnswer, invitation: fixture.codes[0]) == .stored)
        try await fixture.server().test { client in
            let page = try await client.execute(uri: "/mijn-antwoorden", method: .get)
            #expect(page.status == .notFound)
            #expect(!page.text.contains("<form"))
            // Even with a cookie and token that match, a posted code finds nothing yet.
            let token = String(repeating: "a", count: 64)
            let post = try await client.execute(
                uri: "/mijn-antwoorden", method: .post,
                headers: headers(cookies: ["\(DraagvlakServer.formCookie)=\(token)"], extra: formHeaders),
                body: form(["csrf": token, "code": fixture.codes[0]]))
            #expect(post.status == .notFound)
            #expect(!post.text.contains("<table"))
            let home = try await client.execute(uri: "/", method: .get)
            #expect(!home.text.contains("/mijn-antwoorden"))
        }
    }
}

/// The form's cookie and token, as a browser gets them by opening the page.
private func openStandingForm(_ client: some TestClientProtocol) async throws -> (cookie: String?, csrf: String) {
    let page = try await client.execute(uri: "/mijn-antwoorden", method: .get)
    #expect(page.status == .ok)
    #expect(page.text.contains(#"<form method="post" action="/mijn-antwoorden">"#))
    return (page.cookie(DraagvlakServer.formCookie), try #require(page.csrf))
}

/// Posts `code` with the form's cookie and token, as the form does.
private func postStandingCode(
    _ client: some TestClientProtocol, _ code: String, token: (cookie: String?, csrf: String), language: String = "nl"
) async throws -> TestResponse {
    try await client.execute(
        uri: "/mijn-antwoorden", method: .post, headers: headers(cookies: [token.cookie], extra: formHeaders),
        body: form(["csrf": token.csrf, "code": code, "lang": language]))
}

/// A share as the page writes it.
private func shown(_ share: Double?) throws -> String {
    let value = try #require(share)
    return "\(Int((value * 100).rounded()))%"
}
