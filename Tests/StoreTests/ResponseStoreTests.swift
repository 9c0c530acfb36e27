import DraagvlakCore
import Foundation
import PostgresStore
import Storage
import Store
import Testing

/// The stores the suite runs against: the embedded SQLite store always, PostgreSQL when
/// `DRAAGVLAK_TEST_POSTGRES` holds a postgres:// URL (`.ci/run` starts PostgreSQL 15 and sets
/// it); every test gets a fresh schema there. Tests see a store only through the Storage
/// protocols, so both are held to the same behaviour.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static let postgresURL = ProcessInfo.processInfo.environment["DRAAGVLAK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    func make() throws -> any ConsultationStorage {
        switch self {
        case .sqlite:
            return try ResponseStore()
        case .postgres:
            let base = try #require(Self.postgresURL)
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
            return try PostgresStore(url: base + (base.contains("?") ? "&" : "?") + "schema=\(schema)")
        }
    }
}

@Suite struct StoreBackendsTests {
    @Test(.enabled(if: Backend.postgresURL != nil, "DRAAGVLAK_TEST_POSTGRES is not set: the store suite ran against SQLite only"))
    func postgresIsInTheSuite() throws {
        #expect(Backend.available == [.sqlite, .postgres])
        #expect(try Backend.postgres.make().integrityCheck() == "ok")
    }
}

func storeSurvey(statements: [String] = ["S1", "S2"], categories: [String] = ["noord", "zuid"]) -> Survey {
    Survey(
        id: "s", title: LocalizedText("S"), themes: [Theme(id: "w", title: LocalizedText("W"))],
        statements: statements.map { Statement(id: $0, theme: "w", text: LocalizedText($0), scale: $0.hasPrefix("V") ? .vote : .likert5) },
        demographics: [
            DemographicQuestion(
                id: "district", text: LocalizedText("Wijk"), categories: categories.map { Category(code: $0, label: LocalizedText($0)) })
        ],
        questions: [
            Question(id: "rang", kind: .ranking, text: LocalizedText("R"), options: [Category(code: "a", label: LocalizedText("A"))])
        ])
}

func response(_ id: String, _ answers: [Int8?], district: Int?, line: Int = 2, other: [String: AnswerValue] = [:]) -> Response {
    Response(
        respondent: id, source: SourcePosition(file: "f.csv", line: line), submittedAt: "2026-03-01", statements: answers,
        categories: [district], other: other)
}

