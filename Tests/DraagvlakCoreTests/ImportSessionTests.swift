import Testing

@testable import DraagvlakCore

/// A small survey built in code: two Likert statements, a vote, a district, and other questions.
func smallSurvey() -> Survey {
    Survey(
        id: "klein", title: LocalizedText("Klein"),
        themes: [Theme(id: "wonen", title: LocalizedText("Wonen"))],
        statements: [
            Statement(id: "S1", theme: "wonen", text: LocalizedText("Een")),
            Statement(id: "S2", theme: "wonen", text: LocalizedText("Twee"), scale: .likert7),
            Statement(id: "V1", theme: "wonen", text: LocalizedText("Stem"), scale: .vote),
        ],
        demographics: [
            DemographicQuestion(
                id: "district", text: LocalizedText("Wijk"),
                categories: [
                    Category(code: "noord", label: LocalizedText(nl: "Noord", en: "North")),
                    Category(code: "zuid", label: LocalizedText(nl: "Zuid", en: "South")),
                ])
        ],
        questions: [
            Question(
                id: "rang", kind: .ranking, text: LocalizedText("Rang"),
                options: [
                    Category(code: "a", label: LocalizedText("A")), Category(code: "b", label: LocalizedText("B")),
                ]),
            Question(
                id: "punten", kind: .points, text: LocalizedText("Punten"),
                options: [
                    Category(code: "x", label: LocalizedText("X")), Category(code: "y", label: LocalizedText("Y")),
                ], total: 100),
            Question(id: "open", kind: .open, text: LocalizedText("Open")),
        ])
}

final class Collector {
    var responses: [Response] = []
}

func session(_ headers: [String], file: String = "t.csv") -> (ImportSession, Collector) {
    let collector = Collector()
    let session = ImportSession(survey: smallSurvey(), file: file, pseudonymise: { "p-\($0)" }, accept: { collector.responses.append($0) })
    session.begin(headers: headers, line: 1)
    return (session, collector)
}

@Suite struct ImportSessionTests {
    @Test func normalisesCodesAndLabels() throws {
        let (s, c) = session(["id", "timestamp", "district", "S1", "S2", "V1", "rang", "punten[x]", "punten[y]", "open"])
        try s.record(["r1", "2026-03-01 10:00", "Noord", "helemaal eens", "7", "-1", "b;a", "60", "40", " Mooi plan "], line: 2)
        try s.record(["r2", "", "zuid", "2", "", "eens", "", "", "", ""], line: 3)
        #expect(s.problems.isEmpty)
        #expect(c.responses.count == 2)
        let first = c.responses[0]
        #expect(first.respondent == "p-r1")
        #expect(first.submittedAt == "2026-03-01 10:00")
        #expect(first.statements == [5, 7, -1])
        #expect(first.categories == [0])
        #expect(first.other["rang"] == .ranking(["b", "a"]))
        #expect(first.other["punten"] == .points(["x": 60, "y": 40]))
        #expect(first.other["open"] == .text("Mooi plan"))
        #expect(c.responses[1].statements == [2, nil, 1])
        #expect(c.responses[1].other.isEmpty)
    }

    @Test func reportsEveryBadFieldWithLineAndColumn() throws {
        let (s, c) = session(["id", "district", "S1", "S2", "V1"])
        try s.record(["r1", "oost", "6", "x", "2"], line: 2)
        try s.record(["r2", "noord", "3"], line: 3)
        try s.record(["r3", "noord", "3", "4", "0"], line: 4)
        #expect(c.responses.isEmpty, "nothing is handed on once the file has a problem")
        let texts = s.problems.map(\.description)
        #expect(
            texts == [
                "t.csv:2: column 'district': unknown answer code 'oost' (expected one of: noord, zuid)",
                "t.csv:2: column 'S1': value '6' is outside the scale 1–5",
                "t.csv:2: column 'S2': unknown answer code 'x' (expected 1–7)",
                "t.csv:2: column 'V1': value '2' is outside the scale -1 (disagree), 0 (pass) or 1 (agree)",
                "t.csv:3: ragged row: 3 fields where the header has 5",
            ])
    }

    @Test func validatesRankingsAndPoints() throws {
        let (s, _) = session(["id", "S1", "rang[1]", "rang[2]", "punten[x]", "punten[y]"])
        try s.record(["r1", "3", "a", "a", "50", "40"], line: 2)
        #expect(
            s.problems.map(\.description) == [
                "t.csv:2: field 'rang': option 'a' is ranked twice",
                "t.csv:2: field 'punten': the points add up to 90, not 100",
            ])
    }

    @Test func emptyRespondentIDIsAProblem() throws {
        let (s, _) = session(["respondent", "S1"])
        try s.record(["  ", "3"], line: 7)
        #expect(s.problems.map(\.description) == ["t.csv:7: column 'respondent': the respondent id is empty"])
    }

    @Test func headerWithoutStatementsIsRejected() {
        let (s, _) = session(["naam", "leeftijd"])
        #expect(s.problems.count == 1)
        #expect(s.problems[0].description.contains("no column matches a statement of survey 'klein'"))
        #expect(s.notes.contains { $0.contains("'naam', 'leeftijd'") })
    }

    @Test func mappingRenamesColumnsAndLabels() throws {
        let mapping = ColumnMapping(
            respondentColumn: "Response ID", columns: ["Q1 wonen": "S1"], ignored: ["IP"],
            values: ["S1": ["Zeer mee eens": "5"]])
        let collector = Collector()
        let s = ImportSession(
            survey: smallSurvey(), file: "m.csv", mapping: mapping, pseudonymise: { $0 }, accept: { collector.responses.append($0) })
        s.begin(headers: ["Response ID", "IP", "Q1 wonen"], line: 1)
        try s.record(["A7", "1.2.3.4", "Zeer mee eens"], line: 2)
        #expect(s.problems.isEmpty)
        #expect(collector.responses.first?.respondent == "A7")
        #expect(collector.responses.first?.statements[0] == 5)
        #expect(s.notes.allSatisfy { !$0.contains("IP") })
    }

    @Test func onlyTheFirstGuessedIDAndDateColumnsCount() throws {
        let (s, c) = session(["submitdate", "_uuid", "S1", "datestamp", "meta/instanceID"])
        try s.record(["2026-03-01", "u1", "4", "2026-03-02", "uuid:x"], line: 2)
        #expect(s.problems.isEmpty)
        #expect(c.responses.first?.respondent == "p-u1" && c.responses.first?.submittedAt == "2026-03-01")
        #expect(s.notes.contains { $0.contains("'datestamp', 'meta/instanceID'") })
    }

    @Test func mappedLabelsAreCheckedAgainstTheScale() throws {
        let mapping = ColumnMapping(values: ["S1": ["Super": "9", "Heel erg": "500"]])
        let s = ImportSession(survey: smallSurvey(), file: "m.csv", mapping: mapping, pseudonymise: { $0 }, accept: { _ in })
        s.begin(headers: ["id", "S1"], line: 1)
        try s.record(["a", "Super"], line: 2)
        try s.record(["b", "Heel erg"], line: 3)
        #expect(
            s.problems.map(\.description) == [
                "m.csv:2: column 'S1': value 'Super' is outside the scale 1–5",
                "m.csv:3: column 'S1': value 'Heel erg' is outside the scale 1–5",
            ])
    }

    @Test func duplicateColumnsForOneQuestionAreRejected() {
        let (s, _) = session(["id", "S1", "S1"])
        #expect(s.problems.map(\.description) == ["t.csv:1: column 'S1': maps to the same question as column 'S1'"])
    }
}
