public import ArgumentParser
import Consultation
public import DraagvlakCore
import Foundation

/// The `draagvlak` command: every step of the pipeline as a subcommand.
@main
struct Draagvlak: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draagvlak",
        abstract: "Build a future vision that residents broadly support, and test decisions against it.",
        discussion: """
            A consultation is a folder with consultation.yaml, its survey and the embedded store.
            Typical use:
              draagvlak init mijn-raadpleging --survey toekomstvisie --name "Gemeente X"
              draagvlak import -c mijn-raadpleging export.csv
              draagvlak vision -c mijn-raadpleging --output visie.md
              draagvlak test -c mijn-raadpleging besluit.yaml
            Exit codes: 0 success (for test: the preferred option fits), 1 a decision does not fit,
            2 bad input (every problem is listed with file, line and field).
            """,
        subcommands: [
            Init.self, Import.self, Status.self, VisionCommand.self, ReportCommand.self, Test.self, Export.self, SurveyGroup.self,
            Simulate.self, Run.self,
            Serve.self, Invite.self, User.self,
        ])

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            printError(error.description)
            Foundation.exit(2)
        } catch let error as StoreError {
            printError("error: \(error.description)")
            Foundation.exit(2)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .failure {
                exit(withError: error)
            }
            // Usage errors: print as ArgumentParser does, exit 2 like every other bad input.
            printError(fullMessage(for: error))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The option every command that works on a consultation shares.
struct ConsultationOption: ParsableArguments {
    @Option(name: [.customShort("c"), .customLong("consultation")], help: "The consultation folder.")
    var folder: String = "."

    @Option(
        help: ArgumentHelp(
            "Keep the responses in PostgreSQL instead of the folder's SQLite file: postgres://user:password@host:port/database?schema=name (or set DRAAGVLAK_STORE).",
            valueName: "url"))
    var store: String?

    func open() throws -> Consultation {
        try Consultation(folder: URL(fileURLWithPath: folder), store: store ?? ProcessInfo.processInfo.environment["DRAAGVLAK_STORE"])
    }
}

extension Language: ExpressibleByArgument {}
extension DocumentFormat: ExpressibleByArgument {}

/// Writes text to a file, or to standard output when no file is given.
func emit(_ text: String, to path: String?) throws {
    if let path {
        try DecisionReports.write(text, to: path)
    } else {
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}

func today() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
}
