import DraagvlakCore
import Foundation
import Readers
import Testing

@testable import XLSXImporter

func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
}

func importSheet(_ url: URL, survey: Survey, mapping: ColumnMapping? = nil) throws -> (ImportSession, [Response]) {
    var responses: [Response] = []
    let session = ImportSession(
        survey: survey, file: url.lastPathComponent, mapping: mapping, pseudonymise: { $0 }, accept: { responses.append($0) })
    try XLSXImporter().read(ImportFile(url: url), into: session)
    return (session, responses)
}

/// All rows of a workbook's first sheet, as the importer reads them.
func rows(_ name: String) throws -> [XLSXSheetReader.Row] {
    let workbook = try XLSXWorkbook(url: try fixture(name), displayName: name)
    defer { workbook.remove() }
    var reader = try XLSXSheetReader(workbook, sheet: try workbook.firstSheet())
    var out: [XLSXSheetReader.Row] = []
    while let row = try reader.next() { out.append(row) }
    return out
}

@Suite struct XLSXImporterTests {
    @Test func recognisesWorkbooksAndNotOtherZips() throws {
        let plugin = XLSXImporter()
        #expect(plugin.identify(try FileSample.read(try fixture("ms-forms.xlsx"))).confidence == 0.9)
        let lsa = FileSample(url: URL(fileURLWithPath: "/a.lsa"), head: [0x50, 0x4B, 0x03, 0x04] + Array("survey_1.lss".utf8))
        #expect(plugin.identify(lsa).confidence == 0)
        #expect(plugin.identify(FileSample(url: URL(fileURLWithPath: "/a.csv"), head: Array("id,S1\n".utf8))).confidence == 0)
    }

    @Test func readsCellsAsExcelShowsThem() throws {
        let all = try rows("features.xlsx")
        #expect(all.map(\.number) == [1, 2, 3, 4, 5, 6, 7, 8])
        // Rich text runs joined; booleans 1/0; dates by their number format; sparse cells keep their column.
        #expect(all[2].cells == ["r1", "1", "0", "1", "4", "Vet en gewoon", "2026-03-01"])
        #expect(all[3].cells == ["r2", "0", "1", "0", "", "tekst\nmet regel", "2026-03-01T14:30:00"])
        #expect(all[4].cells == ["r3", "", "", "", "2", "", "0.5"])
        // An error as Excel shows it; serial 59 is 28 February 1900 (before Excel's phantom 29th).
        #expect(all[5].cells == ["r4", "", "", "", "3", "", "1900-02-28", "#DIV/0!"])
        // A custom Dutch date format with a time part; a number format with quoted letters is no date.
        #expect(all[6].cells == ["r5", "", "", "", "", "", "2023-03-15T06:00:00"])
        #expect(all[7].cells == ["r6", "", "", "", "", "", "45000.25"])
    }

    @Test func readsThe1904DateSystem() throws {
        #expect(try rows("date1904.xlsx")[1].cells == ["m1", "2026-03-01"])
    }

    @Test func findsSheetsThroughRelationshipsNotFileNames() throws {
        let all = try rows("handmade.xlsx")
        // "Eerste blad" is first in workbook.xml; its part is data.xml, by an absolute target.
        // Shared strings: runs joined, the phonetic run left out, _x000D_ undone, spaces kept.
        #expect(all.map(\.cells) == [["respondent", "S01", "toelichting"], ["h1", "5", " regel\r\neen "], ["h2", "1.0000000000000002"]])
        #expect(all.map(\.number) == [1, 2, 4])
    }

    @Test func quirksReadAsExcelReadsThem() throws {
        // The hidden first sheet is passed over; an inline string's stray <v> ignored; a
        // duration in hours; an empty shared-string value empty; a negative style a number.
        #expect(try rows("quirks.xlsx").map(\.cells) == [["respondent", "duur", "x"], ["h1", "36:00:00"], ["", "3"]])
    }

    @Test func aMergedHeaderWithoutSubHeadersKeepsTheFirstAnswers() throws {
        let workbook = try XLSXWorkbook(url: try fixture("merged-gap.xlsx"), displayName: "merged-gap.xlsx")
        defer { workbook.remove() }
        var reader = try XLSXSheetReader(workbook, sheet: try workbook.firstSheet())
        let header = try XLSXImporter.header(&reader)
        #expect(header?.names == ["respondent", "budget", "budget"])
        #expect(header?.row == 1)
        #expect(try reader.next()?.cells == ["r1", "40", "60"])
    }

