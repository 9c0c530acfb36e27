/// How a statement is classified (METHOD.md §3); the raw values are the JSON contract's.
public enum SupportClass: String, Sendable, Codable, CaseIterable {
    case broadlySupported
    case majorityDivided
    case contested
    case rejected
    case insufficient
}
