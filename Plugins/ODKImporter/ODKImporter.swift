package import DraagvlakCore
package import Foundation
import Readers

/// The ODK / KoboToolbox importer: submissions as XML (one instance file, a folder of them,
/// or the KoboToolbox API dump `<root><results>…`), ODK Briefcase/Central CSV and KoboToolbox
/// CSV; and, for `draagvlak survey from`, the XForm that defines the form.
///
/// Importing needs no form: a field is matched to the survey by the tail of its group path
/// (`transport/…/taxi/frequency_to_referral_facility` → `taxi.frequency_to_referral_facility`),
/// the ids the survey made from the XForm has. The respondent is `meta/instanceID` (`KEY` or
/// `_uuid` in CSV) without `uuid:`; of an edited submission (`meta/deprecatedID`) only the
/// newest version in the input is kept, under the first id of its chain of edits. Repeat
/// groups cannot be answers (one row per respondent) and are left out with a note.
package struct ODKImporter: ImporterPlugin {
    package init() {}

    package var format: String { "odk" }
    package var name: String { "KoboToolbox/ODK" }
    package var summary: String {
        "ODK / KoboToolbox: submission XML (a file, a folder, the KoboToolbox API dump), ODK Briefcase/Central CSV, KoboToolbox CSV; XForms for `survey from`"
    }

    package func identify(_ sample: FileSample) -> FormatMatch {
        let detected = Layout.detect(sample.head)
        if detected.layout == .xform {
            return .declined("a form definition without responses; use `draagvlak survey from`")
        }
        return FormatMatch(confidence: detected.confidence, reason: detected.reason)
    }

    package func read(_ file: ImportFile, into session: ImportSession) throws {
        try read(file, into: session as any RecordSink)
    }

    func read(_ file: ImportFile, into sink: any RecordSink) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.url.path, isDirectory: &isFolder) else {
            throw InputError("\(file.displayName): no such file")
        }
        if isFolder.boolValue {
            try readFolder(file, into: sink)
            return
        }
        let (layout, _, reason) = Layout.detect(try FileSample.read(file.url).head)
        switch layout {
        case .instance, .dump:
            try SubmissionXML(files: [(file.url, file.displayName)], displayName: file.displayName, sink: sink).read()
        case .briefcaseCSV:
            try SubmissionCSV(url: file.url, displayName: file.displayName, dialect: .briefcase, sink: sink).read()
        case .koboCSV:
            try SubmissionCSV(url: file.url, displayName: file.displayName, dialect: .kobo, sink: sink).read()
        case .xform:
            throw InputError(
                "\(file.displayName): an XForm, a form definition without responses; make a survey from it with `draagvlak survey from \(file.displayName)`"
            )
        case .repeatCSV, .other:
            throw InputError("\(file.displayName): not an ODK or KoboToolbox export: \(reason)")
        }
    }

    /// A folder of submission files (as Briefcase and ODK Collect store them, one `.xml` per
    /// submission, possibly each in its own subfolder) read as one input, so that an edit
    /// replaces the version it deprecates. XForms and other files in it are left out.
    private func readFolder(_ file: ImportFile, into sink: any RecordSink) throws {
        let base = file.url.standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw InputError("\(file.displayName): cannot list the folder")
        }
        var candidates: [URL] = []
        for case let url as URL in walker where url.pathExtension.lowercased() == "xml" {
            candidates.append(url.standardizedFileURL)
        }
        candidates.sort { $0.path < $1.path }
        var files: [(url: URL, name: String)] = []
        var left: [String] = []
        for url in candidates {
            let relative = url.path.hasPrefix(base.path + "/") ? String(url.path.dropFirst(base.path.count + 1)) : url.lastPathComponent
            let name = "\(file.displayName)/\(relative)"
            switch Layout.detect(try FileSample.read(url).head).layout {
            case .instance, .dump: files.append((url, name))
            default: left.append(relative)
            }
        }
        guard !files.isEmpty else {
            throw InputError("\(file.displayName): no ODK submission files (.xml with a root element carrying the form id) in the folder")
        }
        if !left.isEmpty {
            sink.note(
                "left out \(left.count) file\(left.count == 1 ? "" : "s") that \(left.count == 1 ? "is" : "are") no submission: \(left.prefix(5).joined(separator: ", "))\(left.count > 5 ? ", …" : "")"
            )
        }
        try SubmissionXML(files: files, displayName: file.displayName, sink: sink).read()
    }
}

/// `draagvlak survey from form.xml`: a survey from an XForm (see `XFormSurvey` for the rules).
extension ODKImporter: SurveyExtractor {
    package func identifyStructure(_ sample: FileSample) -> FormatMatch {
        let detected = Layout.detect(sample.head)
        if detected.layout == .xform { return FormatMatch(confidence: 0.95, reason: detected.reason) }
        return .declined("not an XForm (\(detected.reason)); a survey is made from the form definition, the <h:html> file")
    }

    package func survey(from file: URL, displayName: String) throws -> SurveyExtraction {
        let form = try XForm.read(file, displayName: displayName)
        return XFormSurvey.make(form, fileName: file.deletingPathExtension().lastPathComponent)
    }
}
