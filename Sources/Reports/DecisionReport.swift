package import Decisions
package import Documents
package import DraagvlakCore
package import Foundation
package import Maps
import Vision

/// The report on a decision, Dutch by default: the verdict on the preferred option in plain
/// language, every option ranked, the options × scenarios matrix with the decision rules, how
/// certain the verdict is, the groups an option turns against or burdens, the conflicts with
/// their figures, and signposts. Written once as blocks, rendered as Markdown or HTML; JSON too.
/// Several decisions also get an overview, robust options that fit first.
package struct DecisionReport {
    package var language: Language
    /// Maps of demographic dimensions (by id), on which the groups an option burdens are drawn.
    package var maps: [String: PreparedMap]

    package init(language: Language = .nl, maps: [String: PreparedMap] = [:]) {
        self.language = language
        self.maps = maps
    }

    /// The report's wording: its text, numbers and labels in `language`.
    var t: Wording { Wording(language) }

    /// A signed decimal with two places, or three where two would round onto the threshold
    /// from the other side (0.196 is not "+0.20" when 0.20 is where an option starts to fit).
    func decimal(_ x: Double, threshold: Double = 0.2) -> String {
        let close = abs(abs(x) - threshold) < 0.005 && abs(x) != threshold
        return t.plusMinus(x, digits: close ? 3 : 2)
    }

    /// A group by its label ("Kerkdorpen", "65 jaar of ouder", "Opiniegroep A").
    func groupName(_ survey: Survey, _ dimension: String, _ code: String) -> String {
        survey.category(dimension, code)?.label[language] ?? "\(dimension) \(code)"
    }

    /// A statement with its figures, the groups behind it, and what the option does to it as
    /// worded (for a statement worded against its ambition, working for the ambition is
    /// working against the statement).
    func cite(_ c: Citation, survey: Survey) -> String {
        let s = c.support
        var text =
            "**\(s.statement.id)** “\(s.statement.text[language])” — \(t.percent(s.support)) \(t("eens", "agree")), \(t.percent(s.opposition)) \(t("oneens", "disagree")) (\(t("interval", "interval")) \(t.interval(s.interval)), n = \(t.number(s.n))), \(t.label(s.supportClass))"
        if s.supportClass == .broadlySupported, let bridging = s.shownBridging {
            text += t(
                "; in elke getoonde groep minstens \(t.percent(bridging)) eens (afgevlakt)",
                "; at least \(t.percent(bridging)) agree in every group shown (smoothed)")
        } else if s.supportClass == .rejected {
            let backers = s.groups.sorted { $0.key < $1.key }.flatMap { dimension, cells in
                cells.sorted { $0.key < $1.key }.compactMap { code, g in
                    (g.smoothed ?? 0) >= 0.5 && !g.suppressed ? groupName(survey, dimension, code) : nil
                }
            }
            text +=
                backers.isEmpty
                ? t("; in geen enkele getoonde groep een meerderheid ervoor", "; no group shown has a majority for it")
                : t(
                    "; alleen een meerderheid ervoor bij \(backers.prefix(4).joined(separator: ", "))",
                    "; a majority for it only among \(backers.prefix(4).joined(separator: ", "))")
        }
        let towards = c.effect * Double(s.statement.polarity.rawValue)
        let direction = towards > 0 ? t("werkt ervoor", "works for it") : t("werkt ertegen", "works against it")
        text += " — \(t("deze optie", "this option")) \(direction) (\(t.plusMinus(towards, digits: 1)))"
        if s.statement.polarity == .againstAmbition {
            text += t(", want de stelling is tegen de ambitie in geformuleerd", ", as the statement is worded against the ambition")
        }
        return text
    }

    /// A plain-language explanation of one option's verdict, for a council member.
    package func explanation(_ o: OptionAssessment, _ a: Assessment, survey: Survey) -> String {
        let name = "“\(o.option.title[language])”"
        var text: String
        switch o.verdict {
        case _ where o.option.isStatusQuo && o.alignment == 0 && o.option.effects.isEmpty:
            let fitting = a.options.filter { $0.option.id != o.option.id && $0.verdict == .fits }
            text =
                fitting.isEmpty
                ? t(
                    "\(name) verandert niets aan de ambities in de toekomstvisie. Geen van de andere opties past bij wat bewoners breed steunen, dus niets veranderen is hier de betere keuze.",
                    "\(name) changes nothing about the ambitions of the vision. None of the other options fits what residents broadly support, so changing nothing is the better course here."
                )
                : t(
                    "\(name) verandert niets aan de ambities in de toekomstvisie, maar er is een optie die er wel bij past: “\(fitting[0].option.title[language])”.",
                    "\(name) changes nothing about the ambitions of the vision, but there is an option that does fit it: “\(fitting[0].option.title[language])”."
                )
        case .insufficient:
            return t(
                "\(name) raakt alleen stellingen waarover te weinig bewoners zich uitspraken; de toekomstvisie geeft hier geen basis voor een oordeel.",
                "\(name) only touches statements too few residents answered; the vision gives no basis to judge it.")
        case .fits:
            let names = o.agreements.prefix(3).map { "“\($0.support.statement.text[language])”" }.joined(separator: "; ")
            text = t(
                "\(name) past bij wat bewoners breed steunen: de optie draagt bij aan \(Plural.count(o.agreements.count, "breed gedragen ambitie", "breed gedragen ambities"))\(names.isEmpty ? "" : ", zoals \(names)"), en gaat tegen geen enkele breed gedragen ambitie in.",
                "\(name) fits what residents broadly support: it contributes to \(Plural.count(o.agreements.count, "broadly supported ambition", "broadly supported ambitions"))\(names.isEmpty ? "" : ", such as \(names)"), and works against none."
            )
        case .conflicts, .mixed:
            if let first = o.conflicts.first {
                let s = first.support
                let what =
                    s.supportClass == .broadlySupported
                    ? t(
                        "gaat in tegen wat bewoners breed steunen: “\(s.statement.text[language])” (\(t.percent(s.support)) eens)",
                        "works against what residents broadly support: “\(s.statement.text[language])” (\(t.percent(s.support)) agree)")
                    : t(
                        "werkt mee aan iets waarvoor geen meerderheid is: “\(s.statement.text[language])” (\(t.percent(s.support)) eens, \(t.percent(s.opposition)) oneens)",
                        "works towards something without majority support: “\(s.statement.text[language])” (\(t.percent(s.support)) agree, \(t.percent(s.opposition)) disagree)"
                    )
                text = "\(name) \(what)"
                if o.conflicts.count > 1 {
                    text += t(
                        ", en botst nog met \(Plural.count(o.conflicts.count - 1, "andere stelling", "andere stellingen"))",
                        ", and conflicts with \(Plural.count(o.conflicts.count - 1, "more statement", "more statements"))")
                }
                text += "."
            } else {
                text = t(
                    "\(name) botst niet met breed gedragen ambities, maar draagt er per saldo ook weinig aan bij.",
                    "\(name) does not conflict with broadly supported ambitions, but on balance contributes little to them.")
            }
            if !o.agreements.isEmpty {
                text += t(
                    " Tegelijk draagt de optie bij aan \(Plural.count(o.agreements.count, "breed gedragen ambitie", "breed gedragen ambities")).",
                    " At the same time it contributes to \(Plural.count(o.agreements.count, "broadly supported ambition", "broadly supported ambitions"))."
                )
            }
            if let best = a.best, best.option.id != o.option.id, best.verdict == .fits || (best.alignment ?? 0) > (o.alignment ?? 0) {
                text += t(
                    " Van de opties sluit “\(best.option.title[language])” het best aan bij de toekomstvisie.",
                    " Of the options, “\(best.option.title[language])” fits the vision best.")
            }
        }
        if let r = o.robustness, !(o.option.isStatusQuo && o.option.effects.isEmpty) {
            if o.option.scenarioEffects.isEmpty {
                text += t(
                    " (Het besluit noemt voor deze optie geen andere effecten per scenario; het oordeel is dus in elk scenario gelijk.)",
                    " (The decision gives this option no different effects per scenario, so its verdict is the same in each.)")
            }
            switch r {
            case .robust:
                text +=
                    a.scenarios.count == 1
                    ? t(" In het enige scenario blijft de optie passen.", " It keeps fitting in the one scenario.")
                    : t(
                        " In alle \(a.scenarios.count) scenario's blijft de optie passen: een robuuste keuze.",
                        " It keeps fitting in all \(a.scenarios.count) scenarios: a robust choice.")
            case .scenarioDependent:
                let fitting = zip(a.scenarios, o.scenarioVerdicts).filter { $0.1 == .fits }.map { $0.0.title[language] }
                text +=
                    fitting.isEmpty
                    ? t(
                        " In geen van de scenario's past de optie echt; het hangt af van hoe de toekomst uitpakt.",
                        " It fits in none of the scenarios outright; it depends on how the future turns out.")
                    : t(
                        " Of de optie past, hangt af van de toekomst: ze past in \(fitting.joined(separator: " en ")), niet in de andere scenario's.",
                        " Whether it fits depends on the future: it fits in \(fitting.joined(separator: " and ")), not in the other scenarios."
                    )
            case .fragile:
                text += t(
                    " In de meeste scenario's gaat de optie tegen de toekomstvisie in: een kwetsbare keuze.",
                    " In most scenarios it goes against the vision: a fragile choice.")
            case .weak:
                text += t(
                    " In geen van de scenario's past de optie echt bij de toekomstvisie.",
                    " In none of the scenarios does it really fit the vision.")
            }
        }
        let against = o.turnsAgainst
        if !against.isEmpty, o.verdict != .conflicts {
            text += t(
                " Let op: voor \(against.prefix(3).map { groupName(survey, $0.dimension, $0.category) }.joined(separator: ", ")) gaat de optie juist in tegen wat zij zelf willen.",
                " Note: for \(against.prefix(3).map { groupName(survey, $0.dimension, $0.category) }.joined(separator: ", ")) the option goes against what they themselves want."
            )
        }
        if let holds = o.verdictHolds, let c = a.certainty {
            text += t(
                " Dit oordeel blijft staan in \(t.percent(holds)) van \(t.number(c.draws)) \(Plural.form(c.draws, "trekking", "trekkingen")) uit de onzekerheid van de antwoorden.",
                " This verdict holds in \(t.percent(holds)) of \(t.number(c.draws)) \(Plural.form(c.draws, "draw", "draws")) from the uncertainty of the answers."
            )
        }
        return text
    }

    // MARK: One decision

    package func markdown(_ a: Assessment, survey: Survey) -> String { MarkdownRenderer.render(document(a, survey: survey)) }
    package func html(_ a: Assessment, survey: Survey) -> String { HTMLRenderer.render(document(a, survey: survey)) }

    package func document(_ a: Assessment, survey: Survey) -> Document {
        var blocks: [Block] = []
        if let p = a.preferred {
            blocks.append(
                .heading(
                    level: 2, text: "\(t("Oordeel over de voorkeursoptie", "Verdict on the preferred option")): \(t.label(p.verdict))",
                    id: "oordeel"))
            blocks.append(.paragraph(explanation(p, a, survey: survey)))
        }
        blocks.append(.heading(level: 2, text: t("Opties, best passend eerst", "Options, best fitting first"), id: "opties"))
        let withScenarios = !a.scenarios.isEmpty
        var header = [
            "#", t("Optie", "Option"), t("Aansluiting (−1…+1)", "Alignment (−1…+1)"), t("Botsingen", "Conflicts"), t("Oordeel", "Verdict"),
        ]
        if withScenarios {
            header += [
                t("Slechtste scenario", "Worst scenario"), t("Grootste spijt", "Largest regret"), t("Past in", "Fits in"),
                t("Scenario's", "Scenarios"),
            ]
        }
        if a.certainty != nil { header.append(t("Oordeel houdt", "Verdict holds")) }
        let rows = a.options.enumerated().map { i, o -> [String] in
            let marker = o.option.id == a.decision.preferred ? t(" (voorkeur)", " (preferred)") : ""
            let verdict =
                o.option.isStatusQuo && o.option.effects.isEmpty
                ? "\(t.label(o.verdict)) (\(t("verandert niets", "changes nothing")))" : t.label(o.verdict)
            let d = { (x: Double) in decimal(x, threshold: a.fitThreshold) }
            var row = ["\(i + 1)", o.option.title[language] + marker, o.alignment.map(d) ?? "–", "\(o.conflicts.count)", verdict]
            if withScenarios {
                row += [o.worstCase.map(d) ?? "–", o.maxRegret.map(d) ?? "–", o.satisficing.map(t.percent) ?? "–", t.label(o.robustness)]
            }
            if a.certainty != nil { row.append(o.verdictHolds.map(t.percent) ?? "–") }
            return row
        }
        blocks.append(
            .table(DocumentTable(header: header, rows: rows, numeric: header.indices.map { [0, 2, 3, 5, 6, 7, 9].contains($0) })))
        if withScenarios { scenarioSection(a, &blocks) }
        if let c = a.certainty { certaintySection(a, c, &blocks) }
        for o in a.options { optionSection(o, a, survey: survey, &blocks) }
        method(a, &blocks)
        var subtitle = ["_\(a.decision.question[language])_"]
        if let source = a.decision.source { subtitle.append(t("Besluitbestand: ", "Decision file: ") + "`\(source)`") }
        return Document(
            title: "\(t("Toets aan de toekomstvisie", "Test against the vision")): \(a.decision.title[language])",
            subtitle: subtitle, language: language.rawValue, blocks: blocks)
    }

    func scenarioSection(_ a: Assessment, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 2, text: t("Opties in elk scenario", "Options in each scenario"), id: "scenarios"))
        blocks.append(
            .paragraph(
                t(
                    "De aansluiting van elke optie in elk toekomstscenario (op een schaal van −1 tot +1). Een optie die in elk scenario past, is robuust: die verdient voorrang, want ze is waardevol hoe de toekomst ook uitpakt.",
                    "Each option's alignment in each future scenario (on a scale from −1 to +1). An option that fits in every scenario is robust: it deserves priority, because it is valuable however the future turns out."
                )))
        let names = a.scenarios.map { $0.title[language] }
        blocks.append(
            .table(
                DocumentTable(
                    header: [t("Optie", "Option")] + names + [t("Oordeel over scenario's", "Across scenarios")],
                    rows: a.options.map { o in
                        [o.option.title[language]] + o.scenarioAlignments.map { $0.map { decimal($0, threshold: a.fitThreshold) } ?? "–" }
                            + [t.label(o.robustness)]
                    },
                    numeric: [false] + names.map { _ in true } + [false])))
        blocks.append(
            .chart(
                Charts.heatmap(
                    id: "scenario-matrix", title: t("Aansluiting per optie en scenario", "Alignment per option and scenario"),
                    summary: a.options.map { o in
                        "\(o.option.title[language]): "
                            + zip(names, o.scenarioAlignments).map { "\($0.0) \($0.1.map { decimal($0) } ?? "–")" }.joined(separator: ", ")
                    }.joined(separator: "; "),
                    rows: a.options.map { $0.option.title[language] }, columns: names,
                    values: a.options.map { $0.scenarioAlignments.map { $0.map { min(1, max(0, ($0 + 1) / 2)) } } },
                    labels: a.options.map { $0.scenarioAlignments.map { $0.map { decimal($0, threshold: a.fitThreshold) } ?? "–" } })))
        let title = { (id: String?) in a.options.first { $0.option.id == id }?.option.title[language] ?? "–" }
        blocks.append(
            .list([
                t(
                    "**Maximin** (kies de optie waarvan het slechtste scenario het best uitpakt): \(title(a.maximin)).",
                    "**Maximin** (choose the option whose worst scenario turns out best): \(title(a.maximin))."),
                t(
                    "**Minimax-spijt** (kies de optie waarbij je achteraf het minst spijt kunt krijgen): \(title(a.minimaxRegret)).",
                    "**Minimax regret** (choose the option you can least regret afterwards): \(title(a.minimaxRegret))."),
                t(
                    "**Satisficing**: het aandeel scenario's waarin de aansluiting van een optie minstens \(decimal(a.fitThreshold)) is, in de kolom ‘Past in’.",
                    "**Satisficing**: the share of scenarios in which an option's alignment reaches \(decimal(a.fitThreshold)), in the column ‘Fits in’."
                ),
            ]))
        blocks.append(.list(a.scenarios.map { "**\($0.title[language])**: \($0.summary[language])" }))
    }

    func certaintySection(_ a: Assessment, _ c: Certainty, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 2, text: t("Hoe zeker is het oordeel?", "How certain is the verdict?"), id: "zekerheid"))
        let best = a.best?.option.title[language] ?? "–"
        blocks.append(
            .paragraph(
                t(
                    "De steun voor elke stelling is een schatting uit de antwoorden. We hebben die steun \(t.number(c.draws)) keer opnieuw getrokken uit de onzekerheid (zaad \(c.seed)) en elke keer opnieuw getoetst. Het oordeel over de voorkeursoptie blijft staan in \(t.percent(c.preferredVerdictHolds)) van de trekkingen; “\(best)” blijft de best passende optie in \(t.percent(c.bestHolds)).",
                    "Support for each statement is an estimate from the answers. We redrew that support \(c.draws == 1 ? "once" : "\(t.number(c.draws)) times") from its uncertainty (seed \(c.seed)) and tested again each time. The verdict on the preferred option holds in \(t.percent(c.preferredVerdictHolds)) of the draws; “\(best)” stays the best-fitting option in \(t.percent(c.bestHolds))."
                )))
        let bars = a.options.filter { !($0.option.isStatusQuo && $0.option.effects.isEmpty) }.compactMap { o in
            o.verdictHolds.map { Charts.Bar(label: o.option.title[language], value: $0, text: "\(t.percent($0)) — \(t.label(o.verdict))") }
        }
        blocks.append(
            .chart(
                Charts.bars(
                    id: "zekerheid-chart", title: t("Hoe vaak het oordeel per optie blijft staan", "How often each option's verdict holds"),
                    summary: bars.map { "\($0.label): \($0.text)" }.joined(separator: "; "), bars: bars, maximum: 1)))
    }

    func optionSection(_ o: OptionAssessment, _ a: Assessment, survey: Survey, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 3, text: "\(o.option.title[language]) (`\(o.option.id)`)", id: "optie-\(o.option.id)"))
        if let d = o.option.description { blocks.append(.paragraph(d[language])) }
        blocks.append(.paragraph(explanation(o, a, survey: survey)))
        if !o.conflicts.isEmpty {
            blocks.append(.paragraph("**\(t("Botst met", "Conflicts with"))**"))
            blocks.append(.list(o.conflicts.map { cite($0, survey: survey) }))
        }
        if !o.agreements.isEmpty {
            blocks.append(.paragraph("**\(t("Draagt bij aan", "Contributes to"))**"))
            blocks.append(.list(o.agreements.map { cite($0, survey: survey) }))
        }
        let against = o.turnsAgainst
        let burdened = o.option.groupEffects.filter { $0.strength < 0 }
        let benefited = o.option.groupEffects.filter { $0.strength > 0 }
        if !against.isEmpty || !burdened.isEmpty || !benefited.isEmpty {
            blocks.append(.paragraph("**\(t("Groepen", "Groups"))**"))
            var items = against.map { g in
                t(
                    "\(groupName(survey, g.dimension, g.category)): aansluiting met de eigen steun van deze groep \(decimal(g.alignment))",
                    "\(groupName(survey, g.dimension, g.category)): alignment with this group's own support \(decimal(g.alignment))")
                    + (g.effect.map {
                        $0 < 0
                            ? t(", en de optie belast de groep direct (−\(-$0))", ", and the option burdens the group directly (−\(-$0))")
                            : ""
                    } ?? "")
            }
            for b in burdened where !against.contains(where: { $0.dimension == b.dimension && $0.category == b.category }) {
                items.append(
                    t(
                        "\(groupName(survey, b.dimension, b.category)): de optie belast deze groep direct (−\(-b.strength))",
                        "\(groupName(survey, b.dimension, b.category)): the option burdens this group directly (−\(-b.strength))"))
            }
            for b in benefited {
                items.append(
                    t(
                        "\(groupName(survey, b.dimension, b.category)): de optie komt deze groep direct ten goede (+\(b.strength))",
                        "\(groupName(survey, b.dimension, b.category)): the option benefits this group directly (+\(b.strength))"))
            }
            blocks.append(.list(items))
            effectMaps(o, survey: survey, &blocks)
        }
        if !o.option.signposts.isEmpty {
            blocks.append(.paragraph("**\(t("Wegwijzers: opnieuw bekijken als…", "Signposts: revisit when…"))**"))
            blocks.append(
                .list(
                    o.option.signposts.enumerated().map { index, signpost in
                        "\(signpost.indicator[language]): \(signpost.revisit[language])"
                            + (o.signals.first { $0.index == index }.map { " — " + reading($0, survey: survey) } ?? "")
                    }))
        }
        if !o.unassessed.isEmpty {
            blocks.append(
                .note(t("Te weinig respons om mee te wegen: ", "Too little input to count: ") + o.unassessed.joined(separator: ", ")))
        }
    }

    func method(_ a: Assessment, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 2, text: t("Hoe is getoetst", "How this was tested"), id: "methode"))
        var items = [
            t(
                "Elke optie geeft per ambitie (stelling of thema) een effect van −2 (sterk ertegen) tot +2 (sterk ervoor); een thema-effect wordt gelijk verdeeld over de stellingen van dat thema. De aansluiting is Σ netto steun × effect / Σ |effect| over de stellingen met voldoende respons (docs/METHOD.md §8), op een schaal van −1 (de optie doet precies het tegendeel van wat bewoners willen) tot +1 (precies wat ze willen); een optie met één effect krijgt de netto steun van die stelling.",
                "Each option states per ambition (statement or theme) an effect from −2 (strongly against) to +2 (strongly for); a theme effect is spread evenly over that theme's statements. Alignment is Σ net support × effect / Σ |effect| over the statements with enough input (docs/METHOD.md §8), on a scale from −1 (the option does exactly the opposite of what residents want) to +1 (exactly what they want); an option with one effect gets that statement's net support."
            ),
            t(
                "Een optie botst met de visie als ze ingaat tegen een breed gedragen stelling of meewerkt aan een afgewezen stelling (meer bewoners ertegen dan ervoor, buiten de onzekerheid); meewerken aan een stelling zonder meerderheid is geen botsing. Oordeel: past (aansluiting ≥ \(decimal(a.fitThreshold)) en geen botsingen), botst (aansluiting ≤ \(decimal(-a.fitThreshold)), of negatief met een botsing), anders gemengd. De nuloptie past als geen van de andere opties past, en is anders gemengd.",
                "An option conflicts with the vision when it works against a broadly supported statement or towards a rejected one (more residents against than for, beyond the uncertainty); working towards a statement without a majority is not a conflict. Verdict: fits (alignment ≥ \(decimal(a.fitThreshold)) and no conflicts), conflicts (alignment ≤ \(decimal(-a.fitThreshold)), or negative with a conflict), otherwise mixed. The status quo fits when none of the other options does, and is mixed otherwise."
            ),
            t(
                "Verdeeldheid: dezelfde aansluiting, berekend met de eigen netto steun van elke groep die groot genoeg is om te tonen (wijk, leeftijd, woonsituatie, opiniegroep). Genoemd worden groepen waarvoor die onder −0,05 ligt terwijl de optie als geheel positief is, of op of onder \(decimal(-a.fitThreshold)).",
                "Divide check: the same alignment computed with each reportable group's own net support (district, age, tenure, opinion group). Named are the groups for which it is below −0.05 while the option as a whole is positive, or at or below \(decimal(-a.fitThreshold))."
            ),
        ]
        if !a.scenarios.isEmpty {
            items.append(
                t(
                    "Scenario's: per scenario gelden de effecten van de optie, met de afwijkingen die het besluit voor dat scenario noemt, en wordt het oordeel opnieuw bepaald (aansluiting én botsingen). Robuust: past in elk scenario; kwetsbaar: botst in de meeste; scenarioafhankelijk: past in sommige; zwak: past in geen enkel, zonder in de meeste te botsen. Spijt in een scenario = beste aansluiting in dat scenario − die van de optie.",
                    "Scenarios: in each scenario the option's effects apply, with the differences the decision names for that scenario, and the verdict is decided again (alignment and conflicts). Robust: fits in every scenario; fragile: conflicts in most; scenario-dependent: fits in some; weak: fits in none without conflicting in most. Regret in a scenario = the best alignment in that scenario − the option's."
                ))
        }
        if let c = a.certainty {
            items.append(
                t(
                    "Zekerheid: \(t.number(c.draws)) \(Plural.form(c.draws, "trekking", "trekkingen")) met zaad \(c.seed); steun p′ ~ Beta(n_eff·p + 1, n_eff·(1 − p) + 1), van de rest het deel oneens ~ Beta(n_eff·oneens + 1, n_eff·neutraal + 1); breed gedragen en afgewezen opnieuw bepaald met de getrokken steun.",
                    "Certainty: \(t.number(c.draws)) \(Plural.form(c.draws, "draw", "draws")) with seed \(c.seed); support p′ ~ Beta(n_eff·p + 1, n_eff·(1 − p) + 1), of the rest the disagreeing part ~ Beta(n_eff·disagree + 1, n_eff·neutral + 1); broadly supported and rejected re-evaluated with the drawn support."
                ))
        }
        blocks.append(.list(items))
    }

    // MARK: Many decisions

    /// The overview of several decisions: robust options that fit first, then options that fit
    /// depending on the scenario, then mixed verdicts, then conflicts; each linked to its report
    /// (`link(decision id)`).
    package func overview(_ assessments: [Assessment], survey: Survey, title: LocalizedText?, link: (String) -> String?) -> Document {
        let withScenarios = assessments.contains { !$0.scenarios.isEmpty }
        func tier(_ a: Assessment) -> Int {
            guard let p = a.preferred else { return 4 }
            switch p.verdict {
            case .fits: return p.robustness == .robust || p.robustness == nil ? 0 : 1
            case .mixed: return 2
            case .conflicts: return 3
            case .insufficient: return 4
            }
        }
        let tiers: [(Int, String)] = [
            (
                0,
                withScenarios
                    ? t("Robuust en passend bij de toekomstvisie", "Robust and fitting the vision")
                    : t("Passend bij de toekomstvisie", "Fitting the vision")
            ),
            (1, t("Passend, maar niet in elk scenario", "Fitting, but not in every scenario")),
            (2, t("Gemengd", "Mixed")),
            (3, t("Botst met de toekomstvisie", "Conflicts with the vision")),
            (4, t("Te weinig basis voor een oordeel", "Too little basis to judge")),
        ]
        var blocks: [Block] = [
            .paragraph(
                withScenarios
                    ? t(
                        "\(assessments.count) besluiten getoetst aan de toekomstvisie. Bovenaan de keuzes die passen bij wat bewoners breed steunen én overeind blijven in elk scenario: die verdienen voorrang. Daarna keuzes die alleen in sommige toekomsten passen, dan gemengde, en als laatste de keuzes die botsen met de visie.",
                        "\(assessments.count) decisions tested against the vision. First the choices that fit what residents broadly support and hold up in every scenario: these deserve priority. Then choices that fit only in some futures, then mixed ones, and last the choices that conflict with the vision."
                    )
                    : t(
                        "\(assessments.count) besluiten getoetst aan de toekomstvisie: eerst de keuzes die passen bij wat bewoners breed steunen, dan gemengde, en als laatste de keuzes die botsen met de visie. (De raadpleging noemt geen scenario's.)",
                        "\(assessments.count) decisions tested against the vision: first the choices that fit what residents broadly support, then mixed ones, and last the choices that conflict with the vision. (The consultation names no scenarios.)"
                    ))
        ]
        for (level, heading) in tiers {
            let members = assessments.filter { tier($0) == level }
            guard !members.isEmpty else { continue }
            blocks.append(.heading(level: 2, text: heading, id: "tier-\(level)"))
            blocks.append(
                .table(
                    DocumentTable(
                        header: [
                            t("Besluit", "Decision"), t("Voorkeursoptie", "Preferred option"),
                            t("Aansluiting (−1…+1)", "Alignment (−1…+1)"), t("Scenario's", "Scenarios"),
                            t("Oordeel houdt", "Verdict holds"), t("Best passende optie", "Best-fitting option"),
                        ],
                        rows: members.map { a in
                            let p = a.preferred
                            let name = link(a.decision.id).map { "[\(a.decision.title[language])](\($0))" } ?? a.decision.title[language]
                            return [
                                name, p?.option.title[language] ?? "–", p?.alignment.map { decimal($0) } ?? "–", t.label(p?.robustness),
                                p?.verdictHolds.map(t.percent) ?? "–",
                                a.best.map {
                                    $0.option.id == a.decision.preferred
                                        ? t("de voorkeursoptie", "the preferred option") : $0.option.title[language]
                                } ?? "–",
                            ]
                        },
                        numeric: [false, false, true, false, true, false])))
        }
        // Signposts on residents' support: those the vision has crossed, and those it cannot read.
        let signals = assessments.flatMap { a in a.options.flatMap { o in o.signals.map { (a, o, $0) } } }
        if !signals.isEmpty {
            let line = { (a: Assessment, o: OptionAssessment, r: SignpostReading) in
                "\(a.decision.title[language]) — \(o.option.title[language]): \(o.option.signposts[r.index].indicator[language]) — \(reading(r, survey: survey))"
            }
            let fired = signals.filter { $0.2.crossed }.map(line)
            let unread = signals.filter { $0.2.value == nil }.map(line)
            blocks.append(.heading(level: 2, text: t("Wegwijzers: opnieuw bekijken", "Signposts: revisit"), id: "wegwijzers"))
            blocks.append(
                fired.isEmpty
                    ? .paragraph(
                        t(
                            "Van de \(signals.count) wegwijzers over de steun van bewoners is er in deze toekomstvisie geen gepasseerd.",
                            "None of the \(signals.count) signposts on residents' support has been crossed in this vision."))
                    : .list(fired))
            if !unread.isEmpty {
                blocks.append(.paragraph("**\(t("Nu niet te lezen", "Cannot be read now"))**"))
                blocks.append(.list(unread))
            }
        }
        return Document(
            title: title?[language] ?? t("Toets van de besluiten aan de toekomstvisie", "Decisions tested against the vision"),
            subtitle: [], language: language.rawValue, blocks: blocks)
    }

    // MARK: JSON

    struct JSONDocument: Encodable {
        var decision: String
        var title: LocalizedText
        var preferred: String
        var verdict: String?
        var robustness: String?
        var explanation: String?
        var scenarios: [String]
        var maximin: String?
        var minimaxRegret: String?
        var certainty: JSONCertainty?
        var options: [JSONOption]
    }

    struct JSONCertainty: Encodable {
        var draws: Int
        var seed: UInt64
        var preferredVerdictHolds: Double
        var bestHolds: Double
    }

    struct JSONOption: Encodable {
        var id: String
        var title: LocalizedText
        var rank: Int
        var alignment: Double?
        var verdict: String
        var scenarioAlignments: [String: Double?]
        var worstCase: Double?
        var maxRegret: Double?
        var satisficing: Double?
        var robustness: String?
        var verdictHolds: Double?
        var conflicts: [JSONCitation]
        var agreements: [JSONCitation]
        var groupsAgainst: [JSONGroup]
        var groupEffects: [JSONGroupEffect]
        var signposts: [JSONSignpost]
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

    struct JSONGroup: Encodable {
        var dimension: String
        var category: String
        var alignment: Double
    }

    struct JSONGroupEffect: Encodable {
        var dimension: String
        var category: String
        var effect: Int
    }

    struct JSONSignpost: Encodable {
        var indicator: LocalizedText
        var revisit: LocalizedText
        /// For a signpost on residents' support: what it watches and how it reads now.
        var support: JSONSupportSignal?
    }

    struct JSONSupportSignal: Encodable {
        var statement: String
        var group: [String: String]?
        var below: Double?
        var above: Double?
        /// The support now; null when it cannot be read.
        var value: Double?
        var revisit: Bool
    }

    func jsonDocument(_ a: Assessment, survey: Survey) -> JSONDocument {
        let r = VisionJSON.round
        let cite = { (c: Citation) in
            JSONCitation(
                statement: c.support.statement.id, effect: r(c.effect), support: r(c.support.support),
                opposition: r(c.support.opposition), netSupport: r(c.support.netSupport),
                interval: [r(c.support.interval.low), r(c.support.interval.high)], n: c.support.n,
                class: c.support.supportClass.rawValue, bridging: c.support.shownBridging.map(r))
        }
        return JSONDocument(
            decision: a.decision.id, title: a.decision.title, preferred: a.decision.preferred,
            verdict: a.preferred?.verdict.rawValue, robustness: a.preferred?.robustness?.rawValue,
            explanation: a.preferred.map { explanation($0, a, survey: survey) },
            scenarios: a.scenarios.map(\.id), maximin: a.maximin, minimaxRegret: a.minimaxRegret,
            certainty: a.certainty.map {
                JSONCertainty(
                    draws: $0.draws, seed: $0.seed, preferredVerdictHolds: r($0.preferredVerdictHolds), bestHolds: r($0.bestHolds))
            },
            options: a.options.enumerated().map { i, o in
                JSONOption(
                    id: o.option.id, title: o.option.title, rank: i + 1, alignment: o.alignment.map(r), verdict: o.verdict.rawValue,
                    scenarioAlignments: Dictionary(
                        uniqueKeysWithValues: zip(a.scenarios.map(\.id), o.scenarioAlignments.map { $0.map(r) })),
                    worstCase: o.worstCase.map(r), maxRegret: o.maxRegret.map(r), satisficing: o.satisficing.map(r),
                    robustness: o.robustness?.rawValue, verdictHolds: o.verdictHolds.map(r),
                    conflicts: o.conflicts.map(cite), agreements: o.agreements.map(cite),
                    groupsAgainst: o.turnsAgainst.map {
                        JSONGroup(dimension: $0.dimension, category: $0.category, alignment: r($0.alignment))
                    },
                    groupEffects: o.option.groupEffects.map {
                        JSONGroupEffect(dimension: $0.dimension, category: $0.category, effect: $0.strength)
                    },
                    signposts: o.option.signposts.enumerated().map { index, signpost in
                        let reading = o.signals.first { $0.index == index }
                        return JSONSignpost(
                            indicator: signpost.indicator, revisit: signpost.revisit,
                            support: reading.map { rd in
                                JSONSupportSignal(
                                    statement: rd.signal.statement,
                                    group: rd.signal.dimension.flatMap { d in rd.signal.category.map { [d: $0] } },
                                    below: rd.signal.direction == .below ? rd.signal.threshold : nil,
                                    above: rd.signal.direction == .above ? rd.signal.threshold : nil, value: rd.value.map(r),
                                    revisit: rd.crossed)
                            })
                    },
                    explanation: explanation(o, a, survey: survey))
            })
    }

    package func json(_ assessments: [Assessment], survey: Survey) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if assessments.count == 1 { return try encoder.encode(jsonDocument(assessments[0], survey: survey)) }
        return try encoder.encode(["decisions": assessments.map { jsonDocument($0, survey: survey) }])
    }
}

