package import Decisions
import Definitions
import Documents
package import DraagvlakCore
package import Foundation
package import Maps
import Reports
package import Vision

/// The formats a document (the vision, a decision report) can be written in.
package enum DocumentFormat: String, Sendable, CaseIterable {
    case markdown
    case json
    case html

    package var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .json: "json"
        case .html: "html"
        }
    }
}

/// Testing decisions against the consultation's vision (docs/METHOD.md §8), once for the CLI's
/// `test` and `run` and the officers' pages: reading decision files, assessing them in the
/// consultation's scenarios with its verdict threshold, and writing their reports.
extension Consultation {
    /// Every decision in the named files and folders (a folder: its `*.yaml` files in name
    /// order), checked against the survey and scenario set. When any file has problems, all of
    /// them are reported and nothing is returned; no decision at all is bad input too.
    package func decisions(in paths: [String]) throws -> [Decision] {
        var all: [Decision] = []
        var problems: [InputError] = []
        for file in try Self.decisionFiles(paths) {
            do {
                all += try DecisionLoader.load(file, survey: survey, scenarios: scenarios, displayName: file.relativePath)
            } catch let error as InputError {
                problems.append(error)
            }
        }
        var first: [String: Decision] = [:]
        var clashes: [Problem] = []
        for d in all {
            if let earlier = first[d.id] {
                let elsewhere = earlier.source.map { " (also in \($0))" } ?? ""
                clashes.append(
                    Problem(
                        d.source ?? SourceLocation(file: "?"), .field("id"),
                        "decision id '\(d.id)' is used in more than one file\(elsewhere)"))
            } else {
                first[d.id] = d
            }
        }
        if !clashes.isEmpty { problems.append(InputError("the decision ids clash", problems: clashes)) }
        if !problems.isEmpty { throw InputError(problems.map(\.description).joined(separator: "\n")) }
        if all.isEmpty {
            throw InputError(
                "\(paths.joined(separator: ", ")): no decisions found (a decision file needs 'title' and 'options', or a 'decisions' list)")
        }
        return all
    }

    /// The decisions in a YAML text (an upload or a form), checked like a file named `file`.
    package func decisions(yaml: String, file: String) throws -> [Decision] {
        try DecisionLoader.parse(yaml, file: file, survey: survey, scenarios: scenarios)
    }

    /// Assesses `decisions` against `vision` (by default the consultation's own), in its
    /// scenarios, with its verdict threshold (`thresholds.fit`), `draws` posterior draws (0 skips
    /// the certainty estimate) and their `seed`.
    package func assess(_ decisions: [Decision], against vision: Vision? = nil, draws: Int = 10_000, seed: UInt64 = 2040) throws
        -> [Assessment]
    {
        let tester = DecisionTester(vision: try vision ?? self.vision(), scenarios: scenarios?.scenarios ?? [], draws: draws, seed: seed)
        return decisions.map(tester.assess)
    }

    /// The decision files named, with folders expanded to their YAML files in name order.
    static func decisionFiles(_ paths: [String]) throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw InputError("\(path): no such file or folder")
            }
            if isFolder.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter {
                    $0.hasSuffix(".yaml") || $0.hasSuffix(".yml")
                }.sorted()
                files += names.map { URL(fileURLWithPath: "\(path)/\($0)", relativeTo: nil) }
            } else {
                files.append(URL(fileURLWithPath: path))
            }
        }
        return files
    }
}

/// The reports of assessed decisions in one language: one per decision, and with several an
/// overview linking to them (`overzicht.*`), as text or written into a folder.
package struct DecisionReports: Sendable {
    package var assessments: [Assessment]
    /// The vision's survey, which also names the opinion groups.
    package var survey: Survey
    package var language: Language
    /// Maps of demographic dimensions, to draw the groups an option burdens.
    package var maps: [String: PreparedMap]

    package init(_ assessments: [Assessment], survey: Survey, language: Language, maps: [String: PreparedMap] = [:]) {
        self.assessments = assessments
        self.survey = survey
        self.language = language
        self.maps = maps
    }

    var report: DecisionReport { DecisionReport(language: language, maps: maps) }

    /// Whether every decision's preferred option fits the vision.
    package var allFit: Bool {
        !assessments.contains { $0.preferred?.verdict != .fits }
    }

    /// All reports as one text: Markdown reports after an overview, one HTML page (a single
    /// report, or the overview of several), or the JSON contract.
    package func text(_ format: DocumentFormat) throws -> String {
        switch format {
        case .json:
            return String(decoding: try report.json(assessments, survey: survey), as: UTF8.self)
        case .markdown:
            var parts =
                assessments.count > 1
                ? [MarkdownRenderer.render(report.overview(assessments, survey: survey, title: nil, link: { _ in nil }))] : []
            parts += assessments.map { report.markdown($0, survey: survey) }
            return parts.joined(separator: "\n---\n\n")
        case .html:
            return assessments.count == 1
                ? report.html(assessments[0], survey: survey)
                : HTMLRenderer.render(report.overview(assessments, survey: survey, title: nil, link: { _ in nil }))
        }
    }

    /// Writes each decision's report in `formats` into `folder` (as `<id>.md|html|json`), and with
    /// several decisions an overview (`overzicht.*`) linking to them. Returns a line per file.
    package func write(to folder: String, formats: [DocumentFormat]) throws -> [String] {
        var lines: [String] = []
        for a in assessments {
            var paths: [String] = []
            for format in formats {
                let path = "\(folder)/\(a.decision.id).\(format.fileExtension)"
                switch format {
                case .markdown: try Self.write(report.markdown(a, survey: survey), to: path)
                case .html: try Self.write(report.html(a, survey: survey), to: path)
                case .json: try Self.write(String(decoding: try report.json([a], survey: survey), as: UTF8.self), to: path)
                }
                paths.append(path)
            }
            let verdict = a.preferred?.verdict.rawValue ?? "-"
            let robustness = a.preferred?.robustness.map { ", \($0.rawValue)" } ?? ""
            lines.append(
                "Decision \(a.decision.id): preferred option '\(a.decision.preferred)' \(verdict)\(robustness) → \(Self.describe(paths))")
        }
        if assessments.count > 1 {
            var paths: [String] = []
            for format in formats {
                let path = "\(folder)/overzicht.\(format.fileExtension)"
                switch format {
                case .markdown:
                    try Self.write(
                        MarkdownRenderer.render(report.overview(assessments, survey: survey, title: nil, link: { "\($0).md" })), to: path)
                case .html:
                    try Self.write(
                        HTMLRenderer.render(report.overview(assessments, survey: survey, title: nil, link: { "\($0).html" })), to: path)
                case .json: try Self.write(String(decoding: try report.json(assessments, survey: survey), as: UTF8.self), to: path)
                }
                paths.append(path)
            }
            lines.append("Overview of \(assessments.count) decisions → \(Self.describe(paths))")
        }
        return lines
    }

    /// Writes text to a file, creating its folder.
    package static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// "dir/name.{md,html,json}" for one file in several formats.
    static func describe(_ paths: [String]) -> String {
        guard paths.count > 1, let first = paths.first, let dot = first.lastIndex(of: ".") else { return paths.first ?? "" }
        return String(first[..<dot]) + ".{" + paths.compactMap { $0.split(separator: ".").last.map(String.init) }.joined(separator: ",")
            + "}"
    }
}
