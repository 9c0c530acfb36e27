import Foundation

/// Removes personal data from residents' free text before it is stored (docs/METHOD.md §6): e-mail
/// addresses, phone numbers, postcode with house number, IBANs, BSN-shaped numbers and names
/// introduced with "mijn naam is", "ik ben", "my name is". Each is replaced by a marker such as
/// `[e-mail]`, so a reader sees that something was there.
public enum PersonalDataScrubber {
    private struct Rule: @unchecked Sendable {
        let pattern: NSRegularExpression
        let replacement: String
    }

    private static let rules: [Rule] = [
        (#"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"#, "[e-mail]"),
        (#"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d{2,4}){2,5}\b"#, "[IBAN]"),
        (#"(?:\+31|0031|\b0)[\s\-]?(?:\(0\))?[\s\-]?[1-9](?:[\s\-]?\d){8}\b"#, "[telefoonnummer]"),
        (#"\b[1-9]\d{3}\s?[A-Za-z]{2}\b(?:\s*,?\s*\d{1,5}(?:\s?[A-Za-z]\b)?)?"#, "[postcode]"),
        (#"\b\d{4}\.?\d{2}\.?\d{3}\b|\b\d{9}\b"#, "[nummer]"),
        (
            #"(?i)\b(mijn naam is|ik heet|ik ben|my name is|i am|i'm)\s+(?-i:[A-Z][\p{L}'\-]+(?:\s+(?:van|de|der|den|ten|ter|van der|van den|[A-Z][\p{L}'\-]+))*)"#,
            "$1 [naam]"
        ),
    ].map { Rule(pattern: try! NSRegularExpression(pattern: $0.0), replacement: $0.1) }

    public static func scrub(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var result = text
        for rule in rules {
            let range = NSRange(result.startIndex..., in: result)
            result = rule.pattern.stringByReplacingMatches(in: result, range: range, withTemplate: rule.replacement)
        }
        return result
    }
}