@Suite struct ResponseStoreTests {
    @Test(arguments: Backend.available) func roundTripsPackedAnswers(_ backend: Backend) throws {
        let store = try backend.make()
        let survey = storeSurvey(statements: ["S1", "V1"])
        let outcome = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: survey) { (writer: any BatchSink) throws in
            try writer.add(response("a", [5, -1], district: 1, other: ["rang": .ranking(["a"])]))
            try writer.add(response("b", [nil, 0], district: nil, line: 3))
        }
        #expect(outcome == .imported(added: 2, repeated: 0))
        let table = try store.responseTable(survey: survey)
        #expect(table.count == 2)
        #expect(table.statements == [[5, ResponseTable.missing], [-1, 0]])
        #expect(table.categories == [[1, -1]])
        var read: [Response] = []
        try store.forEachResponse(survey: survey) { read.append($0) }
        #expect(
            read == [
                response("a", [5, -1], district: 1, other: ["rang": .ranking(["a"])]), response("b", [nil, 0], district: nil, line: 3),
            ])
    }

    @Test(arguments: Backend.available) func sameDigestAddsNothingAndRepeatsAreCounted(_ backend: Backend) throws {
        let store = try backend.make()
        let survey = storeSurvey()
        _ = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: survey) {
            try $0.add(response("a", [1, 2], district: 0))
        }
        let again = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: survey) { _ in
            Issue.record("must not read the file again")
        }
        guard case .alreadyImported(_, _, let added) = again else {
            Issue.record("expected alreadyImported")
            return
        }
        #expect(added == 1)
        let other = try store.importBatch(file: "g.csv", digest: "d2", format: "csv", survey: survey) { (w: any BatchSink) throws in
            try w.add(response("a", [5, 5], district: 1))
            try w.add(response("b", [3, 3], district: 1))
            try w.add(response("b", [3, 3], district: 1, line: 9))
            try w.finish()
            #expect(w.duplicates == [DuplicateRow(line: 9, firstLine: 2)])
            #expect(w.added == 1 && w.repeated == 1)
        }
        #expect(other == .imported(added: 1, repeated: 1))
        #expect(try store.responseTable(survey: survey).statements[0] == [1, 3], "the stored answer of 'a' is kept")
        #expect(try store.status().batches.map(\.added) == [1, 1])
    }

    /// Enough rows for several of PostgreSQL's COPY buffers, texts that COPY's format must
    /// escape, pseudonyms of both kinds, and a duplicate far from its first line.
    @Test(arguments: Backend.available) func aLargeImportKeepsEveryTextRowAndOrder(_ backend: Backend) throws {
        let store = try backend.make()
        let base = storeSurvey()
        let survey = Survey(
            id: base.id, title: base.title, themes: base.themes, statements: base.statements, demographics: base.demographics,
            questions: base.questions + [Question(id: "open", kind: .open, text: LocalizedText("Waarom?"), options: [])])
        let awkward = "tab\there, new\nline, back\\slash \\N, cr\r, \u{1F3E1} \"quoted\" ; é"
        let n = 30_000
        func id(_ i: Int) -> String {
            i % 7 == 0 ? "r\(i)" : String(format: "%016llx%016llx", UInt64(i) &* 0x9E37_79B9_7F4A_7C15, UInt64(i))
        }
        let outcome = try store.importBatch(file: "big.csv", digest: "big", format: "csv", survey: survey) { (w: any BatchSink) throws in
            for i in 0..<n {
                var r = response(id(i), [Int8(i % 5 + 1), nil], district: i % 2, line: i + 2, other: ["open": .text("\(i): \(awkward)")])
                r.submittedAt = i % 3 == 0 ? nil : "2026-03-01T10:00:00Z"
                try w.add(r)
            }
            try w.add(response(id(7), [1, 1], district: 0, line: n + 2))
            try w.add(response(id(1), [1, 1], district: 0, line: n + 3))
            try w.finish()
            #expect(w.duplicates == [DuplicateRow(line: n + 2, firstLine: 9), DuplicateRow(line: n + 3, firstLine: 3)])
        }
        #expect(outcome == .imported(added: n, repeated: 0))
        var seen = 0
        try store.forEachResponse(survey: survey) { r in
            #expect(r.respondent == id(seen))
            #expect(r.source.line == seen + 2)
            #expect(r.other["open"] == .text("\(seen): \(awkward)"))
            #expect(r.submittedAt == (seen % 3 == 0 ? nil : "2026-03-01T10:00:00Z"))
            seen += 1
        }
        #expect(seen == n)
    }

    @Test(arguments: Backend.available) func anImportThatFailsAfterManyRowsStoresNothing(_ backend: Backend) throws {
        let store = try backend.make()
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: storeSurvey()) { (w: any BatchSink) throws in
                for i in 0..<20_000 { try w.add(response("x\(i)", [1, 2], district: 0, line: i + 2, other: ["rang": .ranking(["a"])])) }
                throw Stop()
            }
        }
        #expect(try store.status().respondents == 0)
        // The connection is usable again: the next import goes through.
        let next = try store.importBatch(file: "g.csv", digest: "d2", format: "csv", survey: storeSurvey()) {
            try $0.add(response("y", [1, 2], district: 0))
        }
        #expect(next == .imported(added: 1, repeated: 0))
    }

    @Test(arguments: Backend.available) func readsInOneSnapshotMissAnswersStoredMeanwhile(_ backend: Backend) throws {
        // A file for SQLite: a snapshot is a read transaction beside the writer, as in use.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store: any ConsultationStorage =
            backend == .sqlite ? try ResponseStore(path: folder.appendingPathComponent("s.sqlite").path) : try backend.make()
        let survey = storeSurvey()
        _ = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: survey) {
            try $0.add(response("a", [1, 2], district: 0))
        }
        let seen = try store.withSnapshot { snapshot -> [[String]] in
            var first: [String] = []
            try snapshot.forEachResponse(survey: survey) { first.append($0.respondent) }
            // Another connection stores an answer and commits, between the snapshot's two reads.
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var late: Result<BatchOutcome, any Error>?
            DispatchQueue.global().async {
                late = Result {
                    try store.importBatch(file: "g.csv", digest: "d2", format: "csv", survey: survey) {
                        try $0.add(response("b", [3, 3], district: 1))
                    }
                }
                done.signal()
            }
            done.wait()
            #expect(try late?.get() == .imported(added: 1, repeated: 0))
            var second: [String] = []
            try snapshot.forEachResponse(survey: survey) { second.append($0.respondent) }
            return [first, second]
        }
        #expect(seen == [["a"], ["a"]])
        var after: [String] = []
        try store.forEachResponse(survey: survey) { after.append($0.respondent) }
        #expect(after == ["a", "b"])
    }

    /// A respondent an earlier import stored is a repeat each time a later file holds it (not a
    /// duplicate within that file), in both stores.
    @Test(arguments: Backend.available) func aStoredRespondentTwiceInALaterFileIsRepeatedTwice(_ backend: Backend) throws {
        let store = try backend.make()
        let survey = storeSurvey()
        _ = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: survey) {
            try $0.add(response("x", [1, 2], district: 0))
        }
        let later = try store.importBatch(file: "g.csv", digest: "d2", format: "csv", survey: survey) { w in
            try w.add(response("x", [3, 3], district: 1, line: 2))
            try w.add(response("x", [4, 4], district: 1, line: 3))
            try w.add(response("y", [5, 5], district: 1, line: 4))
            try w.add(response("y", [5, 5], district: 1, line: 5))
            try w.finish()
            #expect(w.duplicates == [DuplicateRow(line: 5, firstLine: 4)])
        }
        #expect(later == .imported(added: 1, repeated: 2))
    }

    /// A row the database refuses (PostgreSQL's text cannot hold U+0000), in a file small enough
    /// that the refusal only comes when the COPY ends: the import fails, stores nothing and
    /// leaves the store usable.
    @Test(arguments: Backend.available) func aRowTheDatabaseRefusesFailsTheImportCleanly(_ backend: Backend) throws {
        let store = try backend.make()
        var bad = response("a", [1, 2], district: 0)
        bad.submittedAt = "2026-03-01\u{0}"
        do {
            _ = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: storeSurvey()) { try $0.add(bad) }
            #expect(backend == .sqlite, "PostgreSQL refuses U+0000 in text")
        } catch {
            #expect(backend == .postgres && error is StoreError)
            #expect(try store.status().respondents == 0)
        }
        let next = try store.importBatch(file: "g.csv", digest: "d2", format: "csv", survey: storeSurvey()) {
            try $0.add(response("b", [1, 2], district: 0))
        }
        #expect(next == .imported(added: 1, repeated: 0))
    }

    @Test(arguments: Backend.available) func aThrowingImportLeavesTheStoreUnchanged(_ backend: Backend) throws {
        let store = try backend.make()
        let survey = storeSurvey()
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: survey) { (w: any BatchSink) throws in
                _ = try w.add(response("a", [1, 2], district: 0))
                throw Stop()
            }
        }
        let status = try store.status()
        #expect(status.respondents == 0 && status.batches.isEmpty)
    }

    @Test(arguments: Backend.available) func surveyMayGrowAfterResponsesAreStored(_ backend: Backend) throws {
        let store = try backend.make()
        _ = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: storeSurvey()) {
            try $0.add(response("a", [4, 2], district: 1))
        }
        // A statement is added in front and a category in between: old answers keep their meaning.
        let grown = storeSurvey(statements: ["S0", "S1", "S2"], categories: ["noord", "midden", "zuid"])
        let table = try store.responseTable(survey: grown)
        #expect(table.statements == [[ResponseTable.missing], [4], [2]])
        #expect(table.categories == [[2]], "'zuid' is now the third category")
    }

    @Test(arguments: Backend.available) func aFileThatAddsNothingLeavesNoBatchButTheSurvey(_ backend: Backend) throws {
        let store = try backend.make()
        #expect(
            try store.importBatch(file: "empty.csv", digest: "d0", format: "csv", survey: storeSurvey()) { _ in }
                == .imported(added: 0, repeated: 0))
        let status = try store.status()
        #expect(status.batches.isEmpty && status.respondents == 0)
        #expect(status.surveyID == "s")
        var other = storeSurvey()
        other.id = "andere"
        #expect(throws: StoreError.self) {
            _ = try store.importBatch(file: "g.csv", digest: "d2", format: "csv", survey: other) { _ in }
        }
    }

    @Test(arguments: Backend.available) func otherSurveyIsRefused(_ backend: Backend) throws {
        let store = try backend.make()
        _ = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: storeSurvey()) {
            try $0.add(response("a", [4, 2], district: 1))
        }
        var other = storeSurvey()
        other.id = "andere"
        #expect(throws: StoreError.self) {
            _ = try store.importBatch(file: "g.csv", digest: "d2", format: "csv", survey: other) { _ in }
        }
    }
}
