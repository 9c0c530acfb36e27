// libFuzzer harness: the CSV dialect plugins (Qualtrics, Google Forms, Polis) on arbitrary
// bytes: detection, survey extraction and import through the extracted survey must end in a
// result or an error, never a crash.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDialects(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let url = FuzzFile.write(bytes)
    let sample = FileSample(url: url, head: Array(bytes.prefix(65_536)))
    let fallback = Survey(
        id: "f", title: LocalizedText("F"), themes: [Theme(id: "t", title: LocalizedText("T"))],
        statements: [Statement(id: "S1", theme: "t", text: LocalizedText("S1"))])
    let plugins: [any ImporterPlugin & SurveyExtractor] = [QualtricsImporter(), GoogleFormsImporter(), PolisImporter()]
    for plugin in plugins {
        _ = plugin.identify(sample)
        _ = plugin.identifyStructure(sample)
        let survey = (try? plugin.survey(from: url, displayName: "fuzz.csv"))?.survey ?? fallback
        let session = ImportSession(survey: survey, file: "fuzz.csv", pseudonymise: { $0 }, accept: { _ in })
        try? plugin.read(ImportFile(url: url, displayName: "fuzz.csv"), into: session)
    }
    return 0
}
