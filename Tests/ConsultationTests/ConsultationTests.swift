import DraagvlakCore
import Foundation
import Testing
import Vision

@testable import Consultation

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh consultation in a temporary folder, on the shipped survey.
func freshConsultation() throws -> Consultation {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-\(UUID().uuidString)")
    return try Consultation.create(
        at: folder, name: "Test", surveyFile: repositoryRoot.appendingPathComponent("Surveys/toekomstvisie.yaml"))
}

func writeCSV(_ c: Consultation, _ name: String, _ text: String) throws -> URL {
    let url = c.folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
}

func rows(_ ids: ClosedRange<Int>, prefix: String = "R") -> String {
    ids.map { "\(prefix)\($0),\(["noord", "zuid", "dorpen"][$0 % 3]),\($0 % 5 + 1),\(($0 + 2) % 5 + 1)" }.joined(separator: "\n")
}

@Suite struct ConsultationTests {
    @Test func importingTheSameFileTwiceAddsNothing() throws {
        let c = try freshConsultation()
        let file = try writeCSV(c, "a.csv", "respondent,district,S01,S02\n" + rows(1...50) + "\n")
        let first = try c.importFile(file)
        #expect(first.added == 50 && first.format == "csv" && first.alreadyImported == nil)
        let second = try c.importFile(file)
        #expect(second.added == 0 && second.alreadyImported?.added == 50)
        // Another export repeating 40 of the same respondents and 10 new ones.
        let overlap = try writeCSV(c, "b.csv", "respondent,district,S01,S02\n" + rows(11...60) + "\n")
        let third = try c.importFile(overlap)
        #expect(third.added == 10 && third.repeated == 40)
        #expect(try c.store.status().respondents == 60)
    }

