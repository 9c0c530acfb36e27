import ArgumentParser
import Consultation
import Decisions
import Definitions
import DraagvlakCore
import Documents
import Foundation
import Vision

extension Draagvlak {
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Test decisions against the vision.",
            discussion: """
                Each decision file (YAML) has options with effects (−2…+2) on statements or themes,
                optionally per scenario and on groups, and signposts; a file may hold several decisions
                (e.g. a coalition agreement) and a folder is read for every *.yaml in it. Every option is
                assessed: alignment, conflicts, the groups it turns against, alignment in each scenario of
                the consultation's scenario set with maximin, minimax regret and satisficing, and how
                certain the verdict is (posterior draws with a stated seed). Several decisions also get an
                overview, robust options that fit first. Exit code 0 when every decision's preferred option
                fits the vision, 1 when one does not (conflicts, mixed or too little basis), 2 on bad input.
                Example: draagvlak test -c raadpleging-2026 besluiten/bibliotheek.yaml
                         draagvlak test -c raadpleging-2026 besluiten/ --format html --out rapporten/
                """)

        @OptionGroup var consultation: ConsultationOption

        @Argument(help: "Decision files or folders of them.")
        var decisions: [String]

        @Option(help: "Language of the report: nl or en (default: the consultation's).")
        var lang: Language?

        @Option(help: "markdown, html or json.")
        var format: DocumentFormat = .markdown

        @Option(help: "Write one report per decision (and an overview) into this folder instead of standard output.")
        var out: String?

        @Option(help: "Posterior draws for the certainty of each verdict (0 to skip).")
        var draws: Int = 10_000

        @Option(help: "Seed of the posterior draws; the same seed gives the same figures.")
        var seed: UInt64 = 2040

        func validate() throws {
            guard draws >= 0 else { throw ValidationError("--draws must be 0 or more") }
        }

        func run() throws {
            let c = try consultation.open()
            let all = try loadDecisions(decisions, consultation: c)
            let vision = try c.vision()
            let tester = DecisionTester(vision: vision, scenarios: c.scenarios?.scenarios ?? [], draws: draws, seed: seed)
            let assessments = all.map(tester.assess)
            let report = DecisionReport(language: lang ?? c.settings.language)
            // The vision's survey names the opinion groups too.
            let survey = vision.survey
            if let out {
                for line in try writeReports(assessments, report: report, survey: survey, to: out, formats: [format]) { print(line) }
            } else {
                switch format {
                case .json:
                    try emit(String(decoding: try report.json(assessments, survey: survey), as: UTF8.self), to: nil)
                case .markdown:
                    var parts = assessments.count > 1 ? [MarkdownRenderer.render(report.overview(assessments, title: nil, link: { _ in nil }))] : []
                    parts += assessments.map { report.markdown($0, survey: survey) }
                    try emit(parts.joined(separator: "\n---\n\n"), to: nil)
                case .html:
                    if assessments.count == 1 {
                        try emit(report.html(assessments[0], survey: survey), to: nil)
                    } else {
                        try emit(HTMLRenderer.render(report.overview(assessments, title: nil, link: { _ in nil })), to: nil)
                        FileHandle.standardError.write(Data("The reports per decision need --out FOLDER.\n".utf8))
                    }
                }
            }
            if assessments.contains(where: { $0.preferred?.verdict != .fits }) { throw ExitCode(1) }
        }
    }
}

/// Every decision in the named files and folders, checked against the survey and scenario set;
/// when any file has problems, all of them are reported and nothing is assessed.
func loadDecisions(_ paths: [String], consultation c: Consultation) throws -> [Decision] {
    var all: [Decision] = []
    var problems: [InputError] = []
    for file in try decisionFiles(paths) {
        do {
            all += try DecisionLoader.load(file, survey: c.survey, scenarios: c.scenarios, displayName: file.relativePath)
        } catch let error as InputError {
            problems.append(error)
        }
    }
    var first: [String: Decision] = [:]
    var clashes: [Problem] = []
    for d in all {
        if let earlier = first[d.id] {
            let elsewhere = earlier.source.map { " (also in \($0))" } ?? ""
            clashes.append(Problem(d.source ?? SourceLocation(file: "?"), .field("id"), "decision id '\(d.id)' is used in more than one file\(elsewhere)"))
        } else {
            first[d.id] = d
        }
    }
    if !clashes.isEmpty { problems.append(InputError("the decision ids clash", problems: clashes)) }
    if !problems.isEmpty { throw InputError(problems.map(\.description).joined(separator: "\n")) }
    if all.isEmpty { throw InputError("\(paths.joined(separator: ", ")): no decisions found (a decision file needs 'title' and 'options', or a 'decisions' list)") }
    return all
}

/// Writes each decision's report in `formats` into `folder` (as `<id>.md|html|json`), and with
/// several decisions an overview (`overzicht.*`) linking to them. Returns a line per file.
func writeReports(_ assessments: [Assessment], report: DecisionReport, survey: Survey, to folder: String, formats: [DocumentFormat]) throws -> [String] {
    var lines: [String] = []
    for a in assessments {
        var paths: [String] = []
        for format in formats {
            let path = "\(folder)/\(a.decision.id).\(format.fileExtension)"
            switch format {
            case .markdown: try emit(report.markdown(a, survey: survey), to: path)
            case .html: try emit(report.html(a, survey: survey), to: path)
            case .json: try emit(String(decoding: try report.json([a], survey: survey), as: UTF8.self), to: path)
            }
            paths.append(path)
        }
        let verdict = a.preferred?.verdict.rawValue ?? "-"
        let robustness = a.preferred?.robustness.map { ", \($0.rawValue)" } ?? ""
        lines.append("Decision \(a.decision.id): preferred option '\(a.decision.preferred)' \(verdict)\(robustness) → \(describe(paths))")
    }
    if assessments.count > 1 {
        var paths: [String] = []
        for format in formats {
            let path = "\(folder)/overzicht.\(format.fileExtension)"
            switch format {
            case .markdown: try emit(MarkdownRenderer.render(report.overview(assessments, title: nil, link: { "\($0).md" })), to: path)
            case .html: try emit(HTMLRenderer.render(report.overview(assessments, title: nil, link: { "\($0).html" })), to: path)
            case .json: try emit(String(decoding: try report.json(assessments, survey: survey), as: UTF8.self), to: path)
            }
            paths.append(path)
        }
        lines.append("Overview of \(assessments.count) decisions → \(describe(paths))")
    }
    return lines
}

/// "dir/name.{md,html,json}" for one file in several formats.
private func describe(_ paths: [String]) -> String {
    guard paths.count > 1, let first = paths.first, let dot = first.lastIndex(of: ".") else { return paths.first ?? "" }
    return String(first[..<dot]) + ".{" + paths.compactMap { $0.split(separator: ".").last.map(String.init) }.joined(separator: ",") + "}"
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
