import ArgumentParser
import Consultation
import DraagvlakCore
import Foundation

extension Draagvlak {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the consultation's store holds.",
            discussion: "Example: draagvlak status -c raadpleging-2026")

        @OptionGroup var consultation: ConsultationOption

        func run() throws {
            let c = try consultation.open()
            let status = try c.status()
            print("Consultation: \(c.settings.name)")
            print("Survey: \(c.survey.id) v\(c.survey.version), \(Plural.count(c.survey.statements.count, "statement", "statements"))")
            print("Store: \(c.storeLocation)")
            print("Respondents: \(status.respondents) in \(Plural.count(status.batches.count, "batch", "batches"))")
            let waves = status.waves
            if waves != [Wave.single] && !waves.isEmpty {
                let counts = waves.map { wave in
                    "\(wave.isEmpty ? "(unnamed)" : wave) (\(status.batches.filter { $0.wave == wave }.map(\.added).reduce(0, +)))"
                }
                print("Waves: \(counts.joined(separator: ", ")) (the vision is of the latest)")
            }
            guard !status.batches.isEmpty else { return }
            print("")
            let named = waves != [Wave.single]
            let rows = status.batches.map { b in
                ["\(b.id)"] + (named ? [b.wave] : []) + [
                    b.file, b.format, b.importedAt, "\(b.added)", "\(b.repeated)", String(b.digest.prefix(12)),
                ]
            }
            printTable(["batch"] + (named ? ["wave"] : []) + ["file", "format", "imported at", "added", "repeated", "sha256"], rows)
        }
    }
}

/// Prints rows as aligned columns.
func printTable(_ header: [String], _ rows: [[String]]) {
    let all = [header] + rows
    let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
    for row in all {
        print(
            row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
}
