import ArgumentParser
import Consultation
import DraagvlakCore
import Foundation

extension Draagvlak {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import survey exports into the consultation's store.",
            discussion: """
                Each file is imported whole or not at all: when a record is bad, the file is rejected
                with every problem listed as file:line: column 'X': what is wrong, and nothing is stored.
                Importing the same file again, or respondents already stored, adds nothing. Each file's
                format is detected (every plugin answers with a confidence; the import says which it chose
                and why); --format overrides. A folder is read for every file in it (e.g. ODK submission
                instances). External plugins (draagvlak-import-NAME, see docs/PLUGINS.md) in the
                consultation's plugins/ folder or on the PATH take part too.
                Formats: \(Consultation.formats.map { "\($0.format) (\($0.summary))" }.joined(separator: "; ")).
                A consultation that asks more than once keeps each round as a wave: --wave names it (e.g.
                the year); the vision is of the latest wave unless 'vision --wave' says otherwise.
                Example: draagvlak import -c raadpleging-2026 online.csv papier.csv
                         draagvlak import -c stadspeiling --wave 2028 peiling-2028.csv
                         draagvlak import -c raadpleging-2026 survey_123456.lsa
                         draagvlak import -c raadpleging-2026 --format qualtrics export.csv
                """)

        @OptionGroup var consultation: ConsultationOption

        @Argument(help: "Export files (or folders of them) to import.")
        var files: [String]

        @Option(help: "The format, when detection should not decide (e.g. csv).")
        var format: String?

        @Option(help: "A YAML file mapping column headers to question ids.")
        var mapping: String?

        @Option(help: "The wave (round of asking) the files belong to, e.g. 2028 (default: consultation.yaml's wave:, if any).")
        var wave: String?

        func validate() throws {
            if let wave, let problem = Wave.problem(wave) { throw ValidationError("--wave: \(problem)") }
        }

        func run() throws {
            let c = try consultation.open()
            // The option is the edge's to check, so its error can name it.
            let known = c.importers.map(\.format)
            if let format, !known.contains(format.lowercased()) {
                throw InputError("--format \(format): unknown format (known: \(known.joined(separator: ", ")))")
            }
            var failures: [InputError] = []
            var paths: [String] = []
            for path in files {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                    let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
                    paths += names.map { "\(path)/\($0)" }
                } else {
                    paths.append(path)
                }
            }
            for file in paths {
                do {
                    let report = try c.importFile(
                        URL(fileURLWithPath: file), format: format, mapping: mapping.map { URL(fileURLWithPath: $0) },
                        wave: wave, progress: Progress.forTerminal(file))
                    Progress.clear()
                    print(Self.describe(report))
                } catch let error as InputError {
                    Progress.clear()
                    failures.append(error)
                    printError(error.description)
                }
            }
            if !failures.isEmpty { throw ExitCode(2) }
        }

        static func describe(_ r: ImportReport) -> String {
            if let earlier = r.alreadyImported {
                return
                    "\(r.file): already imported on \(earlier.importedAt) (\(Plural.count(earlier.added, "respondent", "respondents"))); nothing added"
            }
            // A named format is one given with --format, here at the edge.
            var lines = [
                "\(r.file): \(r.format) (\(r.reason == "named" ? "given with --format" : r.reason)); \(Plural.count(r.records, "record", "records")), "
                    + "\(Plural.count(r.added, "respondent", "respondents")) added"
                    + (r.repeated > 0
                        ? ", \(r.repeated) already stored and left as \(Plural.form(r.repeated, "it was", "they were"))" : "")
            ]
            lines += r.notes.map { "  note: \($0)" }
            return lines.joined(separator: "\n")
        }
    }
}

/// Progress of a long import on standard error, only when that is a terminal.
enum Progress {
    nonisolated(unsafe) static var shown = false

    static func forTerminal(_ name: String) -> ((Int64, Int64) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { read, total in
            guard total > 4 << 20 else { return }
            shown = true
            let percent = total > 0 ? Int(Double(read) / Double(total) * 100) : 0
            FileHandle.standardError.write(Data("\r\(name): \(percent)% (\(read >> 20) of \(total >> 20) MB)".utf8))
        }
    }

    static func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
