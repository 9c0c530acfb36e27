public import DraagvlakCore
import Foundation

/// The future-vision document in Markdown, Dutch by default: summary per theme, what divides
/// residents, participation, every statement, and the method with its settings.
public struct VisionMarkdown {
    public var language: Language
    /// The date printed on the document (passed in, so a document can be reproduced).
    public var date: String

    public init(language: Language = .nl, date: String) {
        self.language = language
        self.date = date
    }

    private func t(_ nl: String, _ en: String) -> String { language == .nl ? nl : en }

    public func render(_ vision: Vision) -> String {
        var out: [String] = []
        let survey = vision.survey
        out.append(t("# Toekomstvisie: wat bewoners breed dragen", "# Future vision: what residents broadly support"))
        out.append("")
        out.append("**\(vision.consultation)** — \(survey.title[language])")
        out.append("")
        out.append(t("_Opgesteld met Draagvlak op \(date) uit de antwoorden van \(vision.respondents) deelnemers._",
                     "_Prepared with Draagvlak on \(date) from the answers of \(vision.respondents) participants._"))
        out.append("")
        summary(vision, &out)
        divides(vision, &out)
        participation(vision, &out)
        table(vision, &out)
        method(vision, &out)
        return out.joined(separator: "\n") + "\n"
    }

    func groupName(_ survey: Survey, _ dimension: String, _ code: String) -> String {
        guard let question = survey.demographics.first(where: { $0.id == dimension }),
            let category = question.categories.first(where: { $0.code == code })
        else { return "\(dimension) \(code)" }
        return "\(dimension) \(category.label[language])"
    }

    func figures(_ s: StatementSupport) -> String {
        "\(Formatting.percent(s.support, language)) \(t("eens", "agree")), \(Formatting.interval(s.interval, language)), n = \(s.n)"
    }

    private func summary(_ vision: Vision, _ out: inout [String]) {
        out.append(t("## Samenvatting", "## Summary"))
        out.append("")
        let count = { (c: SupportClass) in vision.statements.filter { $0.supportClass == c }.count }
        out.append(t(
            "Van de \(vision.statements.count) stellingen zijn er \(count(.broadlySupported)) breed gedragen: een ruime meerderheid steunt ze, en in geen enkele wijk, leeftijdsgroep of andere groep is een meerderheid tegen. \(count(.majorityDivided)) hebben een meerderheid maar verdelen bewoners, \(count(.contested)) zijn omstreden, \(count(.rejected)) worden afgewezen en bij \(count(.insufficient)) is de respons te klein voor een oordeel.",
            "Of the \(vision.statements.count) statements, \(count(.broadlySupported)) are broadly supported: a clear majority backs them, and no district, age group or other group is against them. \(count(.majorityDivided)) have a majority but divide residents, \(count(.contested)) are contested, \(count(.rejected)) are rejected, and for \(count(.insufficient)) there is too little input to judge."))
        out.append("")
        for theme in vision.survey.themes {
            let statements = vision.statements(in: theme.id)
            guard !statements.isEmpty else { continue }
            out.append("### \(theme.title[language])")
            out.append("")
            for c in SupportClass.allCases {
                let members = statements.filter { $0.supportClass == c }.sorted { $0.support > $1.support }
                guard !members.isEmpty else { continue }
                out.append("**\(c.label(language).capitalizedFirst)**")
                out.append("")
                for s in members {
                    out.append("- \(s.statement.text[language]) _(\(figures(s)))_")
                }
                out.append("")
            }
        }
    }

    private func divides(_ vision: Vision, _ out: inout [String]) {
        out.append(t("## Wat bewoners verdeelt", "## What divides residents"))
        out.append("")
        let divided = vision.statements
            .filter { $0.supportClass == .majorityDivided || $0.supportClass == .contested }
            .sorted { ($0.polarisation ?? 0) > ($1.polarisation ?? 0) }
        if divided.isEmpty {
            out.append(t("Geen enkele stelling verdeelt de groepen die groot genoeg zijn om te tonen.",
                         "No statement divides the groups large enough to show."))
            out.append("")
            return
        }
        out.append(t(
            "Bij deze stellingen is de meerderheid niet breed: een groep is ertegen, de groepen lopen sterk uiteen, of het oordeel is te krap. De grootste tegenstelling staat bovenaan.",
            "For these statements the majority is not broad: a group is against, groups differ strongly, or the verdict is too close. The largest divide comes first."))
        out.append("")
        for s in divided {
            var line = "- **\(s.statement.id)** \(s.statement.text[language]) — \(figures(s)); \(s.supportClass.label(language))."
            let against = s.groupsBelow(vision.thresholds.groupFloor)
            if !against.isEmpty {
                let names = against.map { "\(groupName(vision.survey, $0.dimension, $0.category)) (\(Formatting.percent($0.support, language)))" }
                line += t(" Geen meerderheid bij: ", " No majority among: ") + names.joined(separator: ", ") + "."
            }
            if let p = s.polarisation, let g = s.polarisedGroup, p >= 0.1 {
                line += t(" Grootste verschil: \(groupName(vision.survey, g.dimension, g.category)) wijkt \(Int((p * 100).rounded())) procentpunt af van de rest.",
                          " Largest gap: \(groupName(vision.survey, g.dimension, g.category)) differs from the rest by \(Int((p * 100).rounded())) percentage points.")
            }
            out.append(line)
        }
        out.append("")
    }

