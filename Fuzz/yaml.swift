// libFuzzer harness: the survey and decision loaders (Sources/Definitions) on arbitrary text.
// Any input must give a survey, a decision or an InputError — never a crash.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? SurveyLoader.parse(text, file: "fuzz.yaml")
    let survey = Survey(
        id: "f", title: LocalizedText("F"), themes: [Theme(id: "t", title: LocalizedText("T"))],
        statements: [Statement(id: "S1", theme: "t", text: LocalizedText("S1"))])
    _ = try? DecisionLoader.parse(text, file: "fuzz.yaml", survey: survey)
    _ = try? ConsultationLoader.parse(text, file: "fuzz.yaml")
    return 0
}
