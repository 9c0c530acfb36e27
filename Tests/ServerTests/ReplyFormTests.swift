import Consultation
import DraagvlakCore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// The officers' form for the municipality's reply (`/beheer/reactie`): it writes `reply.yaml`,
/// which the vision then carries; a form without the session's token, or with problems,
/// changes nothing.
@Suite struct ReplyFormTests {
    static let example = repositoryRoot.appendingPathComponent("examples/dijkwaard/reply.yaml")

    /// The text of `reply.yaml` in the fixture's folder; nil when there is none.
    static func replyText(_ fixture: Fixture) -> String? {
        try? String(contentsOf: fixture.consultation.folder.appendingPathComponent(Consultation.replyFile), encoding: .utf8)
    }

    /// Puts the example's hand-written reply in the fixture's folder; its text.
    static func copyExample(to fixture: Fixture) throws -> String {
        let text = try String(contentsOf: example, encoding: .utf8)
        try text.write(to: fixture.consultation.folder.appendingPathComponent(Consultation.replyFile), atomically: true, encoding: .utf8)
        return text
    }

    static func post(
        _ client: some TestClientProtocol, session: String, _ fields: [String: String]
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/beheer/reactie", method: .post, headers: headers(cookies: [session], extra: formHeaders), body: form(fields))
    }

    @Test func withoutSigningInTheFormSendsToTheSignInPage() async throws {
        let fixture = try Fixture(importExample: false)
        try await fixture.server().test { client in
            let page = try await client.execute(uri: "/beheer/reactie", method: .get)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/beheer/inloggen")
            let post = try await client.execute(
                uri: "/beheer/reactie", method: .post, headers: formHeaders,
                body: form(["csrf": "x", "theme.demografie.verdict": "adopted", "theme.demografie.nl": "Ja."]))
            #expect(post.status == .seeOther)
            #expect(post.headers[.location] == "/beheer/inloggen")
        }
        #expect(Self.replyText(fixture) == nil)
    }

    @Test func anOfficerWritesTheReplyAndTheVisionCarriesIt() async throws {
        let fixture = try Fixture()
        try await fixture.server().test { client in
            let (session, csrf) = try await signIn(client)
            let overview = try await client.execute(uri: "/beheer", method: .get, headers: headers(cookies: [session]))
            #expect(overview.text.contains(#"href="/beheer/reactie""#))
            let page = try await client.execute(uri: "/beheer/reactie", method: .get, headers: headers(cookies: [session]))
            #expect(page.status == .ok)
            #expect(page.text.contains("Bevolking en woonwensen") && page.text.contains("Bestuur en samenwerking"))
            #expect(page.text.contains(#"name="theme.demografie.verdict""#))
            #expect(page.text.contains(#"name="statement.S14.nl""#))
            #expect(page.text.contains("<details><summary>"))
            #expect(page.text.contains(#"<option value="not-adopted">Niet overgenomen</option>"#))
            #expect(!page.text.contains("<script"))
            let before = try await client.execute(uri: "/beheer/visie", method: .get, headers: headers(cookies: [session]))
            #expect(!before.text.contains("Wat we met uw inbreng doen"))

            let saved = try await Self.post(
                client, session: session,
                [
                    "csrf": csrf, "date": "2027-03-11",
                    "theme.demografie.verdict": "adopted", "theme.demografie.nl": "Ouderenwoningen in elke wijk.",
                    "theme.demografie.en": "Homes for older residents in every district.",
                    "statement.S14.verdict": "partly", "statement.S14.nl": "Eerst de Markt: \"stap voor stap\",\r\nna twee jaar # de rest.",
                    // Neither verdict nor text: left out.
                    "theme.economie.verdict": "", "theme.economie.nl": "  ",
                ])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/beheer/reactie?lang=nl&saved=1")
            let reply = try #require(try fixture.consultation.reply())
            #expect(reply.date == "2027-03-11")
            #expect(reply.wave == nil)
            #expect(
                reply.themes == [
                    "demografie": Reply.Answer(
                        verdict: .adopted,
                        text: LocalizedText(nl: "Ouderenwoningen in elke wijk.", en: "Homes for older residents in every district."))
                ])
            #expect(
                reply.statements == [
                    "S14": Reply.Answer(
                        verdict: .partly, text: LocalizedText("Eerst de Markt: \"stap voor stap\",\nna twee jaar # de rest."))
                ])

