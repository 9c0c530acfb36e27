// libFuzzer harness: the SPSS importer on arbitrary bytes — the system file's header and
// dictionary, bytecode and zlib-compressed cases (SAVReader), survey extraction from the labels
// and an import through a small survey. Every input must end in a result or an error, never a
// crash, a hang or unbounded memory. Seeded with the test fixtures (scripts/fuzz).
import Foundation

private let survey = Survey(
    id: "fuzz", title: LocalizedText("fuzz"), themes: [Theme(id: "t", title: LocalizedText("t"))],
    statements: [Statement(id: "S01", theme: "t", text: LocalizedText("s"), scale: .likert5)],
    demographics: [
        DemographicQuestion(id: "wijk", text: LocalizedText("w"), categories: [Category(code: "1", label: LocalizedText("Centrum"))])
    ])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSPSS(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let url = FuzzFile.write(bytes)
    let plugin = SPSSImporter()
    let sample = FileSample(url: url, head: Array(bytes.prefix(65_536)))
    _ = plugin.identify(sample)
    _ = try? plugin.survey(from: url, displayName: "fuzz.sav")
    let session = ImportSession(survey: survey, file: "fuzz.sav", pseudonymise: { $0 }, accept: { _ in })
    try? plugin.read(ImportFile(url: url, displayName: "fuzz.sav"), into: session)
    return 0
}
