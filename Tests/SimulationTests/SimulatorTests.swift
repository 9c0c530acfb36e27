import Definitions
import DraagvlakCore
import Foundation
import Testing

@testable import Simulation

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct SimulatorTests {
    let survey = try! SurveyLoader.load(repositoryRoot.appendingPathComponent("Surveys/toekomstvisie.yaml"))

    func simulate(seed: UInt64, profile: SimulationProfile = SimulationProfile(), _ configure: (inout Simulator.Options) -> Void = { _ in })
        throws -> String
    {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var options = Simulator.Options(respondents: 400)
        configure(&options)
        try Simulator(survey: survey, profile: profile, seed: seed).write(options, to: url)
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test func sameSeedSameFile() throws {
        #expect(try simulate(seed: 3) == simulate(seed: 3))
        #expect(try simulate(seed: 3) != simulate(seed: 4))
    }

    @Test func groupShiftsFromTheProfileShowInTheAnswers() throws {
        var profile = SimulationProfile()
        profile.base["S21"] = 1.0
        profile.effects["S21"] = ["district": ["dorpen": -3.0]]
        let text = try simulate(seed: 9, profile: profile) {
            $0.respondents = 3000
            $0.otherQuestions = false
        }
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let district = try #require(header.firstIndex(of: "district"))
        let s21 = try #require(header.firstIndex(of: "S21"))
        func agreeShare(_ inDorpen: Bool) -> Double {
            let rows = lines.dropFirst().filter { ($0[district] == "dorpen") == inDorpen && !$0[s21].isEmpty && !$0[district].isEmpty }
            return Double(rows.filter { Int($0[s21])! >= 4 }.count) / Double(rows.count)
        }
        #expect(agreeShare(false) > 0.55)
        #expect(agreeShare(true) < 0.3)
    }

    @Test func excelStyleFile() throws {
        let text = try simulate(seed: 1) {
            $0.delimiter = ";"
            $0.byteOrderMark = true
            $0.crlf = true
            $0.respondents = 3
        }
        #expect(text.hasPrefix("\u{FEFF}respondent;submitted_at;district"))
        #expect(text.components(separatedBy: "\r\n").count == 5)
    }
}
