/// The settings of docs/METHOD.md §3, §7 and §8 that decide how a statement is classified and which
/// groups may be shown. Every document prints the values it was made with.
public struct Thresholds: Sendable, Hashable, Codable {
    /// Groups with fewer respondents are not reported (disclosure control; never below 5).
    public var kMin: Int = 10

    /// The smallest group that may be shown: `kMin`, but never below 5, whatever a setting says
    /// (docs/METHOD.md §7).
    public var disclosureMinimum: Int { max(5, kMin) }
    /// Statements with a smaller effective sample are "too little input".
    public var nMin: Int = 20
    /// Minimum support for "broadly supported".
    public var broadSupport: Double = 0.6
    /// The lower Wilson bound must exceed this for "broadly supported".
    public var majority: Double = 0.5
    /// Every reportable group's smoothed agreement must reach this for "broadly supported".
    public var groupFloor: Double = 0.5
    /// Polarisation at or above this marks a majority as divided.
    public var polarisation: Double = 0.3
    /// Confidence level of the Wilson intervals.
    public var confidence: Double = 0.95
    /// A decision option fits at this alignment or more (on −1…1) without conflicts, and
    /// conflicts at its negative or less; also the satisficing line over scenarios
    /// (docs/METHOD.md §8).
    public var fit: Double = 0.2

    public init() {}

    public static let `default` = Thresholds()
}

/// A consultation's settings (`consultation.yaml`): its name, survey, language, population
/// margins, thresholds and scenario set.
public struct ConsultationSettings: Sendable {
    public var name: String
    /// Path of the survey definition, relative to the consultation folder.
    public var surveyPath: String
    public var language: Language
    /// Per demographic question id: the population share of each category code.
    public var margins: [String: [String: Double]]
    public var thresholds: Thresholds
    /// Path of the scenario set decisions are tested in, relative to the consultation folder;
    /// nil when decisions are tested without scenarios.
    public var scenariosPath: String?
    /// Per demographic question id: the boundaries file its categories are drawn from.
    public var maps: [String: MapSource] = [:]
    /// The current wave (`wave:`): where online answers and files imported without `--wave` go.
    /// `Wave.single` (the default) for a consultation that asks once.
    public var wave: String = Wave.single

    public init(
        name: String, surveyPath: String, language: Language = .nl,
        margins: [String: [String: Double]] = [:], thresholds: Thresholds = .default
    ) {
        self.name = name
        self.surveyPath = surveyPath
        self.language = language
        self.margins = margins
        self.thresholds = thresholds
    }
}

/// Where a demographic dimension's map comes from (`maps:` in `consultation.yaml`): a GeoJSON
/// or GeoPackage file, and how its features are joined to the dimension's categories.
public struct MapSource: Sendable, Hashable {
    /// Path of the boundaries file, relative to the consultation folder.
    public var file: String
    /// The GeoPackage layer (feature table); nil when the file has one.
    public var layer: String?
    /// The feature property (or column) holding an area's code; nil to try CBS's and common names.
    public var property: String?
    /// Per category code, the code of its area in the file, where the two differ.
    public var codes: [String: String]

    public init(file: String, layer: String? = nil, property: String? = nil, codes: [String: String] = [:]) {
        self.file = file
        self.layer = layer
        self.property = property
        self.codes = codes
    }
}
