import DraagvlakCore
import Foundation
import Reports
import Testing
import Vision

@testable import Consultation

/// Two waves of a consultation (two folders, unweighted, so n_eff = n), compared per statement
/// and per group with Newcombe's interval, checked against a hand computation.
@Suite struct WaveComparisonTests {
    /// A consultation with 50 respondents (30 in Noord, 20 in Zuid) of whom `agreeing` agree
    /// (5) with S01, the Noord ones first; everyone else disagrees (1). S02 is 3 for all.
    func wave(agreeing: Int, noordAgreeing: Int) throws -> Consultation {
        let c = try freshConsultation()
        _ = try c.importFile(try writeCSV(c, "wave.csv", lines(agreeing: agreeing, noordAgreeing: noordAgreeing)))
        return c
    }

    /// The lines of a wave's file, as `wave(agreeing:noordAgreeing:)` writes them.
    func lines(agreeing: Int, noordAgreeing: Int) -> String {
        var lines = ["respondent,district,S01,S02"]
        for i in 1...50 {
            let noord = i <= 30
            let agrees = noord ? i <= noordAgreeing : i - 30 <= agreeing - noordAgreeing
            lines.append("R\(i),\(noord ? "noord" : "zuid"),\(agrees ? 5 : 1),3")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func twoWavesInOneStoreAreReadApartAndCompared() throws {
        let c = try freshConsultation()
        // The same respondent ids in both waves: one person per wave, so all are added.
        let first = try c.importFile(try writeCSV(c, "2026.csv", lines(agreeing: 25, noordAgreeing: 24)), wave: "2026")
        let second = try c.importFile(try writeCSV(c, "2028.csv", lines(agreeing: 40, noordAgreeing: 27)), wave: "2028")
        #expect(first.added == 50 && second.added == 50 && second.repeated == 0)
        #expect(c.pseudonym("R1", wave: "2026") != c.pseudonym("R1", wave: "2028"))
        #expect(c.pseudonym("R1", wave: Wave.single) == c.pseudonym("R1"))
        // Within a wave a respondent is still once: a second file repeating them adds nothing.
        let again = try c.importFile(try writeCSV(c, "2028-bis.csv", "respondent,district,S01,S02\nR1,noord,1,1\n"), wave: "2028")
        #expect(again.added == 0 && again.repeated == 1)

        #expect(try c.waves() == ["2026", "2028"])
        let latest = try c.vision()
        #expect(latest.wave == "2028" && latest.respondents == 50)
        let earlier = try c.vision(wave: "2026")
        #expect(earlier.wave == "2026" && earlier.respondents == 50)
        #expect(throws: InputError.self) { try c.vision(wave: "2030") }
        #expect(throws: InputError.self) { try c.importFile(try writeCSV(c, "x.csv", "respondent,S01\nR9,3\n"), wave: "../x") }

        // Without --compare, the wave before; the same figures as two folders (the test below).
        let comparison = try #require(try c.comparison(for: latest))
        #expect(comparison.earlier == "2026" && comparison.later == "2028")
        let s01 = try #require(comparison.statements.first { $0.statement.id == "S01" })
        #expect(abs(s01.support.interval.low - 0.113363) < 1e-6 && abs(s01.support.interval.high - 0.459700) < 1e-6)
        #expect(try c.comparison(for: earlier) == nil, "the first wave has none before it")
        #expect(throws: InputError.self) { try c.comparison(for: latest, with: "2028") }
        #expect(throws: InputError.self) { try c.comparison(for: latest, with: "2025") }
        let json = try JSONSerialization.jsonObject(with: VisionJSON.encode(latest, comparison: comparison)) as? [String: Any]
        #expect(json?["wave"] as? String == "2028")
    }

    @Test func theCurrentWaveTakesOnlineAnswersAndImportsWithoutAWave() throws {
        let made = try freshConsultation()
        let settings = made.folder.appendingPathComponent(Consultation.settingsFile)
        try (String(contentsOf: settings, encoding: .utf8) + "wave: \"2028\"\n").write(to: settings, atomically: true, encoding: .utf8)
        let c = try Consultation(folder: made.folder, store: nil)
        #expect(c.settings.wave == "2028")
        _ = try c.importFile(try writeCSV(c, "2026.csv", lines(agreeing: 25, noordAgreeing: 24)), wave: "2026")
        _ = try c.importFile(try writeCSV(c, "2028.csv", lines(agreeing: 40, noordAgreeing: 27)))
        let code = try c.invite(count: 1)[0]
        #expect(try c.submitOnline(OnlineTests.answer, invitation: code) == .stored)
        let status = try c.status()
        #expect(status.batches.map(\.wave) == ["2026", "2028", "2028"])
        #expect(try c.vision().respondents == 51, "the 2028 file and the online answer")
        // The resident's answer is found under the wave's pseudonym.
        #expect(try c.standing(invitation: code, vision: try c.vision()) != nil)

        try String(contentsOf: settings, encoding: .utf8).replacingOccurrences(of: "wave: \"2028\"", with: "wave: \"../x\"")
            .write(to: settings, atomically: true, encoding: .utf8)
        let error = #expect(throws: InputError.self) { try Consultation(folder: made.folder, store: nil) }
        #expect(error?.description.contains("field 'wave'") == true)
    }

    @Test func aReplyAnswersTheWaveItNames() throws {
        let c = try freshConsultation()
        _ = try c.importFile(try writeCSV(c, "2026.csv", lines(agreeing: 25, noordAgreeing: 24)), wave: "2026")
        _ = try c.importFile(try writeCSV(c, "2028.csv", lines(agreeing: 40, noordAgreeing: 27)), wave: "2028")
        let file = c.folder.appendingPathComponent(Consultation.replyFile)
        try "wave: \"2026\"\nthemes:\n  demografie: {verdict: adopted, text: \"Ja.\"}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try c.reply(for: "2026")?.wave == "2026")
        #expect(try c.reply(for: "2028") == nil)
        let latest = try c.visionDocument(of: try c.vision(), language: .nl, date: "2028-12-01")
        #expect(latest.reply == nil && latest.comparison?.earlier == "2026")
        let first = try c.visionDocument(of: try c.vision(wave: "2026"), language: .nl, date: "2027-03-11")
        #expect(first.reply != nil && first.comparison == nil)
        try "wave: \"\"\nthemes: {}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try c.reply() }
    }

    @Test func supportShiftsWithNewcombesIntervalPerStatementAndGroup() throws {
        let before = try wave(agreeing: 25, noordAgreeing: 24)
        let after = try wave(agreeing: 40, noordAgreeing: 27)
        let comparison = VisionComparison(earlier: try before.vision(), later: try after.vision())
        let s01 = try #require(comparison.statements.first { $0.statement.id == "S01" })
        // 40/50 against 25/50: by hand (Wilson on 50 each, method 10) 0.113363 to 0.459700.
        #expect(abs(s01.support.change - 0.3) < 1e-12)
        #expect(abs(s01.support.interval.low - 0.113363) < 1e-6 && abs(s01.support.interval.high - 0.459700) < 1e-6)
        #expect(s01.support.shifted)
        // Noord 27/30 against 24/30: −0.088192 to 0.285002, not shifted.
        let noord = try #require(s01.groups["district"]?["noord"])
        #expect(abs(noord.interval.low - -0.088192) < 1e-6 && abs(noord.interval.high - 0.285002) < 1e-6)
        #expect(!noord.shifted)
        // Zuid 13/20 against 1/20 moved.
        #expect(s01.groups["district"]?["zuid"]?.shifted == true)
        #expect(s01.groups[VisionBuilder.opinionGroupDimension] == nil, "opinion groups are found anew in each wave")
        let s02 = try #require(comparison.statements.first { $0.statement.id == "S02" })
        #expect(s02.support.change == 0 && !s02.support.shifted)
        #expect(comparison.statements.count == 2, "statements without n_min answers in both waves are left out")

        var document = VisionDocument(language: .nl, date: "2026-12-03")
        document.comparison = comparison
        let text = document.markdown(try after.vision())
        #expect(text.contains("## Wat is er veranderd"))
        #expect(text.contains("+30 (+11 tot +46) **verschoven**"))
        #expect(text.contains("district Zuid, S01: +60"))
        #expect(!text.contains("district Noord, S01"))
        // The JSON contract carries the same figures.
        let json = try JSONSerialization.jsonObject(with: VisionJSON.encode(try after.vision(), comparison: comparison)) as? [String: Any]
        let compared = try #require((json?["comparison"] as? [String: Any])?["statements"] as? [[String: Any]])
        let first = try #require(compared.first { $0["id"] as? String == "S01" }?["support"] as? [String: Any])
        #expect(first["change"] as? Double == 0.3 && first["moved"] as? Bool == true)
        #expect(first["interval"] as? [Double] == [0.1134, 0.4597])
        let plain = try JSONSerialization.jsonObject(with: VisionJSON.encode(try after.vision())) as? [String: Any]
        #expect(plain != nil && plain?["comparison"] == nil)
    }
}