extension DecisionReport {
    /// Per mapped dimension the option names groups of: the areas it burdens (orange) and
    /// benefits (purple), by strength. These are the decision's own statements about areas,
    /// not residents' figures, so no area is suppressed.
    func effectMaps(_ o: OptionAssessment, survey: Survey, _ blocks: inout [Block]) {
        for (dimension, map) in maps.sorted(by: { $0.key < $1.key }) {
            let effects = o.option.groupEffects.filter { $0.dimension == dimension && $0.strength != 0 }
            guard !effects.isEmpty else { continue }
            let cells = effects.map { e -> MapCharts.Cell in
                let (colour, legend) =
                    switch e.strength {
                    case ...(-2): ("#e66101", t("sterk belast", "strongly burdened"))
                    case -1: ("#fdb863", t("belast", "burdened"))
                    case 1: ("#b2abd2", t("gebaat", "benefits"))
                    default: ("#5e3c99", t("sterk gebaat", "benefits strongly"))
                    }
                return MapCharts.Cell(
                    category: e.category, fill: .colour(colour, legend: legend), text: e.strength < 0 ? "−\(-e.strength)" : "+\(e.strength)"
                )
            }
            let named = Dictionary(map.shapes.map { ($0.category, $0.label) }, uniquingKeysWith: { a, _ in a })
            blocks.append(
                .chart(
                    MapCharts.map(
                        id: "kaart-\(o.option.id)-\(dimension)",
                        title: t(
                            "Wie de optie belast en wie ze ten goede komt: \(o.option.title[language])",
                            "Whom the option burdens and benefits: \(o.option.title[language])"),
                        summary: cells.map { "\(named[$0.category] ?? $0.category): \($0.text)" }.joined(separator: "; ")
                            + t("; andere gebieden: geen direct effect", "; other areas: no direct effect"),
                        map: map, cells: cells, suppressedLegend: "")))
        }
    }
}

extension DecisionReport {
    /// A support signpost as read in the vision: "**opnieuw bekijken**: 45% eens, onder 50%", or
    /// that it has not crossed, or cannot be read.
    func reading(_ r: SignpostReading, survey: Survey) -> String {
        let bound = r.signal.direction == .below ? t("onder", "below") : t("boven", "above")
        let who = r.signal.dimension.flatMap { d in r.signal.category.map { groupName(survey, d, $0) } }
        let subject = "\(r.signal.statement)\(who.map { ", \($0)" } ?? "")"
        guard let value = r.value else {
            return t(
                "nu niet te lezen (\(subject): te weinig antwoorden of een te kleine groep)",
                "cannot be read now (\(subject): too few answers or too small a group)")
        }
        return r.crossed
            ? "**\(t("opnieuw bekijken", "revisit"))**: \(subject) \(t.percent(value)) \(t("eens", "agree")), \(bound) \(t.percent(r.signal.threshold))"
            : t(
                "nu \(subject) \(t.percent(value)) eens, niet \(bound) \(t.percent(r.signal.threshold))",
                "now \(subject) \(t.percent(value)) agree, not \(bound) \(t.percent(r.signal.threshold))")
    }
}
