import DraagvlakCore
import Foundation
import Testing

@testable import ODKImporter

/// The GPL-licensed samples in `../shared/datasets/formats/` (not copied into the repository):
/// ruODK's multi-language XForm and a KoboToolbox API XML dump from kobo-transfer. When the
/// folder is absent these tests say so and are skipped.
let formatsData = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/datasets/formats")
let formatsDataMissing = "\(formatsData.path) is absent: the ODK/Kobo conformance tests are skipped"

@Suite(.enabled(if: FileManager.default.fileExists(atPath: formatsData.path), Comment(rawValue: formatsDataMissing)))
struct ConformanceTests {
    @Test func ruODKMultiLanguageForm() throws {
        let url = formatsData.appendingPathComponent("odk/I8n_label_lang.xml")
        let extraction = try ODKImporter().survey(from: url, displayName: "I8n_label_lang.xml")
        let survey = extraction.survey
        #expect(survey.id == "I8n_label_lng")
        #expect(survey.title.en == "I8n label lang")
        #expect(survey.statements.isEmpty)
        #expect(survey.questions.map(\.id) == ["some_text"])
        // English from "English (en)"; no Dutch translation, so the default one
        #expect(survey.questions[0].text == LocalizedText("This is a basic fill in the blank question."))
        // codes 0/1/99 are no vote: a demographic question with inline item labels
        let yn = try #require(survey.demographics.first)
        #expect(survey.demographics.count == 1)
        #expect(yn.id == "test_yn")
        #expect(yn.text == LocalizedText("What do you think?"))
        #expect(
            yn.categories == [
                Category(code: "0", label: LocalizedText("Yes")), Category(code: "1", label: LocalizedText("No")),
                Category(code: "99", label: LocalizedText("Maybe")),
            ])
        #expect(
            extraction.skipped == [
                "'text_image_audio_video_test': a note (read-only), not a question",
                "'a_integer': a number (int); Draagvlak has no numeric answers (a 1–5 scale should be a select_one or a range)",
                "'a_decimal': a number (decimal); Draagvlak has no numeric answers (a 1–5 scale should be a select_one or a range)",
                "'calculate_test_output': a note (read-only), not a question",
                "'calculate': calculated by the form, not asked",
                "metadata, not questions: meta/instanceID",
            ])
    }

    @Test func ruODKFormTranslations() throws {
        let form = try XForm.read(formatsData.appendingPathComponent("odk/I8n_label_lang.xml"), displayName: "I8n_label_lang.xml")
        #expect(form.translations.map(\.lang) == ["English (en)", "default", "French (fr)"])
        #expect(form.translations.map(\.isDefault) == [false, true, false])
        #expect(form.translations[2].texts["/data/a_decimal:label"] == "Entrez un entier:")
        #expect(form.translations[0].texts["/data/calculate_test_output:label"] == "The sum of the integer and decimal:")
        #expect(form.rootName == "data")
        #expect(form.fields.count == 8)
    }

    @Test func koboAPIDumpHasFourSubmissions() throws {
        let survey = Survey(
            id: "quests", title: LocalizedText("Quests"), themes: [], statements: [],
            questions: [
                Question(id: "Quest_name", kind: .open, text: LocalizedText("Quest")),
                Question(id: "Quest_starting_date", kind: .open, text: LocalizedText("Start")),
            ])
        let c = Collector(survey)
        try ODKImporter().read(
            ImportFile(url: formatsData.appendingPathComponent("kobotoolbox/submission.xml"), displayName: "submission.xml"), into: c)
        #expect(c.problems.isEmpty)
        #expect(c.headers == ["respondent", "submitted_at", "start", "end", "Quest_name", "Quest_starting_date"])
        #expect(c.rows.count == 4)
        // every submission is an edit of one not in the dump: stored under that first id
        #expect(
            c.rows.map { $0.fields[0] } == [
                "63047222-c474-4e5f-bd16-f37b6eab7891", "a148ed1a-64d4-44e2-90de-80b80d715227",
                "2faf5ce3-49d7-4109-9819-18d4bc9d8292", "cbd2b4d0-f98d-48d0-8988-52cd94ed5861",
            ])
        #expect(c.rows.map { $0.fields[4] } == ["Quest for Crystal", "Mountain expedition", "The Lost City", "The forbidden ruins"])
        #expect(c.value(2, "Quest_starting_date") == "2024-03-03 00:00:00")
        #expect(c.value(3, "Quest_starting_date") == "")
        #expect(c.rows.allSatisfy { $0.fields[1].isEmpty })
        #expect(
            c.notes.contains(
                "4 submissions are edits of an earlier version not in this input (meta/deprecatedID); each is stored under the first id of its chain of edits, so a consultation that already holds the earlier version keeps that one (an import never replaces stored answers)"
            ))
        #expect(
            c.notes.contains(
                "left out repeat groups, as Draagvlak keeps one row per respondent: character_selection (5×), character_selection/character_tasks (8×), holding 38 answers"
            ))
    }

    @Test func koboAPIDumpIsDetected() throws {
        let sample = try FileSample.read(formatsData.appendingPathComponent("kobotoolbox/submission.xml"))
        let m = ODKImporter().identify(sample)
        #expect(m.confidence == 0.9)
        #expect(m.reason == "several ODK/KoboToolbox submissions (<aRxMkyoPa6dj5wqMnT4vnz id='aRxMkyoPa6dj5wqMnT4vnz'> inside <root>)")
    }

    @Test func fixtureCopiesEqualTheSharedFiles() throws {
        // the copies in Fixtures are byte for byte those of the shared folder
        for name in ["transportation.xml", "transportation.csv", "transport_2011-07-25_19-06-14.xml"] {
            let shared = try Data(contentsOf: formatsData.appendingPathComponent("kobotoolbox/\(name)"))
            #expect(try Data(contentsOf: try fixture("kobocat/\(name)")) == shared, "\(name)")
        }
    }
}
