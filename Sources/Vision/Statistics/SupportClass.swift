/// How a statement is classified (docs/METHOD.md §3); the raw values are the JSON contract's.
package enum SupportClass: String, Sendable, Codable, CaseIterable {
    case broadlySupported
    case majorityDivided
    case contested
    /// Support's interval lies below the majority, but residents do not clearly oppose it
    /// either: as many agree as disagree, or more, or opposition's lead is within the intervals.
    case noMajority
    /// More residents oppose than support, with opposition's interval wholly above support's.
    case rejected
    case insufficient
}