    private func participation(_ vision: Vision, _ out: inout [String]) {
        out.append(t("## Deelname", "## Participation"))
        out.append("")
        out.append(t("\(vision.respondents) bewoners vulden de vragenlijst in.", "\(vision.respondents) residents answered the survey."))
        if !vision.sources.isEmpty {
            out.append("")
            out.append(t("| Bron | Formaat | Deelnemers |", "| Source | Format | Participants |"))
            out.append("| --- | --- | ---: |")
            for source in vision.sources { out.append("| \(Formatting.cell(source.file)) | \(source.format) | \(source.respondents) |") }
        }
        out.append("")
        let suppressedText = t("< \(vision.thresholds.kMin) (niet getoond)", "< \(vision.thresholds.kMin) (not shown)")
        for dimension in vision.participation {
            out.append("**\(dimension.question.text[language])**")
            out.append("")
            out.append(t("| Groep | Deelnemers | Aandeel |", "| Group | Participants | Share |"))
            out.append("| --- | ---: | ---: |")
            for cell in dimension.cells {
                if let count = cell.count {
                    let share = vision.respondents > 0 ? Formatting.percent(Double(count) / Double(vision.respondents), language) : "–"
                    out.append("| \(cell.label[language]) | \(count) | \(share) |")
                } else {
                    out.append("| \(cell.label[language]) | \(suppressedText) | – |")
                }
            }
            let notStated = dimension.notStated.map(String.init) ?? suppressedText
            out.append("| \(t("Niet ingevuld", "Not stated")) | \(notStated) | |")
            out.append("")
        }
    }

    private func table(_ vision: Vision, _ out: inout [String]) {
        out.append(t("## Alle stellingen", "## All statements"))
        out.append("")
        out.append(t(
            "Steun: aandeel (helemaal) eens onder wie antwoordde. Netto: eens min oneens. Brug: de laagste (afgevlakte) instemming in een groep. Polarisatie: het grootste verschil tussen een groep en de rest.",
            "Support: share who (strongly) agree among those who answered. Net: agree minus disagree. Bridge: the lowest (smoothed) agreement in any group. Polarisation: the largest gap between a group and the rest."))
        out.append("")
        out.append(t("| Id | Thema | Stelling | n | Steun | 95%-interval | Netto | Brug | Polarisatie | Oordeel |",
                     "| Id | Theme | Statement | n | Support | 95% interval | Net | Bridge | Polarisation | Verdict |"))
        out.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for s in vision.statements {
            let theme = vision.survey.theme(s.statement.theme)?.title[language] ?? s.statement.theme
            let polarity = s.statement.polarity == .againstAmbition ? " ⁽⁻⁾" : ""
            out.append("| \(s.statement.id) | \(Formatting.cell(theme)) | \(Formatting.cell(s.statement.text[language]))\(polarity) | \(s.n) | \(Formatting.percent(s.support, language)) | \(Formatting.interval(s.interval, language)) | \(Formatting.signed(s.netSupport, language)) | \(s.bridging.map { Formatting.percent($0, language) } ?? "–") | \(s.polarisation.map { Formatting.decimal($0, 2, language) } ?? "–") | \(s.supportClass.label(language)) |")
        }
        out.append("")
        out.append(t("⁽⁻⁾ Stelling tegen de ambitie in geformuleerd: wie het eens is, is tegen de ambitie.",
                     "⁽⁻⁾ Statement worded against the ambition: agreeing means opposing the ambition."))
        out.append("")
    }

