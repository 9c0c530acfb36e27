// libFuzzer harness: the LimeSurvey plugin's XML readers on arbitrary bytes — a survey structure
// (.lss) and a responses document (.lsr) read through the structure named by
// DRAAGVLAK_FUZZ_LSS (scripts/fuzz sets it to a test fixture). Detection, survey extraction and
// import must end in a result or an error, never a crash.
import Foundation

private let fixture: (structure: LimeSurveyStructure, survey: Survey)? = {
    guard let path = ProcessInfo.processInfo.environment["DRAAGVLAK_FUZZ_LSS"] else { return nil }
    let url = URL(fileURLWithPath: path)
    guard let structure = try? LimeSurveyStructure.read(url, displayName: "fixture.lss"),
        let extraction = try? LimeSurveyImporter().survey(from: url, displayName: "fixture.lss")
    else { return nil }
    return (structure, extraction.survey)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLimeSurvey(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let url = FuzzFile.write(bytes)
    let plugin = LimeSurveyImporter()
    let sample = FileSample(url: url, head: Array(bytes.prefix(65_536)))
    _ = plugin.identify(sample)
    _ = plugin.identifyStructure(sample)
    // As a survey structure (.lss): the XML reader, the question mapping and the survey written from it.
    _ = try? plugin.survey(from: url, displayName: "fuzz.lss")
    // As responses (.lsr) through a known structure.
    if let (structure, survey) = fixture {
        let session = ImportSession(survey: survey, file: "fuzz.lsr", pseudonymise: { $0 }, accept: { _ in })
        try? LimeSurveyResponses.read(
            url, displayName: "fuzz.lsr", structure: structure,
            file: ImportFile(url: url, displayName: "fuzz.lsr"), into: session)
    }
    return 0
}
