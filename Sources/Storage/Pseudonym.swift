/// Pseudonyms as both stores keep them: the consultation writes 32 lower-case hexadecimal
/// digits (docs/METHOD.md §7.2), which the stores hold as 16 bytes.
extension UInt128 {
    /// A pseudonym as written by the consultation (32 lower-case hexadecimal digits); nil for
    /// any other text.
    package init?(hexPseudonym text: String) {
        guard text.utf8.count == 32 else { return nil }
        var value: UInt128 = 0
        for byte in text.utf8 {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt128(truncatingIfNeeded: digit)
        }
        self = value
    }
}
