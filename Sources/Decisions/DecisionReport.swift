public import DraagvlakCore
public import Foundation
import Vision

/// The report on a decision in Markdown (Dutch by default) or JSON: the verdict on the
/// preferred option in plain language, every option ranked, and the conflicts with their figures.
public struct DecisionReport {
    public var language: Language

    public init(language: Language = .nl) {
        self.language = language
    }

    private func t(_ nl: String, _ en: String) -> String { language == .nl ? nl : en }

    func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    func decimal(_ x: Double) -> String {
        let text = String(format: "%+.2f", x)
        return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    func verdictLabel(_ v: Verdict) -> String {
        switch (v, language) {
        case (.fits, .nl): "past bij de toekomstvisie"
        case (.fits, .en): "fits the vision"
        case (.conflicts, .nl): "botst met de toekomstvisie"
        case (.conflicts, .en): "conflicts with the vision"
        case (.mixed, .nl): "gemengd"
        case (.mixed, .en): "mixed"
        case (.insufficient, .nl): "te weinig basis voor een oordeel"
        case (.insufficient, .en): "too little basis to judge"
        }
    }

    func cite(_ c: Citation) -> String {
        let s = c.support
        var text = "**\(s.statement.id)** “\(s.statement.text[language])” — \(percent(s.support)) \(t("eens", "agree")) (\(Int((s.interval.low * 100).rounded()))–\(Int((s.interval.high * 100).rounded()))%, n = \(s.n)), \(s.supportClass.label(language))"
        if let bridging = s.bridging {
            text += s.supportClass == .broadlySupported
                ? t("; in elke groep minstens \(percent(bridging))", "; at least \(percent(bridging)) in every group")
                : t("; laagste groep \(percent(bridging))", "; lowest group \(percent(bridging))")
        }
        let direction = c.effect > 0 ? t("werkt ervoor", "works for it") : t("werkt ertegen", "works against it")
        let strength = String(format: "%+.1f", c.effect)
        text += " — \(t("deze optie", "this option")) \(direction) (\(language == .nl ? strength.replacingOccurrences(of: ".", with: ",") : strength))"
        return text
    }

    /// A plain-language explanation of one option's verdict, for a council member.
    public func explanation(_ o: OptionAssessment, _ a: Assessment) -> String {
        let name = "“\(o.option.title[language])”"
        switch o.verdict {
        case .insufficient:
            return o.option.effects.isEmpty
                ? t("\(name) verandert niets aan de ambities in de toekomstvisie; het is de maatstaf waarmee de andere opties vergeleken worden.",
                    "\(name) changes nothing about the ambitions of the vision; it is the baseline the other options are compared with.")
                : t("\(name) raakt alleen stellingen waarover te weinig bewoners zich uitspraken; de toekomstvisie geeft hier geen basis voor een oordeel.",
                    "\(name) only touches statements too few residents answered; the vision gives no basis to judge it.")
        case .fits:
            let names = o.agreements.prefix(3).map { "“\($0.support.statement.text[language])”" }.joined(separator: "; ")
            return t("\(name) past bij wat bewoners breed steunen: de optie draagt bij aan \(o.agreements.count) breed gedragen ambitie(s)\(names.isEmpty ? "" : ", zoals \(names)"), en gaat tegen geen enkele breed gedragen ambitie in.",
                     "\(name) fits what residents broadly support: it contributes to \(o.agreements.count) broadly supported ambition(s)\(names.isEmpty ? "" : ", such as \(names)"), and works against none.")
        case .conflicts, .mixed:
            var text: String
            if let first = o.conflicts.first {
                let s = first.support
                let what = s.supportClass == .broadlySupported
                    ? t("gaat in tegen wat bewoners breed steunen: “\(s.statement.text[language])” (\(percent(s.support)) eens)",
                        "works against what residents broadly support: “\(s.statement.text[language])” (\(percent(s.support)) agree)")
                    : t("werkt mee aan wat bewoners afwijzen: “\(s.statement.text[language])” (\(percent(s.opposition)) oneens)",
                        "works towards what residents reject: “\(s.statement.text[language])” (\(percent(s.opposition)) disagree)")
                text = "\(name) \(what)"
                if o.conflicts.count > 1 { text += t(", en botst nog met \(o.conflicts.count - 1) andere stelling(en)", ", and conflicts with \(o.conflicts.count - 1) more statement(s)") }
                text += "."
            } else {
                text = t("\(name) botst niet met breed gedragen ambities, maar draagt er per saldo ook weinig aan bij.",
                         "\(name) does not conflict with broadly supported ambitions, but on balance contributes little to them.")
            }
            if !o.agreements.isEmpty {
                text += t(" Tegelijk draagt de optie bij aan \(o.agreements.count) breed gedragen ambitie(s).", " At the same time it contributes to \(o.agreements.count) broadly supported ambition(s).")
            }
            if let best = a.best, best.option.id != o.option.id, best.verdict == .fits || (best.alignment ?? 0) > (o.alignment ?? 0) {
                text += t(" Van de opties sluit “\(best.option.title[language])” het best aan bij de toekomstvisie.",
                          " Of the options, “\(best.option.title[language])” fits the vision best.")
            }
            return text
        }
    }

    public func markdown(_ a: Assessment) -> String {
        var out: [String] = []
        out.append("# \(t("Toets aan de toekomstvisie", "Test against the vision")): \(a.decision.title[language])")
        out.append("")
        out.append("_\(a.decision.question[language])_")
        out.append("")
        if let p = a.preferred {
            out.append("## \(t("Oordeel", "Verdict")): \(t("de voorkeursoptie", "the preferred option")) \(verdictLabel(p.verdict))")
            out.append("")
            out.append(explanation(p, a))
            out.append("")
        }
        out.append("## \(t("Opties, best passend eerst", "Options, best fitting first"))")
        out.append("")
        out.append(t("| # | Optie | Aansluiting | Botsingen | Oordeel |", "| # | Option | Alignment | Conflicts | Verdict |"))
        out.append("| ---: | --- | ---: | ---: | --- |")
        for (i, o) in a.options.enumerated() {
            let marker = o.option.id == a.decision.preferred ? t(" (voorkeur)", " (preferred)") : ""
            let verdict = o.option.isStatusQuo && o.option.effects.isEmpty ? t("maatstaf (verandert niets)", "baseline (changes nothing)") : verdictLabel(o.verdict)
            out.append("| \(i + 1) | \(o.option.title[language])\(marker) | \(o.alignment.map(decimal) ?? "–") | \(o.conflicts.count) | \(verdict) |")
        }
        out.append("")
        for o in a.options {
            out.append("### \(o.option.title[language]) (`\(o.option.id)`)")
            out.append("")
            if let d = o.option.description { out.append(d[language]); out.append("") }
            out.append(explanation(o, a))
            out.append("")
            if !o.conflicts.isEmpty {
                out.append("**\(t("Botst met", "Conflicts with"))**")
                out.append("")
                o.conflicts.forEach { out.append("- \(cite($0))") }
                out.append("")
            }
            if !o.agreements.isEmpty {
                out.append("**\(t("Draagt bij aan", "Contributes to"))**")
                out.append("")
                o.agreements.forEach { out.append("- \(cite($0))") }
                out.append("")
            }
            if !o.unassessed.isEmpty {
                out.append(t("Te weinig respons om mee te wegen: ", "Too little input to count: ") + o.unassessed.joined(separator: ", "))
                out.append("")
            }
        }
        out.append("## \(t("Hoe is getoetst", "How this was tested"))")
        out.append("")
        out.append(t(
            "Elke optie geeft per ambitie (stelling of thema) een effect van −2 (sterk ertegen) tot +2 (sterk ervoor); een thema-effect wordt gelijk verdeeld over de stellingen van dat thema. De aansluiting is Σ netto steun × effect / (2 × Σ |effect|) over de stellingen met voldoende respons (METHOD.md §8); ze ligt tussen −0,5 en +0,5, want netto steun ligt tussen −1 en +1. Een optie botst met de visie als ze ingaat tegen een breed gedragen stelling of meewerkt aan een afgewezen stelling. Oordeel: past (aansluiting ≥ +0,20 en geen botsingen), botst (aansluiting ≤ −0,20, of negatief met een botsing), anders gemengd.",
            "Each option states per ambition (statement or theme) an effect from −2 (strongly against) to +2 (strongly for); a theme effect is spread evenly over that theme's statements. Alignment is Σ net support × effect / (2 × Σ |effect|) over the statements with enough input (METHOD.md §8); it lies between −0.5 and +0.5, since net support lies between −1 and +1. An option conflicts with the vision when it works against a broadly supported statement or towards a rejected one. Verdict: fits (alignment ≥ +0.20 and no conflicts), conflicts (alignment ≤ −0.20, or negative with a conflict), otherwise mixed."))
        out.append("")
        return out.joined(separator: "\n") + "\n"
    }

    struct JSONDocument: Encodable {
        var decision: String
        var title: LocalizedText
        var preferred: String
        var verdict: String?
        var explanation: String?
        var options: [JSONOption]
    }

    struct JSONOption: Encodable {
        var id: String
        var title: LocalizedText
        var rank: Int
        var alignment: Double?
        var verdict: String
        var conflicts: [JSONCitation]
        var agreements: [JSONCitation]
        var explanation: String
    }

    struct JSONCitation: Encodable {
        var statement: String
        var effect: Double
        var support: Double
        var opposition: Double
        var netSupport: Double
        var interval: [Double]
        var n: Int
        var `class`: String
        var bridging: Double?
    }

    func jsonDocument(_ a: Assessment) -> JSONDocument {
        let r = { (x: Double) in (x * 10_000).rounded() / 10_000 }
        let cite = { (c: Citation) in
            JSONCitation(statement: c.support.statement.id, effect: r(c.effect), support: r(c.support.support),
                         opposition: r(c.support.opposition), netSupport: r(c.support.netSupport),
                         interval: [r(c.support.interval.low), r(c.support.interval.high)], n: c.support.n,
                         class: c.support.supportClass.rawValue, bridging: c.support.bridging.map(r))
        }
        return JSONDocument(
            decision: a.decision.id, title: a.decision.title, preferred: a.decision.preferred,
            verdict: a.preferred?.verdict.rawValue, explanation: a.preferred.map { explanation($0, a) },
            options: a.options.enumerated().map { i, o in
                JSONOption(id: o.option.id, title: o.option.title, rank: i + 1, alignment: o.alignment.map(r),
                           verdict: o.verdict.rawValue, conflicts: o.conflicts.map(cite), agreements: o.agreements.map(cite),
                           explanation: explanation(o, a))
            })
    }

    public func json(_ assessments: [Assessment]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if assessments.count == 1 { return try encoder.encode(jsonDocument(assessments[0])) }
        return try encoder.encode(["decisions": assessments.map(jsonDocument)])
    }
}
