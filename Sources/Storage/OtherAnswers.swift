package import DraagvlakCore
package import Foundation

/// JSON for the answers that are not statements or demographics: a choice or text is a string,
/// checkboxes and rankings a list of codes (a ranking in order), points an object of code → points.
package enum OtherAnswers {
    package static func encode(_ answers: [String: AnswerValue]) -> String {
        var object: [String: Any] = [:]
        for (id, value) in answers { object[id] = value.jsonValue }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    package static func decode(_ json: String, survey: Survey) -> [String: AnswerValue] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return [:] }
        var result: [String: AnswerValue] = [:]
        for (id, value) in object {
            guard case .question(let q) = survey.reference(to: id) else { continue }
            switch (survey.questions[q].kind, value) {
            case (.choice, let code as String): result[id] = .choice(code)
            case (.open, let text as String): result[id] = .text(text)
            case (.multipleChoice, let codes as [String]): result[id] = .choices(codes)
            case (.ranking, let codes as [String]): result[id] = .ranking(codes)
            case (.points, let points as [String: Int]): result[id] = .points(points)
            default: continue
            }
        }
        return result
    }
}
