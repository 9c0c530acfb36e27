import DraagvlakCore
import Foundation
import Storage
import Testing
import Vision

@testable import Consultation

/// "Where you stand" (`Consultation.standing`): a resident's own answers beside the shares the
/// vision shows, and only those (docs/METHOD.md §7.4).
@Suite struct WhereYouStandTests {
    /// Noord: 40 residents agree with S01 (5) and one answers online (4); Zuid: 20 neutral (3);
    /// Oost: 3 disagree (1) and one answers online (2). Oost (4) is below k_min = 10 and hidden,
    /// Zuid with it as its complement; Noord is shown.
    @Test func aResidentSeesSharesOnlyOfGroupsTheVisionShows() throws {
        let c = try freshConsultation()
        var lines = ["respondent,district,S01,S02"]
        for i in 1...40 { lines.append("N\(i),noord,5,4") }
        for i in 1...20 { lines.append("Z\(i),zuid,3,4") }
        for i in 1...3 { lines.append("O\(i),oost,1,4") }
        _ = try c.importFile(try writeCSV(c, "a.csv", lines.joined(separator: "\n") + "\n"))
        let codes = try c.invite(count: 3)
        #expect(try c.submitOnline(["district": "oost", "S01": "2"], invitation: codes[0]) == .stored)
        #expect(try c.submitOnline(["district": "noord", "S01": "4", "S03": "5"], invitation: codes[1]) == .stored)
        #expect(c.districtQuestion?.id == "district")
        let vision = try c.vision()

        let oost = try #require(try c.standing(invitation: codes[0], vision: vision))
        #expect(oost.district?.category.code == "oost")
        let oostRows = oost.sections.flatMap(\.rows)
        #expect(oostRows.map(\.statement.id).sorted() == c.survey.statements.map(\.id).sorted())
        let s01 = try #require(oostRows.first { $0.statement.id == "S01" })
        #expect(s01.answer == 2)
        #expect(s01.answerLabel(.nl) == "Oneens" && s01.answerLabel(.en) == "Disagree")
        #expect(abs((s01.everyone ?? -1) - 41.0 / 65) < 1e-9)
        #expect(s01.district == nil, "Oost has 4 residents: not shown")
        let s02 = try #require(oostRows.first { $0.statement.id == "S02" })
        #expect(s02.answer == nil && s02.answerLabel(.nl) == nil)
        #expect(s02.everyone == 1, "63 residents answered S02, all agreeing")

        // Typed in lower case without dashes, the code finds the same answer.
        let noord = try #require(try c.standing(invitation: codes[1].lowercased().replacingOccurrences(of: "-", with: ""), vision: vision))
        #expect(noord.district?.category.code == "noord")
        let rows = noord.sections.flatMap(\.rows)
        #expect(rows.first { $0.statement.id == "S01" }?.district == 1, "41 of 41 in Noord agree")
        let s03 = try #require(rows.first { $0.statement.id == "S03" })
        #expect(s03.answer == 5)
        #expect(s03.everyone == nil && s03.district == nil, "only one resident answered S03")

        // A code that never answered, one that does not exist, and none: nothing.
        for code in [codes[2], "AAAA-BBBB-CCCC", ""] {
            let found = try c.standing(invitation: code, vision: vision) != nil
            #expect(!found, "code '\(code)'")
        }
    }

    @Test func theDistrictIsTheFirstDimensionWithAMapElseOneNamedSo() throws {
        let c = try freshConsultation()
        #expect(c.districtQuestion?.id == "district")
        // With a map for the age bands (made up), those are compared.
        let settings = c.folder.appendingPathComponent(Consultation.settingsFile)
        let yaml = try String(contentsOf: settings, encoding: .utf8)
        let map = "maps:\n  leeftijd:\n    file: leeftijd.geojson\n    property: code\n"
        try (yaml + map).write(to: settings, atomically: true, encoding: .utf8)
        #expect(try Consultation(folder: c.folder).districtQuestion?.id == "leeftijd")
    }
}
