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

    package init() {}

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
