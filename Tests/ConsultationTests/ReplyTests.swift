import DraagvlakCore
import Foundation
import Reports
import Testing

@testable import Consultation

/// The municipality's reply: read from `reply.yaml`, printed in the vision after the summary and
/// as the participation report, every theme answered or said to be unanswered.
@Suite struct ReplyTests {
    @Test func theReplyIsAChapterOfTheVisionAndItsOwnReport() throws {
        let c = try freshConsultation()
        #expect(try c.reply() == nil)
        _ = try c.importFile(try writeCSV(c, "a.csv", "respondent,district,S01,S02\n" + rows(1...60) + "\n"))
        try """
        introduction: "Dit doen we ermee."
        themes:
          demografie: {verdict: partly, text: "Ouderenwoningen wel, tiny houses nog niet."}
        statements:
          S02: {verdict: adopted, text: "In de woonvisie."}
        """.write(to: c.folder.appendingPathComponent("reply.yaml"), atomically: true, encoding: .utf8)
        let reply = try #require(try c.reply())
        let vision = try c.vision()
        let markdown = VisionDocument(language: .nl, date: "2027-03-11", reply: reply).markdown(vision)
        let chapter = try #require(markdown.range(of: "## Wat we met uw inbreng doen"))
        #expect(markdown.range(of: "## Samenvatting")!.lowerBound < chapter.lowerBound)
        #expect(markdown.contains("**Deels overgenomen** — Ouderenwoningen wel, tiny houses nog niet."))
        #expect(markdown.contains("S02: ") && markdown.contains("— **Overgenomen**: In de woonvisie."))
        #expect(markdown.contains("_Op dit thema heeft de gemeente nog niet gereageerd._"))
        let report = VisionDocument(language: .en, date: "2027-03-11").participationReportMarkdown(vision, reply: reply)
        #expect(report.hasPrefix("# Participation report: what we do with your input"))
        #expect(report.contains("**Partly taken over** — "))
        #expect(!VisionDocument(language: .nl, date: "2027-03-11").markdown(vision).contains("Wat we met uw inbreng doen"))
        let json = try JSONSerialization.jsonObject(with: VisionJSON.encode(vision, reply: reply)) as? [String: Any]
        let themes = (json?["reply"] as? [String: Any])?["themes"] as? [String: [String: Any]]
        #expect(themes?["demografie"]?["verdict"] as? String == "partly")
    }
}
