import Foundation
import Testing

@testable import Definitions

/// The built `draagvlak` executable: `DRAAGVLAK_BINARY` when set (to try an installed copy), else
/// the one `swift test` builds beside the test bundle (it builds every product first).
let builtDraagvlak: (url: URL?, searched: [String]) = { () -> (url: URL?, searched: [String]) in
    if let path = ProcessInfo.processInfo.environment["DRAAGVLAK_BINARY"], !path.isEmpty {
        let url = URL(fileURLWithPath: path)
        return (FileManager.default.isExecutableFile(atPath: url.path) ? url : nil, [path])
    }
    let candidates: [URL] =
        [Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("draagvlak")]
        + [".build/debug/draagvlak", ".build/x86_64-unknown-linux-gnu/debug/draagvlak", ".build/aarch64-unknown-linux-gnu/debug/draagvlak"]
        .map { repositoryRoot.appendingPathComponent($0) }
    return (candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, candidates.map(\.path))
}()

/// Runs `draagvlak arguments` in `folder`; its exit status and its output and errors together.
func draagvlak(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
    let binary = try #require(
        builtDraagvlak.url,
        """
        no built draagvlak executable (looked for \(builtDraagvlak.searched.joined(separator: ", "))): \
        `swift test` builds it; after `swift build --build-tests` run `swift build` too, or set DRAAGVLAK_BINARY
        """)
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["DRAAGVLAK_STORE"] = nil
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// The tool as installed: run from a folder outside the checkout, it finds the shipped survey
/// and scenario set built in (`--survey toekomstvisie`, `scenarios: sociaal-domein`).
@Suite struct InstalledToolTests {
    @Test func theToolWorksOutsideTheRepository() throws {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("draagvlak-installed-\(UUID().uuidString)").standardizedFileURL
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        #expect(!work.path.hasPrefix(repositoryRoot.standardizedFileURL.path + "/"), "the scratch folder lies outside the checkout")

        let created = try draagvlak(["init", "c", "--survey", "toekomstvisie", "--name", "X"], in: work)
        try #require(created.status == 0, "draagvlak init c --survey toekomstvisie --name X:\n\(created.output)")
        #expect(created.output.contains("Created consultation 'X' in c"), "\(created.output)")
        let copied = try String(contentsOf: work.appendingPathComponent("c/survey.yaml"), encoding: .utf8)
        #expect(copied == BuiltIn.surveyText(named: "toekomstvisie"), "init copies the built-in survey into the folder")
        // The built-in scenario set, by name.
        let settings = work.appendingPathComponent("c/consultation.yaml")
        try (String(contentsOf: settings, encoding: .utf8) + "scenarios: sociaal-domein\n").write(
            to: settings, atomically: true, encoding: .utf8)

        let simulated = try draagvlak(
            ["simulate", "--survey", "toekomstvisie", "--respondents", "50", "--seed", "1", "--output", "r.csv"], in: work)
        try #require(simulated.status == 0, "draagvlak simulate --survey toekomstvisie …:\n\(simulated.output)")
        try fm.createDirectory(at: work.appendingPathComponent("c/responses"), withIntermediateDirectories: true)
        try fm.copyItem(at: work.appendingPathComponent("r.csv"), to: work.appendingPathComponent("c/responses/r.csv"))

        let run = try draagvlak(["run", "c"], in: work)
        try #require(run.status == 0, "draagvlak run c:\n\(run.output)")
        #expect(run.output.contains("50 respondents added"), "\(run.output)")
        #expect(run.output.contains("Vision of 50 respondents"), "\(run.output)")
        #expect(fm.fileExists(atPath: work.appendingPathComponent("c/output/vision.md").path))

        let unknown = try draagvlak(["init", "d", "--survey", "geen-enquete"], in: work)
        #expect(unknown.status == 2, "an unknown survey is bad input:\n\(unknown.output)")
        #expect(unknown.output.contains("built in: toekomstvisie"), "the error lists the built-in surveys:\n\(unknown.output)")
        #expect(!fm.fileExists(atPath: work.appendingPathComponent("d").path))
    }
}
