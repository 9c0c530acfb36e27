public import DraagvlakCore
import Foundation

/// Number formatting for documents: Dutch uses a decimal comma, English a point.
enum Formatting {
    static func percent(_ x: Double, _ language: Language) -> String {
        let value = (x * 100).rounded()
        return "\(Int(value))%"
    }

    static func decimal(_ x: Double, _ digits: Int = 2, _ language: Language) -> String {
        let text = String(format: "%.\(digits)f", x)
        return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func signed(_ x: Double, _ language: Language) -> String {
        (x >= 0 ? "+" : "−") + decimal(abs(x), 2, language)
    }

    static func interval(_ i: (low: Double, high: Double), _ language: Language) -> String {
        "\(Int((i.low * 100).rounded()))–\(Int((i.high * 100).rounded()))%"
    }
}

extension SupportClass {
    /// The class as a reader sees it.
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.broadlySupported, .nl): "breed gedragen"
        case (.broadlySupported, .en): "broadly supported"
        case (.majorityDivided, .nl): "meerderheid, verdeeld"
        case (.majorityDivided, .en): "majority, but divided"
        case (.contested, .nl): "omstreden"
        case (.contested, .en): "contested"
        case (.noMajority, .nl): "geen meerderheid"
        case (.noMajority, .en): "no majority"
        case (.rejected, .nl): "afgewezen"
        case (.rejected, .en): "rejected"
        case (.insufficient, .nl): "onvoldoende respons"
        case (.insufficient, .en): "too little input"
        }
    }
}