    private func method(_ vision: Vision, _ out: inout [String]) {
        let th = vision.thresholds
        let pct = { (x: Double) in Formatting.percent(x, language) }
        out.append(t("## Methode en instellingen", "## Method and settings"))
        out.append("")
        out.append(t(
            "Deze raadpleging is geen steekproef: wie meedoet, kiest daar zelf voor. De intervallen beschrijven de deelnemers, niet alle inwoners; dit is geen referendum.",
            "This consultation is not a random sample: participants chose to take part. The intervals describe the participants, not all residents; this is not a referendum."))
        out.append("")
        if vision.weighted {
            out.append(t("De antwoorden zijn gewogen naar de bevolkingsverdeling.", "Answers are weighted to the population margins."))
        } else {
            out.append(t("De antwoorden zijn niet gewogen: elke deelnemer telt even zwaar (gewicht 1), dus de effectieve steekproefomvang is gelijk aan n.",
                         "Answers are not weighted: every participant counts the same (weight 1), so the effective sample size equals n."))
        }
        out.append("")
        out.append(t(
            "- Antwoorden worden teruggebracht tot eens / neutraal / oneens: op een vijfpuntsschaal 4–5 / 3 / 1–2, op een zevenpuntsschaal 5–7 / 4 / 1–3, bij stemmen eens / overslaan / oneens. \"Weet niet\" telt niet mee.\n- Steun is het aandeel eens onder wie antwoordde; het 95%-interval is het Wilson-interval met de effectieve steekproefomvang.\n- Per groep (elke categorie van wijk, leeftijd, woonsituatie, …) geldt de afgevlakte instemming (eens + 1) / (antwoorden + 2). Groepen met minder dan \(th.kMin) deelnemers worden niet getoond en tellen niet mee voor brug en polarisatie.\n- Brug: de laagste afgevlakte instemming van een groep. Polarisatie: het grootste verschil tussen een groep en de rest van dezelfde indeling.",
            "- Answers reduce to agree / neutral / disagree: on a five-point scale 4–5 / 3 / 1–2, on a seven-point scale 5–7 / 4 / 1–3, for votes agree / pass / disagree. \"Don't know\" is left out.\n- Support is the share who agree among those who answered; the 95% interval is the Wilson interval with the effective sample size.\n- For each group (every category of district, age, tenure, …) the smoothed agreement (agree + 1) / (answers + 2) is used. Groups with fewer than \(th.kMin) participants are not shown and do not count towards bridge and polarisation.\n- Bridge: the lowest smoothed agreement of any group. Polarisation: the largest gap between a group and the rest of the same breakdown."))
        out.append("")
        out.append(t("| Oordeel | Regel (van boven naar beneden; de eerste die geldt beslist) |", "| Verdict | Rule (top to bottom; the first that holds decides) |"))
        out.append("| --- | --- |")
        out.append("| \(SupportClass.insufficient.label(language)) | \(t("effectieve n kleiner dan", "effective n below")) \(th.nMin) |")
        out.append("| \(SupportClass.broadlySupported.label(language)) | \(t("steun", "support")) ≥ \(pct(th.broadSupport)), \(t("ondergrens interval", "lower interval bound")) > \(pct(th.majority)), \(t("elke groep", "every group")) ≥ \(pct(th.groupFloor)) |")
        out.append("| \(SupportClass.majorityDivided.label(language)) | \(t("steun", "support")) > \(pct(th.majority)), \(t("maar een groep onder", "but a group below")) \(pct(th.groupFloor)) \(t("of polarisatie", "or polarisation")) ≥ \(Formatting.decimal(th.polarisation, 2, language)) |")
        out.append("| \(SupportClass.contested.label(language)) | \(t("het interval bevat", "the interval contains")) \(pct(th.majority)), \(t("of een meerderheid onder de drempel voor breed draagvlak", "or a majority below the broad-support threshold")) |")
        out.append("| \(SupportClass.rejected.label(language)) | \(t("bovengrens interval", "upper interval bound")) < \(pct(th.majority)) |")
        out.append("")
        out.append(t(
            "Privacy: respondentnummers zijn vervangen door een sleutel-hash (geheim per raadpleging); persoonsgegevens in open antwoorden zijn bij het inlezen verwijderd; groepen kleiner dan \(th.kMin) worden niet getoond, en waar een totaal een verborgen groep zou verraden, wordt ook de op één na kleinste groep verborgen.",
            "Privacy: respondent ids are replaced by a keyed hash (a secret per consultation); personal data in open answers is removed on import; groups smaller than \(th.kMin) are not shown, and where a total would reveal a hidden group, the next smallest group is hidden as well."))
        out.append("")
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
