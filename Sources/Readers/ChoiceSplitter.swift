package import DraagvlakCore

/// Splits a checkbox answer into option codes: on `;`, or on `, ` where `;` leaves a part that is
/// no option; adjacent parts are joined again when together they form a label. Parts that match
/// no option are kept as written, for the session to report.
package struct ChoiceSplitter {
    /// Lower-cased code and labels → code.
    private var codes: [String: String] = [:]

    package init(_ options: [DraagvlakCore.Category]) {
        for option in options {
            codes[option.code.lowercased()] = option.code
            codes[option.label.nl.lowercased()] = option.code
            codes[option.label.en.lowercased()] = option.code
        }
    }

    package func split(_ field: String) -> [String] {
        let whole = field.trimmingCharacters(in: .whitespaces)
        if whole.isEmpty { return [] }
        if let code = codes[whole.lowercased()] { return [code] }
        var out: [String] = []
        for part in greedy(whole.components(separatedBy: ";"), separator: ";") {
            if let code = codes[part.lowercased()] {
                out.append(code)
            } else if part.contains(", ") {
                out += greedy(part.components(separatedBy: ", "), separator: ", ").map { codes[$0.lowercased()] ?? $0 }
            } else {
                out.append(part)
            }
        }
        return out
    }

    /// The parts, each joined with the following ones while that makes a known label (longest first).
    private func greedy(_ parts: [String], separator: String) -> [String] {
        var out: [String] = []
        var i = 0
        while i < parts.count {
            var taken = 1
            if parts.count - i > 1 {
                for end in stride(from: parts.count, to: i + 1, by: -1) {
                    let joined = parts[i..<end].joined(separator: separator).trimmingCharacters(in: .whitespaces)
                    if codes[joined.lowercased()] != nil {
                        taken = end - i
                        break
                    }
                }
            }
            let part = parts[i..<(i + taken)].joined(separator: separator).trimmingCharacters(in: .whitespaces)
            if !part.isEmpty { out.append(part) }
            i += taken
        }
        return out
    }
}
