import DraagvlakCore
import Foundation
import Testing
import Writers

@testable import SPSSImporter

func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
}

func importSAV(_ url: URL, survey: Survey) throws -> (ImportSession, [Response]) {
    var responses: [Response] = []
    let session = ImportSession(survey: survey, file: url.lastPathComponent, pseudonymise: { $0 }, accept: { responses.append($0) })
    try SPSSImporter().read(ImportFile(url: url), into: session)
    return (session, responses)
}

/// Every case of a file, as the reader gives them.
func cases(_ url: URL) throws -> [[SAVValue]] {
    var reader = try SAVReader(url: url, displayName: url.lastPathComponent)
    var out: [[SAVValue]] = []
    while let values = try reader.next() { out.append(values) }
    return out
}

let fixtures = ["stadspeiling.sav", "stadspeiling-plain.sav", "stadspeiling.zsav"]

@Suite struct SPSSImporterTests {
    @Test func recognisesSystemFiles() throws {
        let plugin = SPSSImporter()
        #expect(plugin.identify(try FileSample.read(try fixture("stadspeiling.sav"))).confidence == 0.95)
        #expect(plugin.identify(try FileSample.read(try fixture("stadspeiling.zsav"))).reason.contains("zlib"))
        #expect(plugin.identify(FileSample(url: URL(fileURLWithPath: "/a.csv"), head: Array("id,S1\n".utf8))).confidence == 0)
    }

