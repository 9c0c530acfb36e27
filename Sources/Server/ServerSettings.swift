import Definitions
package import DraagvlakCore
package import Foundation

/// How `draagvlak serve` runs: from a YAML file (`serve.yaml` in the consultation folder, or
/// `--config`), then environment variables `DRAAGVLAK_…`, then command-line options, each
/// overriding the one before.
package struct ServerSettings: Sendable, Equatable {
    /// Who may answer: with an invitation code (one response per code), or anyone (open,
    /// rate limited per network).
    package enum Mode: String, Sendable, CaseIterable {
        case invitation
        case open
    }

    package var host = "127.0.0.1"
    package var port = 8080
    package var mode = Mode.invitation
    /// After closing, residents can no longer answer and read the published vision instead.
    package var closed = false
    /// Cookies only over HTTPS. Off only for local testing without TLS (a proxy normally
    /// terminates TLS in front of the server).
    package var secureCookies = true
    /// Largest upload (an export file) in bytes.
    package var maxUploadBytes = 256 << 20
    /// Largest form or JSON body in bytes.
    package var maxFormBytes = 256 << 10
    /// Open mode: answers accepted per network (IPv4 /24, IPv6 /48) per hour.
    package var openAnswersPerHour = 20
    /// How long an officer's session lasts without signing in again, in seconds.
    package var sessionSeconds = 8 * 3600
    /// Behind a reverse proxy: take the sender's address from the last `X-Forwarded-For` hop
    /// (the proxy's own), not from the connection (which is the proxy's).
    package var trustProxy = false
    /// Sign-in attempts per officer name, and per network, per hour.
    package var signInsPerHour = 20
    /// Wrong invitation codes one network may try in 10 minutes, and all networks together in a
    /// minute (so guessing from many addresses is slowed too); then 429 with Retry-After.
    package var wrongCodesPerNetwork = 10
    package var wrongCodesPerMinute = 100

    package init() {}

    /// Environment variables read, with the setting each overrides.
    package static let environmentKeys = [
        "DRAAGVLAK_HOST": "host", "DRAAGVLAK_PORT": "port", "DRAAGVLAK_MODE": "mode", "DRAAGVLAK_CLOSED": "closed",
        "DRAAGVLAK_SECURE_COOKIES": "secureCookies", "DRAAGVLAK_MAX_UPLOAD_MB": "maxUploadMB",
        "DRAAGVLAK_MAX_FORM_KB": "maxFormKB", "DRAAGVLAK_OPEN_ANSWERS_PER_HOUR": "openAnswersPerHour",
        "DRAAGVLAK_SESSION_HOURS": "sessionHours", "DRAAGVLAK_TRUST_PROXY": "trustProxy",
        "DRAAGVLAK_SIGN_INS_PER_HOUR": "signInsPerHour", "DRAAGVLAK_WRONG_CODES_PER_NETWORK": "wrongCodesPerNetwork",
        "DRAAGVLAK_WRONG_CODES_PER_MINUTE": "wrongCodesPerMinute",
    ]

    /// Settings from a YAML file (when given and present) and then the environment.
    package static func load(file: URL?, environment: [String: String]) throws -> ServerSettings {
        var settings = ServerSettings()
        var problems: [InputError] = []
        if let file, FileManager.default.fileExists(atPath: file.path) {
            let name = file.lastPathComponent
            for entry in try SettingsFile.entries(file, displayName: name) {
                settings.collect(&problems) { try $0.set(entry.key, entry.value, source: "\(name):\(entry.line)") }
            }
        }
        for (variable, key) in environmentKeys.sorted(by: { $0.key < $1.key }) {
            if let value = environment[variable] { settings.collect(&problems) { try $0.set(key, value, source: variable) } }
        }
        // Every bad setting at once, as for every other input file.
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty {
            throw InputError("\(problems.count) settings are wrong:\n" + problems.map { "  \($0.summary)" }.joined(separator: "\n"))
        }
        return settings
    }

    private mutating func collect(_ problems: inout [InputError], _ change: (inout ServerSettings) throws -> Void) {
        do { try change(&self) } catch let error as InputError { problems.append(error) } catch { problems.append(InputError("\(error)")) }
    }

    /// Sets one setting from text; `source` names where it came from, for the error.
    package mutating func set(_ key: String, _ value: String, source: String) throws {
        func number(_ range: ClosedRange<Int>) throws -> Int {
            guard let n = Int(value), range.contains(n) else {
                throw InputError("\(source): \(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(value)'")
            }
            return n
        }
        func flag() throws -> Bool {
            switch value.lowercased() {
            case "true", "yes", "1", "ja": return true
            case "false", "no", "0", "nee": return false
            default: throw InputError("\(source): \(key) must be true or false, not '\(value)'")
            }
        }
        switch key {
        case "host": host = value
        case "port": port = try number(1...65535)
        case "mode":
            guard let m = Mode(rawValue: value) else { throw InputError("\(source): mode must be invitation or open, not '\(value)'") }
            mode = m
        case "closed": closed = try flag()
        case "secureCookies": secureCookies = try flag()
        case "maxUploadMB": maxUploadBytes = try number(1...16_384) << 20
        case "maxFormKB": maxFormBytes = try number(1...65_536) << 10
        case "openAnswersPerHour": openAnswersPerHour = try number(1...1_000_000)
        case "sessionHours": sessionSeconds = try number(1...720) * 3600
        case "trustProxy": trustProxy = try flag()
        case "signInsPerHour": signInsPerHour = try number(1...100_000)
        case "wrongCodesPerNetwork": wrongCodesPerNetwork = try number(1...100_000)
        case "wrongCodesPerMinute": wrongCodesPerMinute = try number(1...1_000_000)
        default:
            throw InputError(
                "\(source): unknown setting '\(key)' (known: host, port, mode, closed, secureCookies, maxUploadMB, maxFormKB, openAnswersPerHour, sessionHours, trustProxy, signInsPerHour, wrongCodesPerNetwork, wrongCodesPerMinute)"
            )
        }
    }
}