            let again = try await client.execute(uri: "/beheer/reactie?lang=nl&saved=1", method: .get, headers: headers(cookies: [session]))
            #expect(again.text.contains("De reactie is opgeslagen."))
            #expect(again.text.contains("Ouderenwoningen in elke wijk.</textarea>"))
            #expect(again.text.contains(#"<option value="adopted" selected>Overgenomen</option>"#))
            #expect(again.text.contains(#"<option value="partly" selected>Deels overgenomen</option>"#))
            let vision = try await client.execute(uri: "/beheer/visie", method: .get, headers: headers(cookies: [session]))
            #expect(vision.text.contains("Wat we met uw inbreng doen"))
            #expect(vision.text.contains("Ouderenwoningen in elke wijk."))
        }
    }

    @Test func aFormWithoutTheTokenOrWithProblemsChangesNothing() async throws {
        let fixture = try Fixture(importExample: false)
        let example = try Self.copyExample(to: fixture)
        try await fixture.server().test { client in
            let (session, csrf) = try await signIn(client)
            // The hand-written reply fills the form in.
            let page = try await client.execute(uri: "/beheer/reactie", method: .get, headers: headers(cookies: [session]))
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<option value="not-adopted" selected>Niet overgenomen</option>"#))
            #expect(page.text.contains(#"<option value="2026" selected>2026</option>"#))
            #expect(page.text.contains("De wijkteams blijven in elke wijk en in de kerkdorpen, met een eigen spreekuur.</textarea>"))

            for token in [nil, String(repeating: "f", count: 64)] {
                var fields = ["theme.bestuur.verdict": "adopted", "theme.bestuur.nl": "Ja."]
                fields["csrf"] = token
                #expect(try await Self.post(client, session: session, fields).status == .forbidden)
            }

            // A verdict without its Dutch text: the problem beside the field, the values kept.
            let noDutch = try await Self.post(
                client, session: session,
                ["csrf": csrf, "theme.demografie.verdict": "adopted", "theme.demografie.en": "Only in English."])
            #expect(noDutch.status == .unprocessableContent)
            #expect(noDutch.text.contains("De reactie is niet opgeslagen"))
            #expect(noDutch.text.contains(##"href="#r-t0-nl""##))
            #expect(noDutch.text.contains(#"id="r-t0-nl-error">Schrijf de Nederlandse tekst"#))
            #expect(noDutch.text.contains(#"aria-describedby="r-t0-nl-error""#))
            #expect(noDutch.text.contains("Only in English.</textarea>"))

            // A text without a verdict: its statement's list opens.
            let noVerdict = try await Self.post(client, session: session, ["csrf": csrf, "statement.S14.nl": "Zonder oordeel."])
            #expect(noVerdict.status == .unprocessableContent)
            #expect(noVerdict.text.contains("Kies een oordeel, of maak de tekst leeg."))
            #expect(noVerdict.text.contains("<details open>"))

            // Not a verdict, and not a wave.
            let forged = try await Self.post(
                client, session: session, ["csrf": csrf, "wave": " 2026", "theme.demografie.verdict": "maybe", "theme.demografie.nl": "x"])
            #expect(forged.status == .unprocessableContent)
            #expect(forged.text.contains("Kies een oordeel uit de lijst."))
            #expect(forged.text.contains("Geen geldige ronde"))
        }
        #expect(Self.replyText(fixture) == example)
    }

    @Test func theFormOfAReplyReadsBackToTheSameReply() throws {
        let fixture = try Fixture(importExample: false)
        _ = try Self.copyExample(to: fixture)
        let reply = try #require(try fixture.consultation.reply())
        let (read, errors) = ReplyForm(survey: fixture.consultation.survey, language: .nl).read(ReplyForm.values(of: reply))
        #expect(errors.isEmpty)
        #expect(read == reply)
        // A browser's line breaks (CR LF) become LF; other control characters go; ends are trimmed.
        #expect(ReplyForm.clean("  a\r\nb\rc\u{0}d\t \n") == "a\nb\ncd")
        // What the page shows of a reply, posted unchanged, is written and reads back the same.
        try DraagvlakServer.writeReply(read, in: fixture.consultation)
        #expect(try fixture.consultation.reply() == reply)
        #expect(Self.replyText(fixture)?.hasPrefix("# ") == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.consultation.folder.path).filter {
            $0.hasSuffix(".partial")
        }
        #expect(leftovers.isEmpty)
    }
}
