// libFuzzer harness: the Excel importer on arbitrary bytes — the zip (ZipMembers), the
// workbook's parts (relationships, workbook, shared strings, styles) and a sheet, read through
// a small survey. Detection, survey extraction and import must end in a result or an error,
// never a crash. Seeded with the test fixtures (scripts/fuzz).
import Foundation

private let survey = Survey(
    id: "fuzz", title: LocalizedText("fuzz"), themes: [Theme(id: "t", title: LocalizedText("t"))],
    statements: [Statement(id: "S01", theme: "t", text: LocalizedText("s"), scale: .likert5)],
    questions: [Question(id: "toelichting", kind: .open, text: LocalizedText("t"))])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let url = FuzzFile.write(bytes)
    let plugin = XLSXImporter()
    let sample = FileSample(url: url, head: Array(bytes.prefix(65_536)))
    _ = plugin.identify(sample)
    _ = plugin.identifyStructure(sample)
    _ = try? plugin.survey(from: url, displayName: "fuzz.xlsx")
    let session = ImportSession(survey: survey, file: "fuzz.xlsx", pseudonymise: { $0 }, accept: { _ in })
    try? plugin.read(ImportFile(url: url, displayName: "fuzz.xlsx"), into: session)
    return 0
}
