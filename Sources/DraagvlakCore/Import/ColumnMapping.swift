/// How a tabular export's columns map to survey questions, when the headers are not the
/// question ids themselves (given with `--mapping FILE`).
public struct ColumnMapping: Sendable, Hashable {
    /// The column holding the respondent id.
    public var respondentColumn: String?
    /// The column holding the submission time.
    public var submittedAtColumn: String?
    /// Header → question id (or `id[part]` for rankings, point allocations and checkboxes).
    public var columns: [String: String]
    /// Headers to leave out without mention.
    public var ignored: Set<String>
    /// Per question id: extra answer labels → answer code (e.g. `"Zeer mee eens": "5"`).
    public var values: [String: [String: String]]

    public init(
        respondentColumn: String? = nil, submittedAtColumn: String? = nil,
        columns: [String: String] = [:], ignored: Set<String> = [], values: [String: [String: String]] = [:]
    ) {
        self.respondentColumn = respondentColumn
        self.submittedAtColumn = submittedAtColumn
        self.columns = columns
        self.ignored = ignored
        self.values = values
    }
}
