import DraagvlakCore
import Foundation

/// Number formatting for documents: Dutch uses a decimal comma and a thousands point, English
/// a decimal point and a thousands comma; a minus is "−".
extension Wording {
    /// A share as a whole percentage: 0.456 → "46%".
    func percent(_ x: Double) -> String {
        let value = (x * 100).rounded()
        return "\(Int(value))%"
    }

    /// A decimal with `digits` places: "0,25" / "0.25".
    func decimal(_ x: Double, digits: Int = 2) -> String {
        localised(String(format: "%.\(digits)f", x))
    }

    /// A decimal with two places and its sign, "+" or "−".
    func signed(_ x: Double) -> String {
        (x >= 0 ? "+" : "−") + decimal(abs(x))
    }

    /// A decimal with `digits` places and its sign as printf rounds it (−0.001 is "−0,00").
    func plusMinus(_ x: Double, digits: Int) -> String {
        localised(String(format: "%+.\(digits)f", x).replacingOccurrences(of: "-", with: "−"))
    }

    /// An interval of shares as whole percentages: "41–52%".
    func interval(_ i: (low: Double, high: Double)) -> String {
        "\(Int((i.low * 100).rounded()))–\(Int((i.high * 100).rounded()))%"
    }

    /// A whole number with the language's thousands separator (10.000 / 10,000).
    func number(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += language == .nl ? "." : "," }
            out.append(d)
        }
        return out
    }

    /// printf's decimal point as the language writes it.
    func localised(_ number: String) -> String {
        language == .nl ? number.replacingOccurrences(of: ".", with: ",") : number
    }
}
