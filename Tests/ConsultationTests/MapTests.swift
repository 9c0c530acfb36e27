import DraagvlakCore
import Foundation
import Reports
import Testing

@testable import Consultation

/// The example's map in a consultation: joined through `maps:` in `consultation.yaml`, drawn in
/// the vision, with disclosure control on every area.
@Suite struct MapTests {
    /// A fresh consultation whose `consultation.yaml` ends with `maps`, and the example's map beside it.
    func consultation(maps: String) throws -> Consultation {
        let c = try freshConsultation()
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("examples/dijkwaard/wijken.geojson"),
            to: c.folder.appendingPathComponent("wijken.geojson"))
        let settings = c.folder.appendingPathComponent(Consultation.settingsFile)
        try (String(contentsOf: settings, encoding: .utf8) + "\n" + maps).write(to: settings, atomically: true, encoding: .utf8)
        return try Consultation(folder: c.folder, store: nil)
    }

    static let districtMap = """
        maps:
          district:
            file: wijken.geojson
            codes: {centrum: WK999901, noord: WK999902, oost: WK999903, zuid: WK999904, west: WK999905, dorpen: WK999906}
        """

    /// 30 in Noord, 30 in Zuid, 4 in the villages (k_min 10): the villages are suppressed and one
    /// of Noord and Zuid with them (complementary); the others have no one. On the maps the
    /// hidden areas are hatched and carry no figure; the empty ones are white.
    @Test func suppressedDistrictsAreHatchedWithoutAFigure() throws {
        let c = try consultation(maps: Self.districtMap)
        var lines = ["respondent,district,S01,S02"]
        for i in 1...64 { lines.append("R\(i),\(i <= 30 ? "noord" : i <= 60 ? "zuid" : "dorpen"),\(i % 5 + 1),\((i + 2) % 5 + 1)") }
        _ = try c.importFile(try writeCSV(c, "a.csv", lines.joined(separator: "\n") + "\n"))
        let maps = try c.maps(language: .nl)
        #expect(maps["district"]?.shapes.map(\.category) == ["centrum", "noord", "oost", "zuid", "west", "dorpen"])
        let html = VisionDocument(language: .nl, date: "2026-12-03", maps: maps).html(try c.vision())
        let paths = html.components(separatedBy: "<path ").dropFirst().map { String($0.prefix { $0 != ">" }) + ">" }
            .filter { $0.contains("class=\"area\"") }
        #expect(!paths.isEmpty)
        let villages = paths.filter { $0.contains("data-category=\"dorpen\"") }
        #expect(villages.count >= 2 && villages.allSatisfy { $0.contains("data-suppressed=\"true\"") && !$0.contains("data-value") })
        let shown = paths.filter { $0.contains("data-value") }.map {
            $0.contains("\"noord\"") ? "noord" : $0.contains("\"zuid\"") ? "zuid" : "other"
        }
        #expect(!shown.isEmpty && Set(shown).count == 1, "exactly one of Noord and Zuid is shown (the other is the complement)")
        #expect(!paths.contains { $0.contains("\"centrum\"") && ($0.contains("data-value") || $0.contains("data-suppressed")) })
        #expect(html.contains("Kerkdorpen: niet getoond"))
    }

    @Test func mapsMustNameTheSurveysDimensionsAndCategories() throws {
        let wrongDimension = #expect(throws: InputError.self) {
            _ = try consultation(maps: "maps:\n  wijk:\n    file: wijken.geojson\n")
        }
        #expect(
            wrongDimension?.problems.first?.description.contains("field 'maps.wijk': the survey has no demographic question 'wijk'") == true
        )
        let wrongCode = #expect(throws: InputError.self) {
            _ = try consultation(maps: "maps:\n  district:\n    file: wijken.geojson\n    codes: {haven: WK1}\n")
        }
        #expect(wrongCode?.problems.first?.description.contains("'district' has no category 'haven'") == true)
        #expect(throws: InputError.self) { _ = try consultation(maps: "maps:\n  district:\n    bestand: wijken.geojson\n") }
    }

    @Test func aCategoryMissingFromTheFileNamesFileAndCategory() throws {
        let c = try consultation(maps: "maps:\n  district:\n    file: wijken.geojson\n")
        let error = try #require(throws: InputError.self) { _ = try c.maps(language: .nl) }
        #expect(error.description.contains("wijken.geojson: no area for 'centrum' (code centrum)"), "\(error)")
    }
}

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
    }
}
