import DraagvlakCore
import Foundation
import Testing

@testable import ExternalImporter

/// A plugin written on the fly as a shell script in a fresh folder.
func plugin(_ name: String, _ script: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-plugins-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("draagvlak-import-\(name)")
    try ("#!/bin/sh\n" + script).write(to: url, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    return url
}

func session() -> (ImportSession, () -> [Response]) {
    let survey = Survey(
        id: "t", title: LocalizedText("T"), themes: [Theme(id: "th", title: LocalizedText("Th"))],
        statements: [Statement(id: "S1", theme: "th", text: LocalizedText("S1"))])
    final class Box: @unchecked Sendable { var responses: [Response] = [] }
    let box = Box()
    let s = ImportSession(survey: survey, file: "in.txt", pseudonymise: { $0 }, accept: { box.responses.append($0) })
    return (s, { box.responses })
}

let input = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-plugin-input.txt")

@Suite struct ExternalImporterTests {
    init() throws { try "whatever".write(to: input, atomically: true, encoding: .utf8) }

    @Test func aWellBehavedPluginStreamsRecords() throws {
        let url = try plugin(
            "good",
            """
            read request
            case "$request" in *'"detect"'*) echo '{"protocol":1,"confidence":0.8,"reason":"mine"}'; exit 0;; esac
            echo '{"protocol":1,"type":"header","columns":["respondent","S1"],"line":1}'
            echo '{"protocol":1,"type":"record","line":2,"fields":["a",5]}'
            echo '{"protocol":1,"type":"record","line":3,"fields":["b","2"]}'
            echo '{"protocol":1,"type":"note","message":"two rows"}'
            echo '{"protocol":1,"type":"end","records":2}'
            """)
        let importer = ExternalImporter(executable: url)
        #expect(importer.format == "good")
        let match = importer.identify(FileSample(url: input, head: Array("whatever".utf8)))
        #expect(match.confidence == 0.8 && match.reason == "mine")
        let (s, responses) = session()
        try importer.read(ImportFile(url: input, displayName: "in.txt"), into: s)
        #expect(!s.hasProblems)
        #expect(responses().map { $0.statements[0] } == [5, 2])
        #expect(responses().map(\.source.line) == [2, 3])
        #expect(s.notes.contains("plugin good: two rows"))
    }

    @Test func aCrashIsAClearError() throws {
        let url = try plugin(
            "crash",
            """
            read request
            echo '{"protocol":1,"type":"header","columns":["respondent","S1"],"line":1}'
            echo 'cannot parse row 7' >&2
            exit 3
            """)
        let (s, _) = session()
        #expect {
            try ExternalImporter(executable: url).read(ImportFile(url: input, displayName: "in.txt"), into: s)
        } throws: { "\($0)".contains("plugin crash exited with status 3; nothing was stored. It said: cannot parse row 7") }
    }

    @Test func aHangIsStoppedAfterTheTimeout() throws {
        let url = try plugin("hang", "read request\necho '{\"protocol\":1,\"type\":\"header\",\"columns\":[\"S1\"]}'\nexec sleep 60\n")
        let (s, _) = session()
        let start = Date()
        #expect {
            try ExternalImporter(executable: url, timeout: 2).read(ImportFile(url: input, displayName: "in.txt"), into: s)
        } throws: { "\($0)".contains("plugin hang gave no output for 2 seconds and was stopped; nothing was stored") }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func invalidJSONNamesTheOutputLine() throws {
        let url = try plugin(
            "noise",
            """
            read request
            echo '{"protocol":1,"type":"header","columns":["S1"],"line":1}'
            echo 'hello there'
            """)
        let (s, _) = session()
        #expect {
            try ExternalImporter(executable: url).read(ImportFile(url: input, displayName: "in.txt"), into: s)
        } throws: { "\($0)".contains("plugin noise wrote invalid JSON on output line 2: hello there") }
    }

    @Test func anotherProtocolVersionIsRefused() throws {
        let url = try plugin("future", "read request\necho '{\"protocol\":2,\"type\":\"end\"}'\n")
        let (s, _) = session()
        #expect {
            try ExternalImporter(executable: url).read(ImportFile(url: input, displayName: "in.txt"), into: s)
        } throws: { "\($0)".contains("speaks protocol 2; this Draagvlak speaks 1") }
    }

    @Test func pluginsAreFoundInFoldersAndOnThePath() throws {
        let url = try plugin("found", "exit 0\n")
        let found = ExternalImporter.discover(in: [url.deletingLastPathComponent()], environment: ["PATH": "/nonexistent"])
        #expect(found.map(\.format) == ["found"])
    }
}

@Suite struct ExternalPluginPipeTests {
    @Test func aPluginThatDoesNotReadItsInputCannotKillUs() throws {
        // The detect request carries up to 64 KiB of the file (base64): more than a pipe holds.
        let url = try plugin("deaf", "exit 0\n")
        let match = ExternalImporter(executable: url).identify(FileSample(url: input, head: Array(repeating: 65, count: 65_536)))
        #expect(match.confidence == 0)
        #expect(match.reason.contains("plugin deaf"))
    }
}
