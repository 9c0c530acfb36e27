package import DraagvlakCore
package import Foundation

/// Writes simulated survey responses as a CSV export, for examples, tests and benchmarks.
///
/// The model: each respondent has a category per demographic question (drawn from the
/// profile's shares) and a personal leaning; each statement's answer is an ordinal draw from
/// base + group shifts + leaning × loading + logistic noise, cut into the scale's points.
/// The same survey, profile and seed always give the same file.
package struct Simulator {
    package var survey: Survey
    package var profile: SimulationProfile
    package var seed: UInt64
    /// The seed of the statements' model (the leaning's loading and the group shifts the profile
    /// leaves out); by default `seed`. A later wave gives the earlier wave's, so residents
    /// differ between the two only by the sample and the profile's shifts for the wave.
    package var modelSeed: UInt64

    package init(survey: Survey, profile: SimulationProfile = SimulationProfile(), seed: UInt64) {
        self.survey = survey
        self.profile = profile
        self.seed = seed
        self.modelSeed = seed
    }

    /// The layout of the file written.
    package struct Options: Sendable {
        package var respondents: Int
        package var delimiter: Character = ","
        package var byteOrderMark = false
        package var crlf = false
        /// Respondent ids are `idPrefix` + a number from `firstID`.
        package var idPrefix = "R"
        package var firstID = 1
        /// Write ranking, point-allocation and open questions too.
        package var otherQuestions = true
        /// The first day answers are submitted on; they spread over the 28 days from it.
        package var start = Date(timeIntervalSince1970: 1_772_352_000)  // 2026-03-01

        package init(respondents: Int) {
            self.respondents = respondents
        }
    }

    struct StatementModel {
        var base: Double
        var loading: Double
        /// Per demographic question, per category index.
        var shifts: [[Double]]
    }

    func models() -> [StatementModel] {
        var random = SeededGenerator(seed: modelSeed ^ 0x5EED_0F_57A7)
        return survey.statements.map { statement in
            let drawnBase = 0.9 + random.normal() * 0.9
            let loading = random.normal() * 0.7
            let shifts = survey.demographics.map { question in
                question.categories.map { category in
                    profile.effects[statement.id]?[question.id]?[category.code] ?? random.normal() * 0.15
                }
            }
            return StatementModel(base: profile.base[statement.id] ?? drawnBase, loading: loading, shifts: shifts)
        }
    }

    static func cuts(_ scale: Scale) -> [Double] {
        switch scale {
        case .likert5: [-2.0, -0.8, 0.6, 1.8]
        case .likert7: [-2.4, -1.4, -0.6, 0.6, 1.4, 2.4]
        case .vote: [-0.3, 0.3]
        }
    }

    package func write(_ options: Options, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: url.path)
        else { throw InputError("\(url.path): cannot write the file") }
        defer { try? handle.close() }
        let models = models()
        var random = SeededGenerator(seed: seed)
        let delimiter = String(options.delimiter)
        let newline = options.crlf ? "\r\n" : "\n"
        let others = options.otherQuestions ? survey.questions : []

        var header = ["respondent", "submitted_at"] + survey.demographics.map(\.id) + survey.statements.map(\.id)
        header += others.flatMap(\.tabularColumns)
        var buffer = options.byteOrderMark ? "\u{FEFF}" : ""
        buffer += header.map { quote($0, delimiter) }.joined(separator: delimiter) + newline
        let shares = survey.demographics.map { question in
            question.categories.map { profile.respondents[question.id]?[$0.code] ?? 1 }
        }
        let start = options.start
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Amsterdam")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"

        for r in 0..<options.respondents {
            var row: [String] = ["\(options.idPrefix)\(options.firstID + r)"]
            row.append(formatter.string(from: start.addingTimeInterval(random.uniform() * 28 * 86_400)))
            var categories: [Int?] = []
            for (d, question) in survey.demographics.enumerated() {
                let c = random.uniform() < 0.02 ? nil : random.pick(shares[d])
                categories.append(c)
                row.append(c.map { question.categories[$0].code } ?? "")
            }
            let leaning = random.normal()
            for (s, statement) in survey.statements.enumerated() {
                if random.uniform() < profile.missing {
                    row.append("")
                    continue
                }
                let model = models[s]
                var z = model.base + model.loading * leaning + random.logistic()
                for (d, c) in categories.enumerated() { if let c { z += model.shifts[d][c] } }
                let steps = Self.cuts(statement.scale).filter { $0 < z }.count
                row.append(String(statement.scale.values.lowerBound + steps))
            }
            for q in others { row += answer(q, &random, categories: categories) }
            buffer += row.map { quote($0, delimiter) }.joined(separator: delimiter) + newline
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    private func answer(_ q: Question, _ random: inout SeededGenerator, categories: [Int?]) -> [String] {
        let noise = q.options.map { _ in random.normal() * 0.8 }
        let utilities = Dictionary(
            uniqueKeysWithValues: zip(q.options.map(\.code), noise).map { ($0, (profile.preferences[$0] ?? 0) + $1) })
        let utility = { (code: String) in utilities[code] ?? 0 }
        switch q.kind {
        case .ranking:
            if random.uniform() < 0.1 { return [""] }
            return [q.options.map { ($0.code, utility($0.code)) }.sorted { $0.1 > $1.1 }.map(\.0).joined(separator: ";")]
        case .points:
            if random.uniform() < 0.1 { return q.options.map { _ in "" } }
            let total = q.total ?? 100
            let weights = q.options.map { exp(utility($0.code)) }
            let sum = weights.reduce(0, +)
            var points = weights.map { Int((Double(total) * $0 / sum).rounded(.down)) }
            points[points.indices.max { weights[$0] < weights[$1] }!] += total - points.reduce(0, +)
            return points.map(String.init)
        case .open:
            guard !profile.openAnswers.isEmpty, random.uniform() < 0.15 else { return [""] }
            let weights = profile.openAnswers.map { answer in
                answer.from.allSatisfy { dimension, code in
                    guard let d = survey.demographics.firstIndex(where: { $0.id == dimension }), let c = categories[d] else { return false }
                    return survey.demographics[d].categories[c].code == code
                } && !answer.from.isEmpty ? 4.0 : 1.0
            }
            return [expand(profile.openAnswers[random.pick(weights)].text, &random)]
        case .choice:
            return [q.options[random.pick(q.options.map { exp(profile.preferences[$0.code] ?? 0) })].code]
        case .multipleChoice:
            return q.options.map { _ in random.uniform() < 0.4 ? "1" : "0" }
        }
    }

    /// Picks one alternative of every `{a|b|c}` in an open-answer template, so simulated
    /// residents do not all write the same sentence. Alternatives do not nest.
    func expand(_ template: String, _ random: inout SeededGenerator) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let options = rest[rest.index(after: open)..<close].split(separator: "|", omittingEmptySubsequences: false)
            out += options[random.pick(options.map { _ in 1 })]
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    private func quote(_ field: String, _ delimiter: String) -> String {
        guard field.contains(delimiter) || field.contains("\"") || field.contains("\n") || field.contains("\r") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