    /// Reading and storing run on two threads with a queue between them (runs of up to 8,192
    /// responses); problems found on either side, in any run, still reject the whole file.
    @Test func problemsFarIntoALargeFileRejectItWhole() throws {
        let c = try freshConsultation()
        let header = "respondent,district,S01,S02\n"
        // A respondent repeated 30,000 lines later: found by the store, on the writing thread.
        let duplicate = try writeCSV(c, "dup.csv", header + rows(1...30_000) + "\nR7,noord,1,2\n")
        let dupError = try #require(throws: InputError.self) { try c.importFile(duplicate) }
        #expect(
            dupError.problems.map { $0.description.replacingOccurrences(of: c.folder.path + "/", with: "") } == [
                "dup.csv:30002: the same respondent as on line 8"
            ])
        // A bad answer and then an unclosed quote at the end: found while reading.
        let broken = try writeCSV(c, "broken.csv", header + rows(1...25_000) + "\nX1,noord,9,1\nX2,\"noord,1,1\n")
        let brokenError = try #require(throws: InputError.self) { try c.importFile(broken) }
        #expect(brokenError.summary.contains("the file ends inside a quoted field"))
        let found = brokenError.problems.map { $0.description.replacingOccurrences(of: c.folder.path + "/", with: "") }
        #expect(found.contains { $0.hasPrefix("broken.csv:25002: column 'S01'") }, "\(found)")
        #expect(try c.store.status().respondents == 0)
        // The same rows without the faults import whole.
        let good = try writeCSV(c, "good.csv", header + rows(1...30_000) + "\n")
        #expect(try c.importFile(good).added == 30_000)
        #expect(try c.store.status().respondents == 30_000)
    }

    @Test func aFileWithOneBadRowIsRejectedWholeAndTheStoreIsUnchanged() throws {
        let c = try freshConsultation()
        _ = try c.importFile(try writeCSV(c, "good.csv", "respondent,district,S01,S02\n" + rows(1...30) + "\n"))
        let before = try c.store.status()
        let bad =
            "respondent,district,S01,S02\n" + rows(100...120) + "\nR121,noord,9,3\nR122,oostende,3,3\nR123,noord,3\n" + rows(124...130)
            + "\n"
        let error = try #require(throws: InputError.self) { try c.importFile(try writeCSV(c, "bad.csv", bad)) }
        #expect(
            error.summary.replacingOccurrences(of: c.folder.path + "/", with: "")
                == "bad.csv: read as csv (delimited by ',', 4 columns, confidence 0.50); rejected, nothing was stored: 3 problems in 31 records"
        )
        #expect(
            error.problems.map { $0.description.replacingOccurrences(of: c.folder.path + "/", with: "") } == [
                "bad.csv:23: column 'S01': value '9' is outside the scale 1–5",
                "bad.csv:24: column 'district': unknown answer code 'oostende' (expected one of: centrum, noord, oost, zuid, west, dorpen)",
                "bad.csv:25: ragged row: 3 fields where the header has 4",
            ])
        let after = try c.store.status()
        #expect(after.respondents == before.respondents && after.batches.count == before.batches.count)
        #expect(try c.store.responseTable(survey: c.survey).count == 30)
    }

    @Test func filesWithoutIDColumnDoNotCollide() throws {
        let c = try freshConsultation()
        let first = try c.importFile(try writeCSV(c, "p1.csv", "S01,S02\n4,4\n2,3\n"))
        let second = try c.importFile(try writeCSV(c, "p2.csv", "S01,S02\n5,5\n1,1\n"))
        #expect(first.added == 2 && second.added == 2 && second.repeated == 0)
        #expect(first.notes.contains { $0.contains("no respondent id column") })
    }

    @Test func aFileThatEndsInsideAQuoteShowsEarlierProblemsToo() throws {
        let c = try freshConsultation()
        let error = try #require(throws: InputError.self) {
            try c.importFile(try writeCSV(c, "cut.csv", "respondent,S01\nA,9\nB,\"4\n"))
        }
        #expect(error.summary.contains("cut.csv:3: the file ends inside a quoted field"))
        #expect(error.problems.map { $0.description.hasSuffix("cut.csv:2: column 'S01': value '9' is outside the scale 1–5") } == [true])
        #expect(try c.store.status().respondents == 0)
    }

    @Test func sameRespondentTwiceInOneFileIsAProblem() throws {
        let c = try freshConsultation()
        let error = try #require(throws: InputError.self) {
            try c.importFile(try writeCSV(c, "dup.csv", "respondent,S01\nA,3\nB,4\nA,5\n"))
        }
        #expect(error.problems.map { $0.description.hasSuffix("dup.csv:4: the same respondent as on line 2") } == [true])
        #expect(try c.store.status().respondents == 0)
    }

    @Test func rawRespondentIDsAreNotStored() throws {
        let c = try freshConsultation()
        _ = try c.importFile(try writeCSV(c, "ids.csv", "respondent,S01,toelichting\njan.jansen@example.nl,4,Bel 06-12345678\n"))
        var exported: [Response] = []
        try c.store.forEachResponse(survey: c.survey) { exported.append($0) }
        #expect(exported.count == 1)
        #expect(exported[0].respondent == c.pseudonym("jan.jansen@example.nl"))
        #expect(exported[0].respondent.count == 32 && !exported[0].respondent.contains("jansen"))
        #expect(exported[0].other["toelichting"] == .text("Bel [telefoonnummer]"))
        let bytes = try Data(contentsOf: c.folder.appendingPathComponent(Consultation.storeFile))
        let wal = (try? Data(contentsOf: c.folder.appendingPathComponent(Consultation.storeFile + "-wal"))) ?? Data()
        #expect(bytes.range(of: Data("jansen".utf8)) == nil && wal.range(of: Data("jansen".utf8)) == nil)
        // The pseudonym is keyed: another consultation gives another one.
        #expect(try freshConsultation().pseudonym("jan.jansen@example.nl") != exported[0].respondent)
    }

    @Test func aMissingSurveyNamesTheSetting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "name: X\nsurvey: weg.yaml\n".write(to: folder.appendingPathComponent("consultation.yaml"), atomically: true, encoding: .utf8)
        let error = try #require(throws: InputError.self) { try Consultation(folder: folder) }
        #expect(error.summary.hasSuffix("consultation.yaml: field 'survey': no survey definition at \(folder.path)/weg.yaml"))
    }

    @Test func undetectableFileListsWhatWasTried() throws {
        let c = try freshConsultation()
        let url = c.folder.appendingPathComponent("scan.pdf")
        try Data([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]).write(to: url)
        let error = try #require(throws: InputError.self) { try c.importFile(url) }
        #expect(error.summary.contains("the format was not recognised. Tried:"))
        #expect(error.summary.contains("csv: the file holds binary data"))
    }

    @Test func visionOfImportedResponses() throws {
        let c = try freshConsultation()
        _ = try c.importFile(try writeCSV(c, "v.csv", "respondent,district,S01,S02\n" + rows(1...90) + "\n"))
        let vision = try c.vision()
        #expect(vision.respondents == 90)
        #expect(vision.statements.count == c.survey.statements.count)
        let s01 = vision.statements[0]
        #expect(s01.n == 90 && abs(s01.support - 36.0 / 90) < 1e-12)
        #expect(vision.statements[2].supportClass == .insufficient)
        #expect(vision.sources.map(\.respondents) == [90])
    }

    @Test func exportAddsEachRespondentsOpinionGroup() throws {
        let c = try freshConsultation()
        let header = "respondent," + (1...8).map { String(format: "S%02d", $0) }.joined(separator: ",")
        let camp = { (id: Int, first: Bool) in "R\(id)," + (0..<8).map { s in (s < 4) == first ? "5" : "1" }.joined(separator: ",") }
        let body = (1...30).map { camp($0, true) } + (31...50).map { camp($0, false) }
        _ = try c.importFile(try writeCSV(c, "camps.csv", ([header] + body).joined(separator: "\n") + "\n"))
        let url = c.folder.appendingPathComponent("export.csv")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try c.export(.csv, to: handle)
        try handle.close()
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines[0].hasSuffix(",opinionGroup"))
        let groups = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) ?? "" }
        #expect(groups.count == 50)
        #expect(Set(groups.prefix(30)) == ["A"] && Set(groups.suffix(20)) == ["B"])
    }

    @Test func exportJoinsGroupsByPseudonymWhenAnAnswerArrivesBetweenReads() throws {
        let c = try freshConsultation()
        let header = "respondent," + (1...8).map { String(format: "S%02d", $0) }.joined(separator: ",")
        let camp = { (id: Int, first: Bool) in "R\(id)," + (0..<8).map { s in (s < 4) == first ? "5" : "1" }.joined(separator: ",") }
        let body = (1...30).map { camp($0, true) } + (31...50).map { camp($0, false) }
        _ = try c.importFile(try writeCSV(c, "camps.csv", ([header] + body).joined(separator: "\n") + "\n"))
        // The export's first read (groups and weights), then an answer stored before its second read.
        let placed = try c.placement()
        _ = try c.importFile(try writeCSV(c, "late.csv", header + "\n" + camp(99, true) + "\n"))
        var groups: [String?] = []
        var weights: [Double?] = []
        try c.store.forEachResponse(survey: c.survey) { response in
            groups.append(placed[response.respondent]?.group)
            weights.append(placed[response.respondent]?.weight)
        }
        // Every earlier respondent keeps its own group; the late one has none, and shifts nobody's.
        #expect(groups.count == 51)
        #expect(Set(groups.prefix(30)) == ["A"] && Set(groups.dropFirst(30).prefix(20)) == ["B"])
        #expect(groups.last == .some(nil) && weights.last == .some(nil))
        #expect(weights.prefix(50).allSatisfy { $0 == 1 })  // no margins: unweighted
    }

    @Test func theExamplePythonPluginImportsTypeformResponses() throws {
        let c = try freshConsultation()
        let plugins = c.folder.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("examples/plugins/draagvlak-import-typeform"),
            to: plugins.appendingPathComponent("draagvlak-import-typeform"))
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/typeform-responses.json")
        let report = try c.importFile(fixture)
        #expect(report.format == "typeform" && report.added == 3)
        var rows: [Response] = []
        try c.store.forEachResponse(survey: c.survey) { rows.append($0) }
        #expect(rows.map { $0.statements[0] } == [5, 4, 1])
        let district = try #require(c.survey.demographics.firstIndex { $0.id == "district" })
        #expect(rows[1].categories[district].map { c.survey.demographics[district].categories[$0].code } == "dorpen")
        #expect(rows[0].other["toelichting"] == .text("Meer groen in Noord."))
        // The same file again adds nothing.
        #expect(try c.importFile(fixture).alreadyImported != nil)
    }

    @Test func aCrashingPluginStoresNothing() throws {
        let c = try freshConsultation()
        let plugins = c.folder.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let script = plugins.appendingPathComponent("draagvlak-import-halfway")
        try """
        #!/bin/sh
        read request
        case "$request" in *'"detect"'*) echo '{"protocol":1,"confidence":0.99,"reason":"everything"}'; exit 0;; esac
        echo '{"protocol":1,"type":"header","columns":["respondent","S01"],"line":1}'
        echo '{"protocol":1,"type":"record","line":2,"fields":["a","5"]}'
        kill -9 $$
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let file = try writeCSV(c, "x.data", "anything\n")
        #expect { try c.importFile(file) } throws: { "\($0)".contains("plugin halfway was killed by signal 9; nothing was stored") }
        #expect(try c.store.status().respondents == 0)
    }
}
