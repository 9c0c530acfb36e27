import ArgumentParser
import Consultation
import Decisions
import Definitions
import DraagvlakCore
import Foundation
import Vision

extension Draagvlak {
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Test decisions against the vision.",
            discussion: """
                Each decision file (YAML) has options with effects (−2…+2) on statements or themes; a
                folder is read for every *.yaml in it. Exit code 0 when every decision's preferred option
                fits the vision, 1 when one does not (conflicts, mixed or too little basis), 2 on bad input.
                Example: draagvlak test -c raadpleging-2026 besluiten/bibliotheek.yaml
                         draagvlak test -c raadpleging-2026 besluiten/ --out rapporten/
                """)

        @OptionGroup var consultation: ConsultationOption

        @Argument(help: "Decision files or folders of them.")
        var decisions: [String]

        @Option(help: "Language of the report: nl or en (default: the consultation's).")
        var lang: Language?

        @Option(help: "markdown or json.")
        var format: DocumentFormat = .markdown

        @Option(help: "Write one report per decision into this folder instead of standard output.")
        var out: String?

        func run() throws {
            let c = try consultation.open()
            let files = try decisionFiles(decisions)
            var all: [Decision] = []
            var problems: [InputError] = []
            for file in files {
                do { all += try DecisionLoader.load(file, survey: c.survey, displayName: file.relativePath) } catch let error as InputError { problems.append(error) }
            }
            if !problems.isEmpty {
                throw InputError(problems.map(\.description).joined(separator: "\n"))
            }
            let tester = DecisionTester(vision: try c.vision())
            let assessments = all.map(tester.assess)
            let report = DecisionReport(language: lang ?? c.settings.language)
            if let out {
                for a in assessments {
                    let ext = format == .json ? "json" : "md"
                    let path = "\(out)/\(a.decision.id).\(ext)"
                    let text = format == .json ? String(decoding: try report.json([a]), as: UTF8.self) : report.markdown(a)
                    try emit(text, to: path)
                    print("\(a.decision.id): \(a.preferred?.verdict.rawValue ?? "-") → \(path)")
                }
            } else if format == .json {
                try emit(String(decoding: try report.json(assessments), as: UTF8.self), to: nil)
            } else {
                try emit(assessments.map(report.markdown).joined(separator: "\n---\n\n"), to: nil)
            }
            if assessments.contains(where: { $0.preferred?.verdict != .fits }) { throw ExitCode(1) }
        }
    }
}

/// The decision files named, with folders expanded to their YAML files in name order.
func decisionFiles(_ paths: [String]) throws -> [URL] {
    var files: [URL] = []
    for path in paths {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw InputError("\(path): no such file or folder")
        }
        if isFolder.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            files += names.map { URL(fileURLWithPath: "\(path)/\($0)", relativeTo: nil) }
        } else {
            files.append(URL(fileURLWithPath: path))
        }
    }
    return files
}
