package import DraagvlakCore
package import Foundation
import Readers

/// The LimeSurvey importer: responses from a `.lsr` (read through the survey's `.lss` next to
/// it), a `.lsa` survey archive (zip holding both), or LimeSurvey's CSV export; and a survey
/// definition from a `.lss`, `.lsg` or `.lsa` for `draagvlak survey from`.
///
/// Response columns are named with the ids `survey(from:)` gives the questions, so importing
/// against that survey needs no mapping file. Incomplete responses (no `submitdate`) are left
/// out with a note; the submission date `1980-01-01 00:00:00`, which LimeSurvey writes when a
/// survey does not record dates, counts as no date.
package struct LimeSurveyImporter: ImporterPlugin, SurveyExtractor {
    package init() {}

    package var format: String { "limesurvey" }
    package var name: String { "LimeSurvey" }
    package var summary: String { "LimeSurvey responses (.lsr with its .lss, .lsa archive, CSV export with question codes)" }

    /// What a file is, as far as LimeSurvey is concerned.
    enum Kind: Equatable {
        case archive
        /// A `.lss` (`Survey`) or `.lsg` (`Group`).
        case structure(String)
        case responses
        /// Another LimeSurvey document: tokens, timings, …
        case otherDocument(String)
        case csv(LimeSurveyCSV.Headings)
        case zipWithoutStructure
    }

    static func kind(of sample: FileSample) -> Kind? {
        let head = sample.head
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let names = String(decoding: head, as: UTF8.self).lowercased()
            // Member names stand in the local headers; a large first member can push the others past the sample.
            return names.contains(".lss") || names.contains(".lsr") || sample.fileExtension == "lsa" ? .archive : .zipWithoutStructure
        }
        if let type = LimeSurveyXML.docType(in: head) {
            switch type {
            case "Survey", "Group": return .structure(type)
            case "Responses": return .responses
            default: return .otherDocument(type)
            }
        }
        if let headings = LimeSurveyCSV.headings(in: head) { return .csv(headings) }
        return nil
    }

    package func identify(_ sample: FileSample) -> FormatMatch {
        switch Self.kind(of: sample) {
        case .archive:
            return FormatMatch(confidence: 0.95, reason: "a LimeSurvey survey archive (.lsa)")
        case .responses:
            return FormatMatch(confidence: 0.95, reason: "LimeSurvey responses (.lsr), read through the survey's .lss next to it")
        case .structure:
            return .declined("a survey structure without responses; use `draagvlak survey from`")
        case .otherDocument(let type):
            return .declined("a LimeSurvey '\(type)' document, not responses")
        case .csv(.codes):
            return FormatMatch(confidence: 0.9, reason: "a LimeSurvey CSV export (columns id, submitdate, lastpage, startlanguage)")
        case .csv(.fullText):
            return FormatMatch(
                confidence: 0.75,
                reason:
                    "a LimeSurvey CSV export with question texts as headings ('Response ID', 'Date submitted', …); its question columns need a mapping file"
            )
        case .zipWithoutStructure:
            return .declined("a zip archive without a LimeSurvey survey structure (.lss)")
        case nil:
            return .declined("no LimeSurveyDocType, .lsa archive or LimeSurvey CSV header (id, submitdate, lastpage, startlanguage)")
        }
    }

    package func read(_ file: ImportFile, into session: ImportSession) throws {
        try read(file, into: session as any RecordSink)
    }

    func read(_ file: ImportFile, into sink: any RecordSink) throws {
        let sample = try FileSample.read(file.url)
        switch Self.kind(of: sample) {
        case .archive:
            let archive = try LimeSurveyArchive.extract(file.url, displayName: file.displayName)
            defer { archive.remove() }
            guard let responses = archive.responses else {
                throw InputError(
                    "\(file.displayName): the archive holds no responses (.lsr); to make a survey of it, use `draagvlak survey from`")
            }
            guard let structure = archive.structure else {
                throw InputError("\(file.displayName): the archive holds no survey structure (.lss) to read its responses through")
            }
            let survey = try LimeSurveyStructure.read(structure.url, displayName: "\(file.displayName)/\(structure.name)")
            try LimeSurveyResponses.read(
                responses.url, displayName: "\(file.displayName)/\(responses.name)", structure: survey, file: file, into: sink)
        case .responses:
            try LimeSurveyResponses.read(file.url, displayName: file.displayName, structure: nil, file: file, into: sink)
        case .structure:
            throw InputError(
                "\(file.displayName): a survey structure without responses; use `draagvlak survey from` to make a survey of it, then import the .lsr or .lsa"
            )
        case .csv:
            try LimeSurveyCSV.read(file, into: sink)
        case .otherDocument(let type):
            throw InputError("\(file.displayName): a LimeSurvey '\(type)' document holds no responses")
        case .zipWithoutStructure, nil:
            throw InputError(
                "\(file.displayName): not a LimeSurvey export (.lsr, .lsa or CSV with the columns id, submitdate, lastpage, startlanguage)")
        }
    }

    package func identifyStructure(_ sample: FileSample) -> FormatMatch {
        switch Self.kind(of: sample) {
        case .archive:
            return FormatMatch(confidence: 0.9, reason: "a LimeSurvey survey archive (.lsa) with its survey structure")
        case .structure("Group"):
            return FormatMatch(confidence: 0.9, reason: "a LimeSurvey question group (.lsg)")
        case .structure:
            return FormatMatch(confidence: 0.95, reason: "a LimeSurvey survey structure (.lss)")
        case .responses:
            return .declined("LimeSurvey responses hold no question types; make the survey from the .lss or the .lsa")
        case .csv:
            return .declined("a LimeSurvey CSV export holds no question types; make the survey from the survey's .lss")
        case .otherDocument(let type):
            return .declined("a LimeSurvey '\(type)' document holds no survey structure")
        case .zipWithoutStructure:
            return .declined("a zip archive without a LimeSurvey survey structure (.lss)")
        case nil:
            return .declined("no LimeSurveyDocType or .lsa archive")
        }
    }

    package func survey(from file: URL, displayName: String) throws -> SurveyExtraction {
        let sample = try FileSample.read(file)
        let structure: LimeSurveyStructure
        switch Self.kind(of: sample) {
        case .archive:
            let archive = try LimeSurveyArchive.extract(file, displayName: displayName, responses: false)
            defer { archive.remove() }
            guard let member = archive.structure else {
                throw InputError("\(displayName): the archive holds no survey structure (.lss)")
            }
            structure = try LimeSurveyStructure.read(member.url, displayName: "\(displayName)/\(member.name)")
        case .structure:
            structure = try LimeSurveyStructure.read(file, displayName: displayName)
        case .responses:
            throw InputError("\(displayName): LimeSurvey responses hold no question types; make the survey from the .lss or the .lsa")
        default:
            throw InputError("\(displayName): not a LimeSurvey survey structure (.lss, .lsg or .lsa)")
        }
        let mapping = LimeSurveyMapping(structure)
        return SurveyExtraction(survey: mapping.survey, skipped: mapping.skipped)
    }
}

/// The header names of the respondent id and submission time columns, as the file's mapping
/// (if any) expects them.
extension ImportFile {
    var respondentHeader: String { mapping?.respondentColumn ?? "respondent" }
    var submittedAtHeader: String { mapping?.submittedAtColumn ?? "submitted_at" }
}

/// LimeSurvey's submission date when the survey does not record dates (`datestamp = N`).
let limeSurveyDatesNotRecorded = "1980-01-01 00:00:00"
