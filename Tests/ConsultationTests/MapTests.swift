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
