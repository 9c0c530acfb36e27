import ArgumentParser
import Consultation
import DraagvlakCore
import Foundation
import Logging
import Server

extension Draagvlak {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Run the web server: residents answer online, officers work in the browser.",
            discussion: """
                Residents' pages at /, officers' pages at /beheer (accounts: draagvlak user add),
                the JSON API at /api/v1 (docs/openapi.yaml), a health check at /health.
                Settings come from serve.yaml in the consultation folder (or --config), then
                environment variables (DRAAGVLAK_PORT, DRAAGVLAK_MODE, …), then these options.
                Logs are JSON lines on standard error. SIGTERM stops it gracefully.
                Example: draagvlak serve -c raadpleging-2026 --mode invitation --port 8080
                """)

        @OptionGroup var consultation: ConsultationOption

        @Option(help: "A settings file (YAML); default: serve.yaml in the consultation folder.")
        var config: String?

        @Option(help: "Address to listen on.")
        var host: String?

        @Option(help: "Port to listen on.")
        var port: Int?

        @Option(help: "invitation (one answer per code) or open (anyone, rate limited).")
        var mode: String?

        @Flag(help: "The consultation is closed: residents read the published vision.")
        var closed = false

        @Flag(help: "Allow cookies over plain HTTP (local testing only; use TLS in front otherwise).")
        var insecureCookies = false

        func run() throws {
            let c = try consultation.open()
            let file = config.map { URL(fileURLWithPath: $0) } ?? c.folder.appendingPathComponent("serve.yaml")
            var settings = try ServerSettings.load(file: file, environment: ProcessInfo.processInfo.environment)
            if let host { settings.host = host }
            if let port { try settings.set("port", String(port), source: "--port") }
            if let mode { try settings.set("mode", mode, source: "--mode") }
            if closed { settings.closed = true }
            if insecureCookies { settings.secureCookies = false }
            LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
            var logger = Logger(label: "draagvlak")
            logger.info(
                "serving",
                metadata: [
                    "consultation": .string(c.settings.name), "address": .string("\(settings.host):\(settings.port)"),
                    "mode": .string(settings.mode.rawValue), "closed": .stringConvertible(settings.closed),
                ])
            logger.logLevel = .info
            // Online answers go to the current wave; the vision shows the latest. Say so when the
            // two differ, or the answers would be in no page the server shows.
            if let latest = try c.waves().last, Wave.order([latest, c.settings.wave]).last != c.settings.wave {
                logger.warning(
                    "online answers go to an earlier wave than the latest, which the vision shows; set wave: in consultation.yaml",
                    metadata: ["wave": .string(c.settings.wave), "latest": .string(latest)])
            }
            try DraagvlakServer(consultation: c, settings: settings).runUntilStopped(logger: logger)
        }
    }

    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: "Make invitation codes for the online survey (one answer per code).",
            discussion: """
                Writes the new codes as CSV (one column, code) for a mail merge; the store keeps
                only their keyed hashes, so a lost list cannot be recovered — make new codes.
                Example: draagvlak invite -c raadpleging-2026 --count 5000 --output codes.csv
                """)

        @OptionGroup var consultation: ConsultationOption

        @Option(help: "How many codes to make.")
        var count: Int

        @Option(name: .shortAndLong, help: "Write the codes to this file instead of standard output.")
        var output: String?

        func validate() throws {
            guard (1...1_000_000).contains(count) else { throw ValidationError("--count must be from 1 to 1,000,000") }
        }

        func run() throws {
            let codes = try consultation.open().invite(count: count)
            try emit((["code"] + codes).joined(separator: "\n") + "\n", to: output)
            if output != nil { print("\(Plural.count(codes.count, "invitation code", "invitation codes")) written to \(output!)") }
        }
    }

    struct User: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user",
            abstract: "Manage officers' accounts for the server's officers' pages.",
            subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Add an officer (or set a new password): the password is read from standard input.",
                discussion: """
                    The password is stored as a bcrypt hash (cost 12). At least 12 characters.
                    Example: printf '%s\\n' "$PASSWORD" | draagvlak user add -c raadpleging-2026 anna
                    """)

            @OptionGroup var consultation: ConsultationOption

            @Argument(help: "The officer's name (used to sign in).")
            var name: String

            func run() throws {
                let c = try consultation.open()
                // On a terminal, ask without echo; otherwise read one line (a pipe or a file).
                let password: String
                if isatty(STDIN_FILENO) == 1 {
                    password = getpass("Wachtwoord / password: ").map { String(cString: $0) } ?? ""
                } else {
                    password = readLine(strippingNewline: true) ?? ""
                }
                try c.setOfficer(name, password: password, hash: DraagvlakServer.hashPassword)
                print("officer \(name) can sign in at /beheer")
            }
        }
    }
}
