import Definitions
import DraagvlakCore
import Foundation
import GRDB
import Simulation
import Testing

@testable import Consultation

/// The `draagvlak` executable that `swift test` builds beside the tests.
let draagvlakBinary: URL = {
    let candidates = [
        ".build/debug/draagvlak", ".build/x86_64-unknown-linux-gnu/debug/draagvlak", ".build/aarch64-unknown-linux-gnu/debug/draagvlak",
    ]
    return candidates.map { repositoryRoot.appendingPathComponent($0) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        ?? repositoryRoot.appendingPathComponent(".build/debug/draagvlak")
}()

/// A simulated export of `n` respondents in the consultation's folder.
func simulatedExport(_ c: Consultation, _ name: String, respondents n: Int, seed: UInt64, prefix: String) throws -> URL {
    let url = c.folder.appendingPathComponent(name)
    let profile = try SimulationProfile.load(repositoryRoot.appendingPathComponent("examples/dijkwaard/simulation.yaml"))
    var options = Simulator.Options(respondents: n)
    options.idPrefix = prefix
    options.otherQuestions = false
    try Simulator(survey: c.survey, profile: profile, seed: seed).write(options, to: url)
    return url
}

func launch(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = draagvlakBinary
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

@Suite(
    .serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: draagvlakBinary.path), "the draagvlak executable is not built"))
struct CrashSafetyTests {
    @Test func anImportKilledHalfwayLeavesTheStoreAsItWas() throws {
        let c = try freshConsultation()
        let small = try simulatedExport(c, "eerst.csv", respondents: 200, seed: 1, prefix: "A")
        _ = try c.importFile(small)
        let big = try simulatedExport(c, "groot.csv", respondents: 100_000, seed: 2, prefix: "B")
        let before = try c.store.status()

        let process = try launch(["import", "-c", c.folder.path, big.path])
        // Kill it inside its write transaction: once it holds the store's write lock (another
        // connection cannot begin a write), let it store a while, then check it still holds it.
        let probe = try DatabaseQueue(path: c.folder.appendingPathComponent("draagvlak.sqlite").path)
        func importHoldsTheWriteLock() -> Bool {
            do {
                try probe.inDatabase { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    try db.execute(sql: "ROLLBACK")
                }
                return false
            } catch { return true }
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning, !importHoldsTheWriteLock() {
            Thread.sleep(forTimeInterval: 0.01)
        }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(process.isRunning && importHoldsTheWriteLock(), "the import finished before it could be killed; make the file bigger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let reopened = try Consultation(folder: c.folder)
        #expect(try reopened.store.integrityCheck() == "ok")
        let after = try reopened.store.status()
        #expect(after.respondents == before.respondents)
        #expect(after.batches.map(\.file) == before.batches.map(\.file))
        // And the same import then completes.
        let report = try reopened.importFile(big)
        #expect(report.added == 100_000)
        #expect(try reopened.store.integrityCheck() == "ok")
    }

    @Test func twoImportsAtOnceBothFinishWithoutDuplicates() throws {
        let c = try freshConsultation()
        let first = try simulatedExport(c, "online.csv", respondents: 20_000, seed: 3, prefix: "O")
        let second = try simulatedExport(c, "papier.csv", respondents: 15_000, seed: 4, prefix: "P")
        // A third export repeats 3,000 respondents of the first (ids O1…O3000).
        let overlap = try simulatedExport(c, "overlap.csv", respondents: 3_000, seed: 3, prefix: "O")
        let a = try launch(["import", "-c", c.folder.path, first.path])
        let b = try launch(["import", "-c", c.folder.path, second.path, overlap.path])
        // A vision built meanwhile sees a consistent snapshot: whole files only.
        var seen = Set<Int>()
        while a.isRunning || b.isRunning {
            seen.insert(try c.vision().respondents)
            Thread.sleep(forTimeInterval: 0.05)
        }
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        let status = try c.store.status()
        #expect(status.respondents == 35_000)
        // Whole files only: online (20,000), papier (15,000), papier + overlap before online
        // (18,000), or all (35,000) — never part of a file.
        #expect(seen.isSubset(of: [0, 20_000, 15_000, 18_000, 35_000]))
        #expect(try c.store.integrityCheck() == "ok")
    }
}
