import DraagvlakCore
import Foundation
import Testing

@testable import Definitions

/// `name → text` of every `folder/*.yaml` in the repository, as scripts/embed-surveys reads them.
func shippedYAML(in folder: String) throws -> [String: String] {
    let url = repositoryRoot.appendingPathComponent(folder)
    var files: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".yaml") && !name.hasPrefix(".") {
        let file = url.appendingPathComponent(name)
        guard BuiltIn.isFile(file) else { continue }
        files[String(name.dropLast(".yaml".count))] = try String(contentsOf: file, encoding: .utf8)
    }
    return files
}

@Suite struct BuiltInTests {
    static let stale = "Sources/Definitions/BuiltIn/BuiltInFiles.swift is out of date with Surveys/: run scripts/embed-surveys"

    @Test func theBuiltInSurveysAreTheFilesInSurveys() throws {
        let files = try shippedYAML(in: "Surveys")
        #expect(BuiltIn.surveyNames == files.keys.sorted(), "\(Self.stale)")
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            #expect(BuiltIn.surveyText(named: name) == text, "Surveys/\(name).yaml differs from its built-in copy: \(Self.stale)")
        }
    }

    @Test func theBuiltInScenarioSetsAreTheFilesInSurveysScenarios() throws {
        let files = try shippedYAML(in: "Surveys/scenarios")
        #expect(BuiltIn.scenarioSetNames == files.keys.sorted(), "\(Self.stale)")
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            #expect(
                BuiltIn.scenarioSetText(named: name) == text, "Surveys/scenarios/\(name).yaml differs from its built-in copy: \(Self.stale)"
            )
        }
    }

    @Test func everyBuiltInDefinitionLoads() throws {
        #expect(BuiltIn.surveyNames.contains("toekomstvisie"))
        #expect(BuiltIn.scenarioSetNames.contains("sociaal-domein"))
        for name in BuiltIn.surveyNames {
            let text = try #require(BuiltIn.surveyText(named: name))
            let survey = try SurveyLoader.load(BuiltIn.Source.builtIn(name: name, text: text))
            #expect(!survey.statements.isEmpty, "built-in survey \(name)")
        }
        for name in BuiltIn.scenarioSetNames {
            let text = try #require(BuiltIn.scenarioSetText(named: name))
            let set = try ScenarioLoader.load(BuiltIn.Source.builtIn(name: name, text: text))
            #expect(set.id == name, "a built-in scenario set's id is its name")
            #expect(!set.scenarios.isEmpty)
        }
    }

    @Test func aSurveyArgumentIsAFileOrABuiltInName() throws {
        let text = try #require(BuiltIn.surveyText(named: "toekomstvisie"))
        #expect(try BuiltIn.survey("toekomstvisie") == BuiltIn.Source.builtIn(name: "toekomstvisie", text: text))
        #expect(try BuiltIn.survey("toekomstvisie").displayName == "toekomstvisie (built in)")
        let path = repositoryRoot.appendingPathComponent("Surveys/toekomstvisie.yaml").path
        #expect(try BuiltIn.survey(path) == BuiltIn.Source.file(URL(fileURLWithPath: path), displayName: path))

        let error = #expect(throws: InputError.self) { try BuiltIn.survey("geen-enquete") }
        #expect(error?.description.contains("geen-enquete") == true)
        #expect(error?.description.contains("built in: toekomstvisie") == true, "the error lists the built-in surveys")
    }

    @Test func scenariosInConsultationYAMLAreAFileOrABuiltInName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draagvlak-builtin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let builtIn = try ScenarioLoader.load(reference: "sociaal-domein", relativeTo: folder, settingsFile: "consultation.yaml")
        #expect(builtIn.id == "sociaal-domein")
        #expect(builtIn.scenarios.count == 3)

        // A file of that name in the folder wins over the built-in set.
        let own = """
            id: eigen
            title: {nl: "Eigen", en: "Own"}
            scenarios:
              - id: a
                title: {nl: "A", en: "A"}
                summary: {nl: "Een", en: "One"}

            """
        try own.write(to: folder.appendingPathComponent("sociaal-domein"), atomically: true, encoding: .utf8)
        #expect(try ScenarioLoader.load(reference: "sociaal-domein", relativeTo: folder, settingsFile: "consultation.yaml").id == "eigen")
        try own.write(to: folder.appendingPathComponent("eigen.yaml"), atomically: true, encoding: .utf8)
        #expect(try ScenarioLoader.load(reference: "eigen.yaml", relativeTo: folder, settingsFile: "consultation.yaml").id == "eigen")

        let error = #expect(throws: InputError.self) {
            try ScenarioLoader.load(reference: "geen-scenarios", relativeTo: folder, settingsFile: "consultation.yaml")
        }
        #expect(error?.description.contains("consultation.yaml: field 'scenarios'") == true)
        #expect(error?.description.contains("built in: sociaal-domein") == true, "the error lists the built-in scenario sets")
    }
}