    @Test func numberFormatsTellDatesFromNumbers() {
        #expect(XLSXNumberKind(formatCode: "General") == .number)
        #expect(XLSXNumberKind(formatCode: "0.00%") == .number)
        #expect(XLSXNumberKind(formatCode: "#,##0 \"dagen\"") == .number)
        #expect(XLSXNumberKind(formatCode: "dd-mm-yyyy") == .date)
        #expect(XLSXNumberKind(formatCode: "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy") == .date)
        #expect(XLSXNumberKind(formatCode: "[Red][<0]0;0") == .number)
        #expect(XLSXNumberKind(formatCode: "h:mm:ss") == .time)
        #expect(XLSXNumberKind(formatCode: "[h]:mm") == .duration)
        #expect(XLSXNumberKind(builtIn: 46) == .duration)
        #expect(XLSXNumberKind(builtIn: 31) == .number)  // East Asian ids: numbers unless defined, as in openpyxl
        #expect(XLSXCell.date(1.5, kind: .duration, date1904: false) == "36:00:00")
        #expect(XLSXCell.date(0.5, kind: .dateTime, date1904: false) == "12:00:00")
        #expect(XLSXCell.date(59.99999999, kind: .dateTime, date1904: false) == "1900-03-01T00:00:00")
        #expect(XLSXCell.date(2_958_465, kind: .date, date1904: true) == nil)
        #expect(XLSXCell.unescape("_x+041_ _x0041_") == "_x+041_ A")
        #expect(XLSXNumberKind(formatCode: "m/d/yy h:mm") == .dateTime)
        #expect(XLSXNumberKind(builtIn: 14) == .date)
        #expect(XLSXNumberKind(builtIn: 22) == .dateTime)
        #expect(XLSXNumberKind(builtIn: 2) == .number)
        #expect(XLSXCell.date(1, kind: .date, date1904: false) == "1900-01-01")
        #expect(XLSXCell.date(61, kind: .date, date1904: false) == "1900-03-01")
        #expect(XLSXCell.date(1, kind: .date, date1904: true) == "1904-01-02")
        #expect(XLSXCell.date(0.75, kind: .time, date1904: false) == "18:00:00")
        #expect(XLSXCell.column("AB12") == 28)
        #expect(XLSXCell.column("XFD1") == 16_384)
        #expect(XLSXCell.column("XFE1") == nil)
        #expect(XLSXCell.column("12") == nil)
    }

    @Test func aMergedHeaderOverSubHeadersNamesOptionColumns() throws {
        var survey = Survey(
            id: "t", title: LocalizedText("t"), themes: [Theme(id: "th", title: LocalizedText("th"))],
            statements: [Statement(id: "S01", theme: "th", text: LocalizedText("s"), scale: .likert5)],
            questions: [
                Question(
                    id: "voorzieningen", kind: .multipleChoice, text: LocalizedText("v"),
                    options: ["bieb", "sport", "buurthuis"].map { Category(code: $0, label: LocalizedText($0)) }),
                Question(id: "toelichting", kind: .open, text: LocalizedText("t")),
            ])
        let (session, responses) = try importSheet(try fixture("features.xlsx"), survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.count == 6)
        #expect(responses[0].other["voorzieningen"] == .choices(["bieb", "buurthuis"]))
        #expect(responses[1].other["voorzieningen"] == .choices(["sport"]))
        #expect(responses[0].other["toelichting"] == .text("Vet en gewoon"))
        #expect(responses.map(\.respondent) == ["r1", "r2", "r3", "r4", "r5", "r6"])
        #expect(responses.map(\.source.line) == [3, 4, 5, 6, 7, 8])
        #expect(responses.map(\.statements) == [[4], [nil], [2], [3], [nil], [nil]])

        // An Excel error (#DIV/0!) where a scale point is expected: the problem names the sheet and the cell.
        survey = Survey(
            id: "t", title: LocalizedText("t"), themes: survey.themes,
            statements: survey.statements + [Statement(id: "fout", theme: "th", text: LocalizedText("f"), scale: .likert5)],
            questions: survey.questions)
        let (wrong, _) = try importSheet(try fixture("features.xlsx"), survey: survey)
        #expect(wrong.problems.count == 1)
        #expect(wrong.problems.first?.description.hasPrefix("features.xlsx: Antwoorden!H6: column 'fout': ") == true)
    }

