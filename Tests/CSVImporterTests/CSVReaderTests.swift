import DraagvlakCore
import Foundation
import Readers
import Testing

@testable import CSVImporter

func fixture(_ name: String) throws -> URL {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return url
}

func readAll(_ url: URL, chunk: Int? = nil) throws -> [(line: Int, fields: [String])] {
    var reader = try CSVReader(url: url, file: url.lastPathComponent)
    defer { reader.close() }
    var records: [(Int, [String])] = []
    while let r = try reader.next() { records.append((r.line, r.fields.map { String(decoding: $0, as: UTF8.self) })) }
    return records
}

@Suite struct CSVReaderTests {
    @Test func rfc4180QuotingAndLineNumbers() throws {
        let records = try readAll(fixture("rfc4180.csv"))
        #expect(records.map(\.line) == [1, 2, 3, 6])
        #expect(records[1].fields == ["r1", "4", "Met een komma, en \"quotes\""])
        #expect(records[2].fields == ["r2", "5", "Twee\r\nregels"])
        #expect(records[3].fields == ["r3", "1", ""])
    }

    @Test func semicolonWithByteOrderMark() throws {
        let records = try readAll(fixture("semicolon-bom.csv"))
        #expect(records[0].fields == ["id", "S1", "district"])
        #expect(records[2].fields == ["r2", "2", "zuid"])
    }

    @Test func rowsOfOnlyDelimitersAreSkipped() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("excel-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "id;S1;open\r\nr1;4;\r\n;;\r\n;;\r\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(try readAll(url).map(\.fields) == [["id", "S1", "open"], ["r1", "4", ""]])
    }

    @Test func tabSeparated() throws {
        #expect(try readAll(fixture("tab.tsv")).map(\.fields) == [["id", "S1"], ["r1", "3"]])
    }

    @Test func recordsSpanningChunkBoundaries() throws {
        // Long quoted fields with newlines, far beyond one read chunk.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let long = String(repeating: "ab\"\"c,\n", count: 400_000)
        var text = "id,S1,open\n"
        for i in 0..<3 { text += "r\(i),3,\"\(long)\"\n" }
        try text.write(to: url, atomically: true, encoding: .utf8)
        let records = try readAll(url)
        #expect(records.count == 4)
        #expect(records[2].line == 2 + 400_000 + 1)
        #expect(records[3].fields[2].count == 400_000 * 6)
    }

    @Test func unclosedQuoteIsAnError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("unclosed-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "id,S1\nr1,\"3\n".write(to: url, atomically: true, encoding: .utf8)
        let error = try #require(throws: InputError.self) { try readAll(url) }
        #expect(error.summary.hasSuffix(":2: the file ends inside a quoted field (a quote is not closed)"))
    }

    @Test func detection() throws {
        let plugin = CSVImporter()
        #expect(plugin.identify(try FileSample.read(fixture("semicolon-bom.csv"))).confidence > 0.3)
        // Delimiters inside quotes do not make rows look ragged.
        let quoted = FileSample(url: URL(fileURLWithPath: "q.csv"), head: Array("id;rang;S1\nr1;\"a;b\";3\nr2;\"b;a\";4\nr3;;5\n".utf8))
        #expect(plugin.identify(quoted).reason == "delimited by ';', 3 columns")
        #expect(
            plugin.identify(FileSample(url: URL(fileURLWithPath: "x.xml"), head: Array("<?xml version=\"1.0\"?><a/>".utf8))).confidence == 0
        )
        #expect(plugin.identify(FileSample(url: URL(fileURLWithPath: "x.bin"), head: [0x50, 0x4B, 0x03, 0x00, 0x00])).confidence == 0)
    }

    /// Real exports from survey tools (../shared/datasets/formats), read only when present. The
    /// expected record counts and widths are what Python's `csv` module reads from the same files.
    static let expected: [String: (records: Int, widths: Set<Int>)] = [
        "decidim/dummy-dummies-example.csv": (2, [10]),
        "decidim/import_proposals.csv": (4, [32]),
        "google-forms/Kobo Test.csv": (6, [4]),
        "kobotoolbox/transportation.csv": (5, [23, 24]),
        "kobotoolbox/tutorial.csv": (2, [14]),
        "kobotoolbox/tutorial_w_repeats.csv": (2, [23]),
        "limesurvey/survey_100001_R_data_file.csv": (4, [646]),
        "limesurvey/survey_998192_R_data_file.csv": (8, [71]),
        "qualtrics/Better_Sample_Survey.csv": (13, [59]),
        "qualtrics/Multiple_Answer_Matrix_Questions (Insights).csv": (8, [75]),
        "qualtrics/No_Basis_for_Evaluation (Legacy).csv": (17, [49]),
        "qualtrics/Questions_with_Text_Entry_Components.csv": (18, [40]),
        "qualtrics/sample.csv": (4, [20]),
        "qualtrics/sample_legacy.csv": (3, [16]),
    ]

    @Test func realExportsParseAsPythonsCSVModuleDoes() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/datasets/formats")
            .standardizedFileURL
        guard FileManager.default.fileExists(atPath: folder.path) else {
            print("note: \(folder.path) is absent; the conformance test on real exports was skipped")
            return
        }
        for (file, expected) in Self.expected.sorted(by: { $0.key < $1.key }) {
            let records = try readAll(folder.appendingPathComponent(file))
            #expect(records.count == expected.records, "\(file): record count")
            #expect(Set(records.map(\.fields.count)) == expected.widths, "\(file): record widths")
        }
    }
}
