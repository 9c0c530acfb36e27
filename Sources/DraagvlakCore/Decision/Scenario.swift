/// A possible future the municipality cannot choose but must be ready for (e.g. the
/// social-domain scenarios Samendam, Ikhoven and Staatsburcht). Decisions are tested in each,
/// so that options that hold up in every future — robust options — can be told apart.
public struct Scenario: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
    public var summary: LocalizedText
    /// Its key features, in a few words each.
    public var drivers: [LocalizedText]

    public init(id: String, title: LocalizedText, summary: LocalizedText, drivers: [LocalizedText] = []) {
        self.id = id
        self.title = title
        self.summary = summary
        self.drivers = drivers
    }
}

/// A named set of scenarios, as shipped in `Surveys/scenarios/` or written for a consultation.
public struct ScenarioSet: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
    public var description: LocalizedText?
    public var scenarios: [Scenario]

    public init(id: String, title: LocalizedText, description: LocalizedText? = nil, scenarios: [Scenario]) {
        self.id = id
        self.title = title
        self.description = description
        self.scenarios = scenarios
    }

    public func scenario(_ id: String) -> Scenario? { scenarios.first { $0.id == id } }
}
