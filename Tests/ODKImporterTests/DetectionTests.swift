import DraagvlakCore
import Foundation
import Testing

@testable import ODKImporter

@Suite struct DetectionTests {
    func match(_ name: String) throws -> FormatMatch {
        ODKImporter().identify(try FileSample.read(try fixture(name)))
    }

    @Test(arguments: [
        "briefcase/choice-lists-submission.xml", "briefcase/nested-repeats-submission.xml",
        "kobocat/transport_2011-07-25_19-06-14.xml", "kobocat/transport_2011-07-25_19-05-49_with_xmlns.xml",
        "synthetic/buurtvisie-dump.xml",
        "briefcase/simple-form-commas.csv.expected", "briefcase/choice-lists.csv.expected",
        "kobocat/transportation.csv", "kobocat/tutorial_w_repeats.csv", "synthetic/buurtvisie-kpi.csv",
    ])
    func recognisesItsExportsAboveTheGenericCSVImporter(_ name: String) throws {
        let m = try match(name)
        #expect(m.confidence == 0.9, "\(name): \(m.reason)")
    }

    @Test func kobocatCSVWithOnlyMetaInstanceIDIsLessCertain() throws {
        let m = try match("kobocat/tutorial.csv")
        #expect(m.confidence == 0.8)
        #expect(m.reason == "a KoboToolbox CSV (meta/instanceID column)")
    }

    @Test func declinesAnXFormWithTheCommandToUse() throws {
        let m = try match("kobocat/transportation.xml")
        #expect(m.confidence == 0)
        #expect(m.reason == "a form definition without responses; use `draagvlak survey from`")
    }

    @Test func declinesARepeatGroupFile() throws {
        let m = try match("briefcase/nested-repeats-g2.csv.expected")
        #expect(m.confidence == 0)
        #expect(m.reason.hasPrefix("an ODK repeat-group file (PARENT_KEY column)"))
    }

    @Test func declinesOtherFilesWithAReason() {
        let csv = ODKImporter().identify(FileSample(url: URL(fileURLWithPath: "x.csv"), head: Array("id,S1,S2\nr1,1,2\n".utf8)))
        #expect(csv.confidence == 0)
        #expect(csv.reason.hasPrefix("no ODK (SubmissionDate, KEY, meta-instanceID)"))
        let xml = ODKImporter().identify(
            FileSample(
                url: URL(fileURLWithPath: "x.xml"),
                head: Array("<?xml version=\"1.0\"?>\n<document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>".utf8)))
        #expect(xml.confidence == 0)
        #expect(xml.reason.hasPrefix("XML, but neither an XForm"))
    }
}
