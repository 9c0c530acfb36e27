import DraagvlakCore
import Foundation

/// Turns an XForm into a Draagvlak survey: `select1` → a demographic question (up to 12
/// choices) or a statement when its choices are a 1–5/1–7 agree scale (or −1/0/1), `select` →
/// multiple choice, `odk:rank` → ranking, `range` 1–5/1–7 → a statement, text `input` → an open
/// question. Everything else (numbers, dates, locations, notes, calculations, metadata,
/// repeat groups) is left out with the reason. Ids are the shortest tail of the field's path
/// that no other field of the form shares, joined by `.` (`taxi.frequency_to_referral_facility`).
enum XFormSurvey {
    static let maxDemographicChoices = 12

    static func make(_ form: XForm, fileName: String) -> SurveyExtraction {
        let root = "/" + form.rootName + "/"
        func relative(_ path: String) -> String { path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path }
        let ids = Identifiers(fields: form.fields.map(relative))
        let languages = Languages(form.translations)
        let theme = SurveyExtraction.unsortedTheme.id

        var statements: [Statement] = []
        var demographics: [DemographicQuestion] = []
        var questions: [Question] = []
        var skipped: [String] = []
        var repeated: [(group: String, fields: [String])] = []
        var asked: Set<String> = []

        for control in form.controls {
            asked.insert(control.path)
            let path = relative(control.path)
            let name = String(path.split(separator: "/").last ?? Substring(path))
            if let group = form.repeatGroup(of: control.path) {
                if let i = repeated.firstIndex(where: { $0.group == group }) {
                    repeated[i].fields.append(name)
                } else {
                    repeated.append((group, [name]))
                }
                continue
            }
            let bind = form.binds[control.path]
            let type = (bind?.type ?? "string").lowercased()
            let text = languages.text(control.label, fallback: name)
            let id = ids.id(for: path)
            func skip(_ reason: String) { skipped.append("'\(path)': \(reason)") }

            if control.kind == .trigger {
                skip("an acknowledgement (trigger), not a question")
                continue
            }
            if control.kind == .upload || type == "binary" {
                skip("a file upload")
                continue
            }
            if bind?.calculate != nil {
                skip("calculated by the form, not asked")
                continue
            }
            if bind?.readonly == true {
                skip("a note (read-only), not a question")
                continue
            }

            switch control.kind {
            case .select1:
                let choices = form.choices(of: control)
                if choices.isEmpty {
                    skip("its choices come from an external file or a computed list; add them by hand")
                    continue
                }
                let categories = choices.map { Category(code: $0.value, label: languages.text($0.label, fallback: $0.value)) }
                switch scale(of: choices, categories: categories) {
                case .statement(let scale):
                    statements.append(Statement(id: id, theme: theme, text: text, scale: scale))
                case .notAStatement(let why):
                    if let why { skipped.append("'\(path)': \(why)") }
                    if choices.count <= maxDemographicChoices {
                        demographics.append(DemographicQuestion(id: id, text: text, categories: categories))
                    } else {
                        questions.append(Question(id: id, kind: .choice, text: text, options: categories))
                    }
                }
            case .select, .rank:
                let choices = form.choices(of: control)
                if choices.isEmpty {
                    skip("its choices come from an external file or a computed list; add them by hand")
                    continue
                }
                let options = choices.map { Category(code: $0.value, label: languages.text($0.label, fallback: $0.value)) }
                questions.append(Question(id: id, kind: control.kind == .select ? .multipleChoice : .ranking, text: text, options: options))
            case .range:
                if let range = control.range, range.start == 1, range.step == 1, range.end == 5 || range.end == 7 {
                    statements.append(Statement(id: id, theme: theme, text: text, scale: range.end == 5 ? .likert5 : .likert7))
                } else if let range = control.range {
                    skip(
                        "a range from \(format(range.start)) to \(format(range.end)) in steps of \(format(range.step)) is no 1–5 or 1–7 scale"
                    )
                } else {
                    skip("a range without start and end")
                }
            case .input:
                switch type {
                case "string":
                    questions.append(Question(id: id, kind: .open, text: text))
                case "int", "integer", "decimal":
                    skip("a number (\(type)); Draagvlak has no numeric answers (a 1–5 scale should be a select_one or a range)")
                case "date", "time", "datetime":
                    skip("a \(type == "datetime" ? "date and time" : type); not a survey answer Draagvlak analyses")
                case "geopoint", "geotrace", "geoshape":
                    skip("a location (\(type)); not a survey answer Draagvlak analyses")
                default:
                    skip("of type \(type); not a survey answer Draagvlak analyses")
                }
            case .upload, .trigger:
                continue
            }
        }

        for (group, fields) in repeated {
            skipped.append(
                "repeat group '\(relative(group))' (\(fields.count) question\(fields.count == 1 ? "" : "s"): \(fields.joined(separator: ", "))): its answers repeat within one respondent, and Draagvlak keeps one row per respondent"
            )
        }
        var metadata: [String] = []
        for field in form.fields where !asked.contains(field) && form.repeatGroup(of: field) == nil {
            let path = relative(field)
            let bind = form.binds[field]
            if isMetadata(path) {
                metadata.append(path)
            } else if bind?.calculate != nil {
                skipped.append("'\(path)': calculated by the form, not asked")
            } else if let preload = bind?.preload {
                skipped.append("'\(path)': filled in by the device (\(preload)), not asked")
            } else {
                skipped.append("'\(path)': no control in the form's body (a hidden field)")
            }
        }
        if !metadata.isEmpty { skipped.append("metadata, not questions: \(metadata.joined(separator: ", "))") }

        let name = form.formID ?? fileName
        let survey = Survey(
            id: SurveyExtraction.identifier(name),
            title: LocalizedText(form.title.isEmpty ? name : form.title),
            themes: [SurveyExtraction.unsortedTheme],
            statements: statements, demographics: demographics, questions: questions)
        return SurveyExtraction(survey: survey, skipped: skipped)
    }

