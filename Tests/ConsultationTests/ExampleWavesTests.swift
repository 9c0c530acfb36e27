import DraagvlakCore
import Foundation
import Testing
import Vision

@testable import Consultation

/// The example's two waves (examples/dijkwaard/responses/2026 and 2028, simulated with the
/// shifts simulation.yaml sets for 2028): the comparison names the statements the profile moved,
/// with Newcombe's interval as a reference computation gives it, and the coalition agreement's
/// signpost on the villages' support for regional cooperation fires on the second wave.
@Suite struct ExampleWavesTests {
    /// A scratch copy of the example with both waves imported.
    func example() throws -> Consultation {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-waves-\(UUID().uuidString)")
        let example = repositoryRoot.appendingPathComponent("examples/dijkwaard")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["consultation.yaml", "wijken.geojson", "decisions"] {
            try FileManager.default.copyItem(at: example.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let settings = folder.appendingPathComponent("consultation.yaml")
        let text = try String(contentsOf: settings, encoding: .utf8).replacingOccurrences(
            of: "survey: ../../Surveys/", with: "survey: \(repositoryRoot.path)/Surveys/")
        try text.write(to: settings, atomically: true, encoding: .utf8)
        let c = try Consultation(folder: folder, store: nil)
        for (wave, files) in [("2026", ["online.csv", "papier.csv"]), ("2028", ["online.csv"])] {
            for file in files {
                _ = try c.importFile(example.appendingPathComponent("responses/\(wave)/\(file)"), wave: wave)
            }
        }
        return c
    }

    /// Newcombe's hybrid score interval (method 10) for p1 − p2, written out from the paper's
    /// formulas with the two Wilson intervals, on n_eff.
    func newcombe(_ p1: Double, _ n1: Double, _ p2: Double, _ n2: Double, z: Double = 1.959963984540054) -> (Double, Double) {
        func wilson(_ p: Double, _ n: Double) -> (Double, Double) {
            let centre = p + z * z / (2 * n)
            let spread = z * ((p * (1 - p) + z * z / (4 * n)) / n).squareRoot()
            let scale = 1 + z * z / n
            return ((centre - spread) / scale, (centre + spread) / scale)
        }
        let (l1, u1) = wilson(p1, n1)
        let (l2, u2) = wilson(p2, n2)
        let d = p1 - p2
        return (
            d - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot(),
            d + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot()
        )
    }

    @Test func theSecondWaveIsComparedWithTheFirstAndASignpostFires() throws {
        let c = try example()
        #expect(try c.waves() == ["2026", "2028"])
        let later = try c.vision()
        let earlier = try c.vision(wave: "2026")
        #expect(later.wave == "2028" && later.respondents == 1800 && earlier.respondents == 2850)
        let comparison = try #require(try c.comparison(for: later))
        let moved = Set(comparison.statements.filter(\.support.shifted).map(\.statement.id))
        // The four statements simulation.yaml shifts for 2028 all moved; at most one other
        // (at 95 %, chance alone moves about one in twenty).
        #expect(moved.isSuperset(of: ["S14", "S21", "S30", "S32"]))
        #expect(moved.count <= 5)
        for id in ["S14", "S21", "S30", "S32"] {
            let change = try #require(comparison.statements.first { $0.statement.id == id })
            let now = try #require(later.statements.first { $0.statement.id == id })
            let then = try #require(earlier.statements.first { $0.statement.id == id })
            let (low, high) = newcombe(now.support, now.effectiveN, then.support, then.effectiveN)
            #expect(abs(change.support.interval.low - low) < 1e-9 && abs(change.support.interval.high - high) < 1e-9)
        }
        #expect(comparison.statements.first { $0.statement.id == "S30" }?.groups["district"]?["dorpen"]?.shifted == true)

        let agreement = try c.decisions(in: [c.folder.appendingPathComponent("decisions/coalitieakkoord.yaml").path])
        let assessed = try c.assess(agreement, against: later, draws: 0)
        let readings = assessed.flatMap { $0.options.flatMap(\.signals) }
        let villages = try #require(readings.first { $0.signal.statement == "S30" })
        #expect(villages.crossed, "the villages' support for S30 rose above 60 % in 2028")
        #expect(readings.first { $0.signal.statement == "S32" }?.crossed == false)
        let before = try c.assess(agreement, against: earlier, draws: 0).flatMap { $0.options.flatMap(\.signals) }
        #expect(before.allSatisfy { !$0.crossed }, "no signpost fired on the first wave")
    }
}
