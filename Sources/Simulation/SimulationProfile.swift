import DraagvlakCore
public import Foundation
import Yams

/// How simulated residents answer: who takes part, and per statement how much residents
/// agree and how groups differ (see `examples/*/simulation.yaml`). Statements the profile
/// leaves out get effects drawn from the seed.
public struct SimulationProfile: Sendable {
    /// Per demographic question, per category code: the share of respondents.
    public var respondents: [String: [String: Double]] = [:]
    /// Per statement: the baseline leaning (logit scale; 0 is an even split, +1 about 70% agree).
    public var base: [String: Double] = [:]
    /// Per statement, per demographic question, per category code: a shift on the same scale.
    public var effects: [String: [String: [String: Double]]] = [:]
    /// Per ranking/points option code: how much residents favour it.
    public var preferences: [String: Double] = [:]
    /// Open answers to draw from (10–20% of respondents write one).
    public var openAnswers: [String] = []
    /// Share of statements left unanswered.
    public var missing: Double = 0.04

    public init() {}

    public static func load(_ url: URL) throws -> SimulationProfile {
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
        profile.openAnswers = (root["openAnswers"] as? [String]) ?? []
        if let missing = numbers(["m": root["missing"] as Any])["m"] { profile.missing = missing }
        return profile
    }
}