    /// `meta/…`, `formhub/…` and `__version__`: the form's bookkeeping, never a question.
    static func isMetadata(_ relativePath: String) -> Bool {
        relativePath == "meta" || relativePath.hasPrefix("meta/") || relativePath.hasPrefix("formhub/") || relativePath == "__version__"
    }

    private enum Classification {
        case statement(Scale)
        case notAStatement(String?)
    }

    /// Whether a single choice is an agree scale: codes 1…5 or 1…7 with 1 at the disagree end,
    /// or the codes −1, 0, 1 (a vote).
    private static func scale(of choices: [XForm.Choice], categories: [Category]) -> Classification {
        let numbers = choices.compactMap { Int($0.value.trimmingCharacters(in: .whitespaces)) }
        let labels = categories.map { "\($0.label.en) \($0.label.nl)".lowercased() }
        let agreeLike = labels.contains { $0.contains("agree") || $0.contains("eens") }
        guard numbers.count == choices.count else {
            return .notAStatement(
                agreeLike && (choices.count == 5 || choices.count == 7)
                    ? "looks like an agree scale, but its codes are not the numbers 1–\(choices.count); made a choice question (use a mapping file to read it as a statement)"
                    : nil)
        }
        let sorted = numbers.sorted()
        if sorted == [-1, 0, 1] { return .statement(.vote) }
        guard sorted == Array(1...5) || sorted == Array(1...7) else { return .notAStatement(nil) }
        if let one = numbers.firstIndex(of: 1) {
            let label = labels[one]
            let saysDisagree = label.contains("disagree") || label.contains("oneens")
            let saysAgree = label.contains("agree") || label.contains("eens")
            if saysAgree && !saysDisagree {
                return .notAStatement(
                    "its code 1 means agree, while Draagvlak's scales run from 1 = disagree; made a choice question (recode it to use it as a statement)"
                )
            }
        }
        return .statement(sorted.count == 5 ? .likert5 : .likert7)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The shortest tail of each field's path that no other field shares, as a survey id.
    struct Identifiers {
        private let fields: [[Substring]]

        init(fields: [String]) {
            self.fields = fields.map { $0.split(separator: "/") }
        }

        func id(for path: String) -> String {
            let segments = path.split(separator: "/")
            guard !segments.isEmpty else { return SurveyExtraction.identifier(path) }
            for k in 1...segments.count {
                let tail = segments.suffix(k)
                let shared = fields.contains { other in other != segments && other.count >= k && other.suffix(k).elementsEqual(tail) }
                if !shared { return SurveyExtraction.identifier(tail.joined(separator: ".")) }
            }
            return SurveyExtraction.identifier(segments.joined(separator: "."))
        }
    }

    /// Picks the Dutch and English itext translations (`Nederlands (nl)`, `English (en)`),
    /// falling back to the default translation, then the first, then the inline label.
    struct Languages {
        private let nl: XForm.Translation?
        private let en: XForm.Translation?
        private let fallback: XForm.Translation?

        init(_ translations: [XForm.Translation]) {
            func matches(_ t: XForm.Translation, code: String, names: Set<String>) -> Bool {
                let lang = t.lang.trimmingCharacters(in: .whitespaces)
                var name = lang.lowercased()
                if let open = lang.lastIndex(of: "("), lang.hasSuffix(")") {
                    let inner = lang[lang.index(after: open)..<lang.index(before: lang.endIndex)].lowercased()
                    if inner == code || inner.hasPrefix(code + "-") || inner.hasPrefix(code + "_") { return true }
                    name = lang[..<open].trimmingCharacters(in: .whitespaces).lowercased()
                }
                return name == code || names.contains(name)
            }
            nl = translations.first { matches($0, code: "nl", names: ["dutch", "nederlands", "vlaams", "flemish"]) }
            en = translations.first { matches($0, code: "en", names: ["english", "engels"]) }
            fallback = translations.first(where: \.isDefault) ?? translations.first
        }

        func text(_ label: XForm.Label, fallback name: String) -> LocalizedText {
            func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
            let inline = nonEmpty(label.inline)
            guard let id = label.itextID else { return LocalizedText(inline ?? name) }
            let common = nonEmpty(fallback?.texts[id]) ?? inline ?? name
            return LocalizedText(nl: nonEmpty(nl?.texts[id]) ?? common, en: nonEmpty(en?.texts[id]) ?? common)
        }
    }
}
