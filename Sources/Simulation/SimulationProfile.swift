import DraagvlakCore
package import Foundation
import Yams

/// How simulated residents answer: who takes part, and per statement how much residents
/// agree and how groups differ (see `examples/*/simulation.yaml`). Statements the profile
/// leaves out get effects drawn from the seed.
package struct SimulationProfile: Sendable {
    /// Per demographic question, per category code: the share of respondents.
    package var respondents: [String: [String: Double]] = [:]
    /// Per statement: the baseline leaning (logit scale; 0 is an even split, +1 about 70% agree).
    package var base: [String: Double] = [:]
    /// Per statement, per demographic question, per category code: a shift on the same scale.
    package var effects: [String: [String: [String: Double]]] = [:]
    /// Per ranking/points option code: how much residents favour it.
    package var preferences: [String: Double] = [:]
    /// Open answers to draw from (about 15% of respondents write one). `{a|b}` in a text picks
    /// one alternative per respondent.
    package var openAnswers: [OpenAnswer] = []
    /// Share of statements left unanswered.
    package var missing: Double = 0.04
    /// Per wave (`waves:` in the profile): per statement, how residents answer differently in
    /// that wave — a shift of the base and of group effects, added to the profile's own.
    package var waves: [String: [String: Shift]] = [:]

    /// A statement's change in one wave, on the profile's logit scale.
    package struct Shift: Sendable {
        package var base: Double = 0
        /// Per demographic question, per category code.
        package var effects: [String: [String: Double]] = [:]
    }

    package init() {}

    /// The profile as residents answer in `wave`: its shifts added. Throws when the profile
    /// names no such wave.
    package func inWave(_ wave: String) throws -> SimulationProfile {
        guard let shifts = waves[wave] else {
            let known = waves.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw InputError("wave '\(wave)': the profile has no shifts for it (waves: \(known.isEmpty ? "none" : known))")
        }
        var profile = self
        for (statement, shift) in shifts {
            profile.base[statement, default: 0] += shift.base
            for (dimension, categories) in shift.effects {
                for (category, value) in categories {
                    profile.effects[statement, default: [:]][dimension, default: [:]][category, default: 0] += value
                }
            }
        }
        return profile
    }

    package static func load(_ url: URL) throws -> SimulationProfile {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw InputError("\(url.path): cannot read the simulation profile")
        }
        let any: Any?
        do { any = try Yams.load(yaml: text) } catch { throw InputError("\(url.path): not valid YAML: \(error)") }
        guard let root = any as? [String: Any] else { throw InputError("\(url.path): expected a mapping") }
        var profile = SimulationProfile()
        func numbers(_ value: Any?) -> [String: Double] {
            ((value as? [String: Any]) ?? [:]).compactMapValues { ($0 as? Double) ?? ($0 as? Int).map(Double.init) }
        }
        if let respondents = root["respondents"] as? [String: Any] {
            for (dimension, shares) in respondents { profile.respondents[dimension] = numbers(shares) }
        }
        if let statements = root["statements"] as? [String: Any] {
            for (id, value) in statements {
                guard let entry = value as? [String: Any] else { continue }
                if let base = numbers(["b": entry["base"] as Any])["b"] { profile.base[id] = base }
                for (dimension, shifts) in entry where dimension != "base" {
                    profile.effects[id, default: [:]][dimension] = numbers(shifts)
                }
            }
        }
        profile.preferences = numbers(root["preferences"])
        profile.openAnswers = ((root["openAnswers"] as? [Any]) ?? []).compactMap { entry in
            if let text = entry as? String { return OpenAnswer(text: text) }
            guard let map = entry as? [String: Any], let text = map["text"] as? String else { return nil }
            let favours = ((map["from"] as? [String: Any]) ?? [:]).compactMapValues { $0 as? String }
            return OpenAnswer(text: text, from: favours)
        }
        if let missing = numbers(["m": root["missing"] as Any])["m"] { profile.missing = missing }
        for (wave, value) in (root["waves"] as? [String: Any]) ?? [:] {
            guard let statements = value as? [String: Any] else {
                throw InputError("\(url.path): waves.\(wave): expected a mapping of statements")
            }
            for (id, entry) in statements {
                guard let entry = entry as? [String: Any] else { throw InputError("\(url.path): waves.\(wave).\(id): expected a mapping") }
                var shift = Shift()
                shift.base = numbers(["b": entry["base"] as Any])["b"] ?? 0
                for (dimension, shifts) in entry where dimension != "base" { shift.effects[dimension] = numbers(shifts) }
                profile.waves[wave, default: [:]][id] = shift
            }
        }
        return profile
    }
}

/// A simulated open answer: a text template, and the groups (demographic question id →
/// category code) that write it four times as often as others.
package struct OpenAnswer: Sendable {
    package var text: String
    package var from: [String: String]

    package init(text: String, from: [String: String] = [:]) {
        self.text = text
        self.from = from
    }
}
