// libFuzzer harness: the ODK/KoboToolbox plugin (XForms, instances, API dumps) on arbitrary bytes:
// detection, survey extraction and import must end in a result or an error, never a crash.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzODK(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let url = FuzzFile.write(bytes)
    let plugin = ODKImporter()
    _ = plugin.identify(FileSample(url: url, head: Array(bytes.prefix(65_536))))
    _ = try? plugin.survey(from: url, displayName: "fuzz.xml")
    let survey = Survey(
        id: "f", title: LocalizedText("F"), themes: [Theme(id: "t", title: LocalizedText("T"))],
        statements: [Statement(id: "S1", theme: "t", text: LocalizedText("S1"))])
    let session = ImportSession(survey: survey, file: "fuzz.xml", pseudonymise: { $0 }, accept: { _ in })
    try? plugin.read(ImportFile(url: url, displayName: "fuzz.xml"), into: session)
    return 0
}