    @Test(arguments: fixtures) func readsTheDictionary(_ name: String) throws {
        let reader = try SAVReader(url: try fixture(name), displayName: name)
        #expect(reader.variables.map(\.name) == ["respnr", "wijk", "S01", "S02", "toelichting", "ingevuld"])
        #expect(
            reader.variables.map(\.label) == [
                "Respondentnummer", "In welke wijk woont u?", "De gemeente moet meer groen aanleggen.", "Ik voel me veilig in mijn buurt.",
                "Toelichting", "Ingevuld op",
            ])
        #expect(reader.variables[4].width == 527)  // a very long string (500 characters), merged from its segments
        #expect(reader.variables[1].valueLabels.map(\.label) == ["Centrum", "Noord", "Oost"])
        #expect(reader.variables[2].missing.contains(.number(9)))
        #expect(!reader.variables[2].missing.contains(.number(5)))
        #expect(reader.variables[2].measure == .ordinal)
        #expect(reader.variables[5].format.isDate)
        #expect(reader.caseCount == 6)
        #expect(reader.fileLabel == "Stadspeiling 2026")
        #expect(reader.compression == (name.hasSuffix(".zsav") ? .zlib : name.contains("plain") ? SAVReader.Compression.none : .bytecode))
    }

    @Test func everyCompressionGivesTheSameCases() throws {
        let all = try fixtures.map { try cases(try fixture($0)) }
        #expect(all[0].count == 6)
        #expect(all[0] == all[1])
        #expect(all[0] == all[2])
        #expect(all[0][1][3] == .systemMissing)
        guard case .text(let answer) = all[0][0][4] else {
            Issue.record("no text")
            return
        }
        #expect(answer.count == 500 && answer.hasPrefix("Meer groen in de wijk, één park"))
    }

    @Test func surveyFromLabelsNeedsNoMapping() throws {
        let url = try fixture("stadspeiling.sav")
        let extraction = try SPSSImporter().survey(from: url, displayName: "stadspeiling.sav")
        let survey = extraction.survey
        #expect(survey.title == LocalizedText("Stadspeiling 2026"))
        #expect(survey.statements.map(\.id) == ["S01", "S02"])
        #expect(survey.statements.map(\.scale) == [.likert5, .likert7])
        #expect(survey.statements[0].text == LocalizedText("De gemeente moet meer groen aanleggen."))
        #expect(survey.demographics.map(\.id) == ["wijk"])
        #expect(survey.demographics[0].categories.map(\.code) == ["1", "2", "3"])
        #expect(survey.demographics[0].categories.map(\.label.nl) == ["Centrum", "Noord", "Oost"])
        // The respondent number and the moment of answering are recognised by name and label.
        #expect(extraction.skipped.isEmpty)
        #expect(survey.questions.map(\.id) == ["toelichting"])

        for name in fixtures {
            let (session, responses) = try importSAV(try fixture(name), survey: survey)
            #expect(session.problems.isEmpty)
            #expect(responses.map(\.source.line) == [1, 2, 3, 4, 5, 6])
            // 9 ("Weet niet") is user-missing; the system-missing S02 of case 2 is missing too.
            #expect(responses.map(\.statements) == [[5, 7], [4, nil], [nil, 1], [1, 4], [2, 6], [3, 2]])
            #expect(responses.map { $0.categories[0] } == [0, 1, 2, 0, 1, 2])
            #expect(responses.map(\.respondent).prefix(2) == ["R1", "R2"])
            #expect(responses[0].submittedAt == "2026-03-01T09:30:00")
        }
    }

    @Test func aSurveyWithItsOwnCodesMatchesThroughTheLabels() throws {
        let survey = Survey(
            id: "s", title: LocalizedText("s"), themes: [Theme(id: "t", title: LocalizedText("t"))],
            statements: [Statement(id: "S01", theme: "t", text: LocalizedText("x"), scale: .likert5)],
            demographics: [
                DemographicQuestion(
                    id: "wijk", text: LocalizedText("w"),
                    categories: [("centrum", "Centrum"), ("noord", "Noord"), ("oost", "Oost")].map {
                        Category(code: $0.0, label: LocalizedText($0.1))
                    })
            ])
        let (session, responses) = try importSAV(try fixture("stadspeiling.sav"), survey: survey)
        #expect(session.problems.isEmpty)
        #expect(responses.map { $0.categories[0] } == [0, 1, 2, 0, 1, 2])
    }

    @Test func problemsNameTheCaseAndTheVariable() throws {
        // S02 read as a five-point statement: its 7 and 6 are out of range.
        let survey = Survey(
            id: "s", title: LocalizedText("s"), themes: [Theme(id: "t", title: LocalizedText("t"))],
            statements: [Statement(id: "S02", theme: "t", text: LocalizedText("x"), scale: .likert5)])
        let (session, _) = try importSAV(try fixture("stadspeiling.sav"), survey: survey)
        #expect(
            session.problems.map(\.description).map { String($0.prefix(45)) } == [
                "stadspeiling.sav: case 1: column 'S02': value", "stadspeiling.sav: case 5: column 'S02': value",
            ])
    }

    /// Files written by IBM SPSS Statistics itself (pyreadstat's test data, SOURCES.md), read value
    /// for value and label for label as pyreadstat reads them (expected.json).
    @Test func realSPSSFilesReadAsPyreadstatReadsThem() throws {
        let data = try Data(contentsOf: try fixture("pyreadstat/expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        #expect(expected.count == 7)
        for (file, wanted) in expected.sorted(by: { $0.key < $1.key }) {
            let url = try fixture("pyreadstat/\(file)")
            let reader = try SAVReader(url: url, displayName: file)
            #expect(reader.variables.map(\.name) == wanted["names"] as? [String], "\(file)")
            let labels = (wanted["labels"] as? [Any] ?? []).map { $0 as? String }
            #expect(reader.variables.map(\.label) == labels, "\(file)")
            let valueLabels = wanted["valueLabels"] as? [String: [String: String]] ?? [:]
            for variable in reader.variables {
                let got = Dictionary(
                    variable.valueLabels.map { label -> (String, String) in
                        switch label.value {
                        case .number(let n): ("\(n)", label.label)
                        case .text(let t): (t, label.label)
                        case .systemMissing: ("", label.label)
                        }
                    }, uniquingKeysWith: { a, _ in a })
                #expect(got == (valueLabels[variable.name] ?? [:]), "\(file) \(variable.name)")
            }
            let rows = try cases(url)
            let cells = wanted["cases"] as? [[Any]] ?? []
            #expect(rows.count == cells.count, "\(file)")
            for (row, expectedRow) in zip(rows, cells) {
                for (value, cell) in zip(row, expectedRow) {
                    switch (value, cell) {
                    case (.number(let n), let e as NSNumber): #expect(n == e.doubleValue, "\(file)")
                    case (.text(let t), let e as String): #expect(t == e, "\(file)")
                    case (.systemMissing, is NSNull): break
                    default: Issue.record("\(file): \(value) where pyreadstat reads \(cell)")
                    }
                }
            }
        }
    }

    @Test func aTruncatedFileNamesTheCase() throws {
        let data = try Data(contentsOf: try fixture("stadspeiling-plain.sav"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString).sav")
        try data.prefix(data.count - 300).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            _ = try cases(url)
        } throws: { error in
            "\(error)".contains("the file ends inside the case") && "\(error)".contains("case ")
        }
    }

    @Test func whatTheWriterWritesTheReaderReads() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rt-\(UUID().uuidString).sav")
        defer { try? FileManager.default.removeItem(at: url) }
        let long = String(repeating: "Zoë’s café: één idee. ", count: 40) + "Einde."  // SPSS keeps no trailing spaces
        let writer = try SAVWriter(
            url: url,
            columns: [
                SAVColumn(
                    name: "stelling_over_het_draagvlak_in_de_wijk", label: "Stelling",
                    kind: .numeric(decimals: 0, valueLabels: [(1, "Oneens"), (2, "Eens")]), measure: .ordinal, missingValues: [9]),
                SAVColumn(name: "gewicht", kind: .numeric(decimals: 4, valueLabels: []), measure: .scale),
                SAVColumn(name: "toelichting", label: "Toelichting", kind: .text(width: long.utf8.count, valueLabels: [])),
                SAVColumn(name: "wijk", kind: .text(width: 12, valueLabels: [("N", "Noord")])),
            ], fileLabel: "Rondgang")
        try writer.append([.number(2), .number(1.2345), .text(long), .text("N")])
        try writer.append([.number(9), .missing, .text(""), .missing])
        try writer.append([.missing, .number(-1000.5), .text("kort"), .text("Zuid")])
        try writer.finish()
        let reader = try SAVReader(url: url, displayName: "rt.sav")
        #expect(reader.variables.map(\.name) == ["stelling_over_het_draagvlak_in_de_wijk", "gewicht", "toelichting", "wijk"])
        #expect(reader.variables[0].valueLabels.map(\.label) == ["Oneens", "Eens"])
        #expect(reader.variables[0].missing.contains(.number(9)))
        #expect(reader.variables[0].measure == .ordinal)
        #expect(reader.variables[3].valueLabels.map(\.label) == ["Noord"])
        #expect(reader.fileLabel == "Rondgang")
        #expect(
            try cases(url) == [
                [.number(2), .number(1.2345), .text(long), .text("N")],
                [.number(9), .systemMissing, .text(""), .text("")],
                [.systemMissing, .number(-1000.5), .text("kort"), .text("Zuid")],
            ])
    }
}
