import Foundation

/// Reads the answer codes and labels that survey tools write, for one survey: scale points,
/// votes, category and option codes. Built once per import; decoding a field is a lookup.
struct AnswerDecoder: Sendable {
    private let survey: Survey
    private let statementLabels: [[String: Int]]
    private let categoryLookup: [[String: Int]]
    private let optionLookup: [[String: String]]

    init(survey: Survey, mapping: ColumnMapping?) {
        self.survey = survey
        statementLabels = survey.statements.map { statement in
            var labels = Self.scaleLabels(statement.scale)
            for (label, code) in mapping?.values[statement.id] ?? [:] {
                if let value = Int(code) { labels[label.lowercased()] = value }
            }
            return labels
        }
        categoryLookup = survey.demographics.map { question in
            var lookup: [String: Int] = [:]
            for (i, c) in question.categories.enumerated() {
                lookup[c.code.lowercased()] = i
                lookup[c.label.nl.lowercased()] = i
                lookup[c.label.en.lowercased()] = i
            }
            for (label, code) in mapping?.values[question.id] ?? [:] {
                if let i = question.categoryIndex(code: code) { lookup[label.lowercased()] = i }
            }
            return lookup
        }
        optionLookup = survey.questions.map { question in
            var lookup: [String: String] = [:]
            for c in question.options {
                lookup[c.code.lowercased()] = c.code
                lookup[c.label.nl.lowercased()] = c.code
                lookup[c.label.en.lowercased()] = c.code
            }
            for (label, code) in mapping?.values[question.id] ?? [:] { lookup[label.lowercased()] = code }
            return lookup
        }
    }

    /// Answers that mean "no answer" rather than a point on the scale.
    static let noAnswer: Set<String> = [
        "weet niet", "weet ik niet", "geen mening", "n.v.t.", "nvt", "don't know", "dont know",
        "no opinion", "n/a", "na", "-",
    ]

    static func scaleLabels(_ scale: Scale) -> [String: Int] {
        switch scale {
        case .likert5:
            return [
                "helemaal oneens": 1, "zeer oneens": 1, "strongly disagree": 1,
                "oneens": 2, "mee oneens": 2, "disagree": 2,
                "neutraal": 3, "niet eens, niet oneens": 3, "niet eens en niet oneens": 3,
                "neither agree nor disagree": 3, "neutral": 3,
                "eens": 4, "mee eens": 4, "agree": 4,
                "helemaal eens": 5, "zeer eens": 5, "strongly agree": 5,
            ]
        case .likert7:
            return [
                "helemaal oneens": 1, "strongly disagree": 1, "oneens": 2, "disagree": 2,
                "enigszins oneens": 3, "somewhat disagree": 3, "neutraal": 4, "neutral": 4,
                "neither agree nor disagree": 4, "enigszins eens": 5, "somewhat agree": 5,
                "eens": 6, "agree": 6, "helemaal eens": 7, "strongly agree": 7,
            ]
        case .vote:
            return [
                "agree": 1, "eens": 1, "+1": 1, "pass": 0, "neutraal": 0, "pas": 0, "overslaan": 0,
                "disagree": -1, "oneens": -1,
            ]
        }
    }

    enum Outcome<Value> {
        case value(Value)
        case missing
        case invalid(String)
    }

    func statement(_ index: Int, _ field: String) -> Outcome<Int8> {
        let scale = survey.statements[index].scale
        let utf8 = field.utf8
        // Fast path: a single digit, as nearly every export writes Likert answers.
        if utf8.count == 1, let byte = utf8.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            return checked(Int(byte - UInt8(ascii: "0")), scale: scale, field: field)
        }
        let text = field.trimmingSpaces
        if text.isEmpty { return .missing }
        if let number = Int(text) { return checked(number, scale: scale, field: text) }
        if let number = Double(text.replacingComma), number == number.rounded(), abs(number) < 100 {
            return checked(Int(number), scale: scale, field: text)
        }
        let lowered = text.lowercased()
        if let value = statementLabels[index][lowered] { return checked(value, scale: scale, field: text) }
        if Self.noAnswer.contains(lowered) { return .missing }
        return .invalid("unknown answer code '\(text)' (expected \(Self.describe(scale)))")
    }

    private func checked(_ value: Int, scale: Scale, field: String) -> Outcome<Int8> {
        scale.values.contains(value)
            ? .value(Int8(value))
            : .invalid("value '\(field)' is outside the scale \(Self.describe(scale))")
    }

    static func describe(_ scale: Scale) -> String {
        switch scale {
        case .likert5: "1–5"
        case .likert7: "1–7"
        case .vote: "-1 (disagree), 0 (pass) or 1 (agree)"
        }
    }

    func category(_ index: Int, _ field: String) -> Outcome<Int> {
        let text = field.trimmingSpaces
        if text.isEmpty { return .missing }
        if let i = categoryLookup[index][text.lowercased()] { return .value(i) }
        let codes = survey.demographics[index].categories.map(\.code).joined(separator: ", ")
        return .invalid("unknown answer code '\(text)' (expected one of: \(codes))")
    }

    func option(_ question: Int, _ field: String) -> Outcome<String> {
        let text = field.trimmingSpaces
        if text.isEmpty { return .missing }
        if let code = optionLookup[question][text.lowercased()] { return .value(code) }
        let codes = survey.questions[question].options.map(\.code).joined(separator: ", ")
        return .invalid("unknown answer code '\(text)' (expected one of: \(codes))")
    }

    /// Several option codes in one field, separated by `;` or `|`.
    func options(_ question: Int, _ field: String) -> Outcome<[String]> {
        let parts = field.split(whereSeparator: { $0 == ";" || $0 == "|" }).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        if parts.isEmpty { return .missing }
        var codes: [String] = []
        for part in parts {
            switch option(question, part) {
            case .value(let code): codes.append(code)
            case .missing: break
            case .invalid(let message): return .invalid(message)
            }
        }
        return .value(codes)
    }

    static func flag(_ field: String) -> Outcome<Bool> {
        switch field.trimmingSpaces.lowercased() {
        case "", "0", "n", "no", "nee", "false", "onwaar": .value(false)
        case "1", "y", "yes", "ja", "x", "true", "waar", "checked", "aangevinkt": .value(true)
        case let other: .invalid("'\(other)' is not a tick (expected 1/Y/ja or 0/N/nee or empty)")
        }
    }

    static func points(_ field: String) -> Outcome<Int> {
        let text = field.trimmingSpaces
        if text.isEmpty { return .missing }
        guard let value = Int(text), value >= 0 else { return .invalid("'\(text)' is not a whole number of points") }
        return .value(value)
    }
}

extension String {
    var replacingComma: String { replacingOccurrences(of: ",", with: ".") }
}
