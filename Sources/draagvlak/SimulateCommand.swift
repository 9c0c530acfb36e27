import ArgumentParser
import Definitions
import DraagvlakCore
import Foundation
import Simulation

extension Draagvlak {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write simulated responses to a survey as a CSV export (seeded, reproducible).",
            discussion: """
                Respondents get districts, age bands and other categories by the profile's shares, and
                answer each statement by the profile's baseline and group differences plus personal
                leaning and noise (see Sources/Simulation/Simulator.swift). Same seed, same file.
                --survey takes the name of a built-in survey (\(BuiltIn.surveyNames.joined(separator: ", "))) or a survey file.
                A profile's 'waves:' shift how residents answer in a later wave (--wave).
                Example: draagvlak simulate --survey toekomstvisie --profile examples/dijkwaard/simulation.yaml \\
                           --respondents 2000 --seed 1 --output online.csv
                """)

        @Option(help: "A built-in survey (\(BuiltIn.surveyNames.joined(separator: ", "))) or a survey definition file (YAML).")
        var survey: String = "toekomstvisie"

        @Option(help: "A simulation profile (YAML); without one, group differences are drawn from the seed.")
        var profile: String?

        @Option(help: "How many respondents.")
        var respondents: Int = 1000

        @Option(help: "The random seed.")
        var seed: UInt64 = 1

        @Option(name: .shortAndLong, help: "The CSV file to write.")
        var output: String

        @Option(help: "Field delimiter: comma, semicolon or tab.")
        var delimiter: String = "comma"

        @Flag(help: "Start the file with a UTF-8 byte-order mark, as Excel does.")
        var bom = false

        @Flag(help: "End lines with CRLF, as Windows tools do.")
        var crlf = false

        @Option(help: "Prefix of respondent ids.")
        var idPrefix: String = "R"

        @Option(help: "Number of the first respondent id.")
        var firstId: Int = 1

        @Flag(help: "Only demographics and statements (no ranking, points or open questions).")
        var statementsOnly = false

        @Option(help: "A wave the profile names under 'waves:': residents answer with its shifts added.")
        var wave: String?

        @Option(help: "The first day answers are submitted on, YYYY-MM-DD (they spread over 28 days; default 2026-03-01).")
        var start: String?

        @Option(help: "The seed of the statements' model (default: --seed); an earlier wave's seed keeps its residents' model.")
        var modelSeed: UInt64?

        func validate() throws {
            guard respondents > 0 else { throw ValidationError("--respondents must be at least 1") }
            guard ["comma", "semicolon", "tab"].contains(delimiter) else {
                throw ValidationError("--delimiter must be comma, semicolon or tab")
            }
        }

        func run() throws {
            let definition = try SurveyLoader.load(BuiltIn.survey(survey))
            var profile = try self.profile.map { try SimulationProfile.load(URL(fileURLWithPath: $0)) } ?? SimulationProfile()
            if let wave { profile = try profile.inWave(wave) }
            var options = Simulator.Options(respondents: respondents)
            options.delimiter = ["comma": ",", "semicolon": ";", "tab": "\t"][delimiter]!
            options.byteOrderMark = bom
            options.crlf = crlf
            options.idPrefix = idPrefix
            options.firstID = firstId
            options.otherQuestions = !statementsOnly
            if let start {
                let day = DateFormatter()
                (day.dateFormat, day.timeZone, day.locale) = ("yyyy-MM-dd", TimeZone(identifier: "UTC"), Locale(identifier: "en_US_POSIX"))
                guard let date = day.date(from: start) else { throw ValidationError("--start \(start): expected a day as YYYY-MM-DD") }
                options.start = date
            }
            var simulator = Simulator(survey: definition, profile: profile, seed: seed)
            simulator.modelSeed = modelSeed ?? seed
            try simulator.write(options, to: URL(fileURLWithPath: output))
            print("Wrote \(Plural.count(respondents, "simulated response", "simulated responses")) to \(output) (seed \(seed))")
        }
    }
}