    @Test func microsoftFormsImportsWithoutAMappingAfterSurveyFrom() throws {
        let url = try fixture("ms-forms.xlsx")
        let extraction = try XLSXImporter().survey(from: url, displayName: "ms-forms.xlsx")
        let survey = extraction.survey
        #expect(survey.statements.map(\.id) == ["q2"])
        #expect(survey.statements[0].text == LocalizedText("De gemeente moet meer groen aanleggen."))
        #expect(survey.demographics.map(\.id) == ["q1"])  // "In welke wijk woont u?"
        #expect(survey.demographics[0].categories.map(\.code) == ["Centrum", "Oost", "West"])
        #expect(survey.questions.map(\.id) == ["q3", "q4"])
        #expect(survey.questions.map(\.kind) == [.multipleChoice, .open])
        #expect(survey.questions[0].options.map(\.code) == ["Bibliotheek", "Sportpark", "Buurthuis"])

        let (session, responses) = try importSheet(url, survey: survey)
        #expect(session.problems.isEmpty)
        #expect(session.notes.contains { $0.contains("Microsoft Forms") })
        #expect(responses.count == 12)
        #expect(responses.map(\.respondent).prefix(3) == ["1", "2", "3"])
        #expect(responses[0].submittedAt == "2026-03-02T09:21:01")
        #expect(responses[0].statements == [4])
        #expect(responses.prefix(3).map { $0.categories[0] } == [0, 1, 2])
        #expect(responses[0].other["q3"] == .choices(["Bibliotheek", "Sportpark"]))
        #expect(responses[2].other["q3"] == .choices(["Bibliotheek", "Buurthuis", "Sportpark"]))
        #expect(responses[5].other["q3"] == nil)
        #expect(responses[0].other["q4"] == .text("Meer bankjes in het park."))
        // Names and e-mail addresses are never part of a response.
        let stored = responses.map { "\($0)" }.joined()
        #expect(!stored.contains("example.nl") && !stored.contains("Inwoner 1"))
    }

    @Test func refusesAMemberOutsideTheArchive() throws {
        #expect {
            try XLSXWorkbook(url: try fixture("traversal.xlsx"), displayName: "traversal.xlsx")
        } throws: { error in
            "\(error)" == "traversal.xlsx: the member '../../evil.xml' has a path outside the archive; refused"
        }
    }

    @Test func refusesAMemberThatInflatesPastItsStatedSize() throws {
        // A member that states 100 bytes and inflates to 10 MB (a zip bomb's trick): stopped at once.
        let data = try Data(contentsOf: try fixture("handmade.xlsx"))
        var bytes = [UInt8](data)
        let name = Array("xl/strings.xml".utf8)
        var patched = 0
        for i in 0..<(bytes.count - 46) where bytes[i..<(i + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
            if bytes[(i + 46)..<(i + 46 + name.count)].elementsEqual(name) {
                bytes[i + 24] = 10
                bytes[i + 25] = 0
                bytes[i + 26] = 0
                bytes[i + 27] = 0
                patched += 1
            }
        }
        #expect(patched == 1)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lying-\(UUID().uuidString).xlsx")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            try XLSXWorkbook(url: url, displayName: "lying.xlsx")
        } throws: { error in
            "\(error)".contains("unpacks to more than the 10 bytes the archive states; refused")
        }
    }

    @Test func aBadSharedStringIsLocatedByItsCell() throws {
        // Shared string 7 of a table of 3: the message names the sheet and the cell.
        let workbook = try XLSXWorkbook(url: try fixture("handmade.xlsx"), displayName: "handmade.xlsx")
        defer { workbook.remove() }
        let reader = try XLSXSheetReader(workbook, sheet: try workbook.firstSheet())
        _ = reader
        #expect(
            SourceLocation(file: "export.xlsx", line: 17, column: 4, addressing: .cells(sheet: "Blad1")).description
                == "export.xlsx: Blad1!D17")
        #expect(SourceLocation.columnLetters(28) == "AB")
    }
}
