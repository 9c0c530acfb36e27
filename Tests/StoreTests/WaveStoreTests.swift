import DraagvlakCore
import Storage
import Testing

/// Waves in one store, on both backends: each file is imported into a wave, the vision's table
/// reads one wave (or all), and the store lists its waves in order.
@Suite struct WaveStoreTests {
    @Test(arguments: Backend.available)
    func aWavesTableHoldsItsOwnRespondentsOnly(_ backend: Backend) throws {
        let store = try backend.make()
        let survey = storeSurvey()
        let first = try store.importBatch(file: "a.csv", digest: "d1", format: "csv", wave: "2026", survey: survey) { w in
            try w.add(response("p1", [5, 1], district: 0))
            try w.add(response("p2", [4, 2], district: 1, line: 3))
        }
        #expect(first == .imported(added: 2, repeated: 0))
        let second = try store.importBatch(file: "b.csv", digest: "d2", format: "csv", wave: "2028", survey: survey) { w in
            try w.add(response("p3", [1, 5], district: 0))
        }
        #expect(second == .imported(added: 1, repeated: 0))
        // The same file offered for another wave is still the same file: nothing is added.
        let again = try store.importBatch(file: "a.csv", digest: "d1", format: "csv", wave: "2028", survey: survey) { _ in }
        guard case .alreadyImported = again else {
            Issue.record("expected the file to be known, got \(again)")
            return
        }

        let status = try store.status()
        #expect(status.waves == ["2026", "2028"])
        #expect(status.batches.map(\.wave) == ["2026", "2028"])
        #expect(status.respondents == 3)
        #expect(try store.responseTable(survey: survey, wave: "2026").count == 2)
        let later = try store.responseTable(survey: survey, wave: "2028")
        #expect(later.count == 1 && later.statements[0] == [1])
        #expect(try store.responseTable(survey: survey, wave: nil).count == 3)
        #expect(try store.responseTable(survey: survey, wave: "2030").count == 0)
    }

    @Test(arguments: Backend.available)
    func aStoreWithoutNamedWavesHasOne(_ backend: Backend) throws {
        let store = try backend.make()
        _ = try store.importBatch(file: "a.csv", digest: "d1", format: "csv", survey: storeSurvey()) { w in
            try w.add(response("p1", [5, 1], district: 0))
        }
        #expect(try store.status().waves == [Wave.single])
        #expect(try store.responseTable(survey: storeSurvey(), wave: Wave.single).count == 1)
    }
}

@Suite struct WaveNameTests {
    @Test func wavesSortAsTheyWereHeld() {
        #expect(Wave.order(["2028", "2026", "2026"]) == ["2026", "2028"])
        #expect(Wave.order(["ronde 10", "ronde 2", Wave.single]) == [Wave.single, "ronde 2", "ronde 10"])
        #expect(Wave.order(["2026-11", "2026-03"]) == ["2026-03", "2026-11"])
    }

    @Test func aWavesNameIsShortAndPlain() {
        #expect(Wave.problem("2028") == nil)
        #expect(Wave.problem("najaar 2026") == nil)
        #expect(Wave.problem("") != nil)
        #expect(Wave.problem(" 2028") != nil)
        #expect(Wave.problem("../2028") != nil)
        #expect(Wave.problem(String(repeating: "x", count: 41)) != nil)
    }
}
