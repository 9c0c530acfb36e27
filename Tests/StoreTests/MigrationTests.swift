import DraagvlakCore
import Foundation
import GRDB
import Storage
import Testing

@testable import Store

@Suite struct MigrationTests {
    /// A store of the layout before chunks (v3: one row per respondent), made by the released
    /// migrations (never edited) and filled as 0.6.0 filled it: a file of 1,200 respondents, one
    /// of them packed before the survey gained a statement, and two open online answers.
    @Test func aStoreWithOneRowPerRespondentOpensMigrated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        let survey = storeSurvey()
        var expected: [Response] = []
        do {
            let old = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(old, upTo: "v3: limit events")
            try old.write { db in
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('survey', 's')")
                let packer = ResponsePacker(layout: try Layout.synchronise(db, survey: survey))
                try db.execute(sql: "INSERT INTO batch VALUES (1, 'f.csv', 'd1', 'csv', '2026-03-01T10:00:00Z', 1200, 0)")
                try db.execute(sql: "INSERT INTO batch VALUES (2, 'online (open)', 'online:open', 'online', '2026-03-02T10:00:00Z', 2, 0)")
                func store(_ r: Response, batch: Int, statements: [UInt8]? = nil) throws {
                    let p = packer.pack(r)
                    try db.execute(
                        sql: """
                            INSERT INTO respondent (pseudonym, batch, line, submittedAt, statements, categories, other)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            p.respondent, batch, p.line, p.submittedAt, Data(statements ?? p.statements), Data(p.categories), p.other,
                        ])
                }
                for i in 0..<1200 {
                    var r = response("r\(i)", [Int8(i % 5 + 1), i == 7 ? nil : -1], district: i % 3 == 0 ? nil : i % 2, line: i + 2)
                    if i % 4 == 0 { r.other = ["rang": .ranking(["a"])] }
                    // Respondent 7 was stored when the survey had one statement: a blob one byte wide.
                    try store(r, batch: 1, statements: i == 7 ? [UInt8(7 % 5 + 1 + Layout.valueOffset)] : nil)
                    expected.append(r)
                }
                for i in 0..<2 {
                    let r = response(String(format: "%032x", 0xabc + i), [5, 5], district: 0, line: 1)
                    try store(r, batch: 2)
                    try db.execute(sql: "INSERT INTO online_signal (respondent, signal) VALUES (?, 'same network')", arguments: [1201 + i])
                    expected.append(r)
                }
            }
        }

        let store = try ResponseStore(path: path)
        var read: [Response] = []
        try store.forEachResponse(survey: survey) { read.append($0) }
        #expect(read.count == 1202)
        #expect(read.map(\.respondent) == expected.map(\.respondent))
        #expect(read.map(\.source.line) == expected.map(\.source.line))
        #expect(read.map(\.statements) == expected.map(\.statements))
        #expect(read.map(\.categories) == expected.map(\.categories))
        #expect(read.map(\.other) == expected.map(\.other))
        #expect(read.last?.source.file == "online (open)")
        let status = try store.status()
        #expect(status.respondents == 1202 && status.batches.map(\.added) == [1200, 2])
        #expect(try store.responseTable(survey: survey).count == 1202)
        #expect(try store.openSignals() == (answers: 2, sharingASignal: 2))
        #expect(try store.integrityCheck() == "ok")
        // The pseudonyms moved into the key table: a stored respondent is a repeat, and a duplicate
        // in a file names the line of its first row.
        let again = try store.importBatch(file: "g.csv", digest: "d2", format: "csv", survey: survey) { w in
            try w.add(response("r5", [1, 1], district: 0, line: 2))
            try w.add(response("new", [1, 1], district: 0, line: 3))
            try w.add(response("new", [1, 1], district: 0, line: 4))
            try w.finish()
            #expect(w.duplicates == [DuplicateRow(line: 4, firstLine: 3)])
        }
        #expect(again == .imported(added: 1, repeated: 1))
        let applied = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.contains("v4: respondents in chunks") && applied.count == 6)
        #expect(status.waves == [Wave.single], "files stored before waves belong to the one wave")
    }
}
