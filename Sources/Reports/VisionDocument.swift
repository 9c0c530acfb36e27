package import Documents
package import DraagvlakCore
import Foundation
package import Maps
package import Vision

/// The future-vision document a municipality publishes, Dutch by default: what residents
/// broadly support per theme, where they differ (groups and opinion groups), their priorities
/// and own words, who took part and how they were weighted, the method and its settings,
/// provenance, and every statement's figures. Written once as blocks, rendered as Markdown or
/// as self-contained HTML with charts.
package struct VisionDocument {
    package var language: Language
    /// The date printed on the document (passed in, so a document can be reproduced).
    package var date: String
    /// Maps of demographic dimensions (by id), drawn per theme and per statement.
    package var maps: [String: PreparedMap]
    /// The municipality's reply, printed as the chapter after the summary when there is one.
    package var reply: Reply?
    /// The comparison with an earlier wave, printed after the summary when there is one.
    package var comparison: VisionComparison?

    package init(language: Language = .nl, date: String, maps: [String: PreparedMap] = [:], reply: Reply? = nil) {
        self.language = language
        self.date = date
        self.maps = maps
        self.reply = reply
    }

    package func markdown(_ vision: Vision) -> String { MarkdownRenderer.render(document(vision)) }
    package func html(_ vision: Vision) -> String { HTMLRenderer.render(document(vision)) }
    package func participationReportMarkdown(_ vision: Vision, reply: Reply) -> String {
        MarkdownRenderer.render(participationReport(vision, reply: reply))
    }
    package func participationReportHTML(_ vision: Vision, reply: Reply) -> String {
        HTMLRenderer.render(participationReport(vision, reply: reply))
    }

    /// The document's wording: its text, numbers and labels in `language`.
    var t: Wording { Wording(language) }

    package func document(_ vision: Vision) -> Document {
        var blocks: [Block] = []
        summary(vision, &blocks)
        if let comparison { comparisonSection(comparison, &blocks) }
        if let reply { replyChapter(vision, reply, &blocks) }
        divides(vision, &blocks)
        statementMaps(vision, &blocks)
        opinionGroups(vision, &blocks)
        priorities(vision, &blocks)
        ownWords(vision, &blocks)
        participation(vision, &blocks)
        method(vision, &blocks)
        provenance(vision, &blocks)
        statementTable(vision, &blocks)
        return Document(
            title: t("Toekomstvisie: wat bewoners breed dragen", "Future vision: what residents broadly support"),
            subtitle: [
                "**\(vision.consultation)** — \(vision.survey.title[language])"
                    + (vision.wave == Wave.single ? "" : t(" — meting \(vision.wave)", " — wave \(vision.wave)")),
                t(
                    "_Opgesteld met Draagvlak op \(date) uit de antwoorden van \(Plural.count(vision.respondents, "deelnemer", "deelnemers"))._",
                    "_Prepared with Draagvlak on \(date) from the answers of \(Plural.count(vision.respondents, "participant", "participants"))._"
                ),
            ],
            language: language.rawValue, blocks: blocks)
    }

    /// The participation report (participatieverslag) on its own: who took part, what they
    /// broadly support, and the municipality's reply per theme and statement.
    package func participationReport(_ vision: Vision, reply: Reply) -> Document {
        var blocks: [Block] = []
        blocks.append(.heading(level: 2, text: t("Wat bewoners zeiden", "What residents said"), id: "inbreng"))
        let count = { (c: SupportClass) in vision.statements.filter { $0.supportClass == c }.count }
        blocks.append(.paragraph(classCounts(vision.statements.count, count)))
        replyChapter(vision, reply, &blocks)
        participation(vision, &blocks)
        blocks.append(
            .note(
                t(
                    "De cijfers, de methode en elke stelling staan in de toekomstvisie (draagvlak vision).",
                    "The figures, the method and every statement are in the future vision (draagvlak vision).")))
        return Document(
            title: t("Participatieverslag: wat we met uw inbreng doen", "Participation report: what we do with your input"),
            subtitle: [
                "**\(vision.consultation)** — \(vision.survey.title[language])",
                t(
                    "_Opgesteld met Draagvlak op \(date) uit de antwoorden van \(Plural.count(vision.respondents, "deelnemer", "deelnemers"))._",
                    "_Prepared with Draagvlak on \(date) from the answers of \(Plural.count(vision.respondents, "participant", "participants"))._"
                ),
            ],
            language: language.rawValue, blocks: blocks)
    }

    // MARK: Names

    func dimensionName(_ survey: Survey, _ dimension: String) -> String {
        survey.demographics.first { $0.id == dimension }?.text[language] ?? dimension
    }

    /// "district Noord", or for opinion groups just "Opiniegroep A".
    func groupName(_ survey: Survey, _ dimension: String, _ code: String) -> String {
        guard let category = survey.category(dimension, code) else { return "\(dimension) \(code)" }
        return dimension == VisionBuilder.opinionGroupDimension ? category.label[language] : "\(dimension) \(category.label[language])"
    }

    func figures(_ s: StatementSupport) -> String {
        "\(t.percent(s.support)) \(t("eens", "agree")), \(t.interval(s.interval)), n = \(s.n)"
    }

    func legend(_ scale: Scale) -> [String] {
        switch scale {
        case .vote: [t("oneens", "disagree"), t("overgeslagen", "pass"), t("eens", "agree")]
        case .likert5:
            [
                t("zeer oneens", "strongly disagree"), t("oneens", "disagree"), t("neutraal", "neutral"), t("eens", "agree"),
                t("zeer eens", "strongly agree"),
            ]
        case .likert7: ["1", "2", "3", "4", "5", "6", "7"]
        }
    }

    // MARK: Sections

    func summary(_ vision: Vision, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 2, text: t("Samenvatting", "Summary"), id: "samenvatting"))
        let count = { (c: SupportClass) in vision.statements.filter { $0.supportClass == c }.count }
        blocks.append(.paragraph(classCounts(vision.statements.count, count)))
        for theme in vision.survey.themes {
            let statements = vision.statements(in: theme.id)
            guard !statements.isEmpty else { continue }
            blocks.append(.heading(level: 3, text: theme.title[language], id: "thema-\(theme.id)"))
            for c in SupportClass.allCases {
                let members = statements.filter { $0.supportClass == c }.sorted { $0.support > $1.support }
                guard !members.isEmpty else { continue }
                blocks.append(.paragraph("**\(t.label(c).capitalizedFirst)**"))
                blocks.append(.list(members.map { "\($0.statement.text[language]) _(\($0.statement.id): \(figures($0)))_" }))
            }
            let scales = Set(statements.map(\.statement.scale))
            for scale in Scale.allCases where scales.contains(scale) {
                let rows = statements.filter { $0.statement.scale == scale }.map {
                    Charts.DivergingRow(
                        label: "\($0.statement.id) \($0.statement.text[language])", shares: $0.distribution,
                        value: "\(t.percent($0.support)) \(t("eens", "agree"))")
                }
                blocks.append(
                    .chart(
                        Charts.diverging(
                            id: "antwoorden-\(theme.id)-\(scale.rawValue)",
                            title: t(
                                "Antwoorden per stelling: \(theme.title[language])", "Answers per statement: \(theme.title[language])"),
                            summary: rows.map { "\($0.label): \($0.value)" }.joined(separator: "; "),
                            rows: rows, legend: legend(scale))))
            }
            themeMaps(vision, theme: theme, statements: statements, &blocks)
        }
    }

    /// The summary's sentence on how many statements fall in each class, with every count's
    /// noun and verb in agreement with it.
    func classCounts(_ total: Int, _ count: (SupportClass) -> Int) -> String {
        let broad = count(.broadlySupported)
        let opening = t(
            "Van de \(Plural.count(total, "stelling", "stellingen")) \(broad == 1 ? "is" : "zijn") er \(broad) breed gedragen: een ruime meerderheid steunt \(broad == 1 ? "haar" : "ze"), en in geen enkele wijk, leeftijdsgroep, opiniegroep of andere groep is een meerderheid tegen.",
            "Of the \(Plural.count(total, "statement", "statements")), \(broad) \(broad == 1 ? "is" : "are") broadly supported: a clear majority backs \(broad == 1 ? "it" : "them"), and no district, age group, opinion group or other group is against \(broad == 1 ? "it" : "them")."
        )
        let rest = [
            t.count(
                count(.majorityDivided), ("heeft een meerderheid maar verdeelt bewoners", "hebben een meerderheid maar verdelen bewoners"),
                ("has a majority but divides residents", "have a majority but divide residents")),
            t.count(count(.contested), ("is omstreden", "zijn omstreden"), ("is contested", "are contested")),
            t.count(count(.noMajority), ("heeft geen meerderheid", "hebben geen meerderheid"), ("has no majority", "have no majority")),
            t.count(count(.rejected), ("wordt afgewezen", "worden afgewezen"), ("is rejected", "are rejected")),
        ]
        let tooLittle = t(
            "bij \(count(.insufficient)) is de respons te klein voor een oordeel.",
            "for \(count(.insufficient)) there is too little input to judge.")
        return opening + " " + (rest.joined(separator: ", ") + t(" en ", ", and ") + tooLittle).capitalizedFirst
    }

    func divides(_ vision: Vision, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 2, text: t("Waar bewoners verschillen", "Where residents differ"), id: "verschillen"))
        let divided = vision.statements
            .filter { $0.supportClass == .majorityDivided || $0.supportClass == .contested }
            .sorted { ($0.shownPolarisation ?? 0) > ($1.shownPolarisation ?? 0) }
        if divided.isEmpty {
            blocks.append(
                .paragraph(
                    t(
                        "Geen enkele stelling verdeelt de groepen die groot genoeg zijn om te tonen.",
                        "No statement divides the groups large enough to show.")))
        } else {
            blocks.append(
                .paragraph(
                    t(
                        "Bij deze stellingen is de meerderheid niet breed: een groep is ertegen, de groepen lopen sterk uiteen, of het oordeel is te krap. De grootste tegenstelling staat bovenaan.",
                        "For these statements the majority is not broad: a group is against, groups differ strongly, or the verdict is too close. The largest divide comes first."
                    )))
            blocks.append(
                .list(
                    divided.map { s in
                        var line = "**\(s.statement.id)** \(s.statement.text[language]) — \(figures(s)); \(t.label(s.supportClass))."
                        let against = s.groupsBelow(vision.thresholds.groupFloor)
                        var names = against.map { "\(groupName(vision.survey, $0.dimension, $0.category)) (\(t.percent($0.support)))" }
                        if s.hiddenGroupBelowFloor { names.append(t("een groep die niet getoond wordt", "a group that is not shown")) }
                        if !names.isEmpty {
                            line += t(" Geen meerderheid bij: ", " No majority among: ") + names.joined(separator: ", ") + "."
                        }
                        if let p = s.shownPolarisation, let g = s.shownPolarisedGroup, p >= 0.1 {
                            line += t(
                                " Grootste verschil: \(groupName(vision.survey, g.dimension, g.category)) wijkt \(Int((p * 100).rounded())) procentpunt af van de rest.",
                                " Largest gap: \(groupName(vision.survey, g.dimension, g.category)) differs from the rest by \(Int((p * 100).rounded())) percentage points."
                            )
                        }
                        return line
                    }))
        }
        // Statement × group heatmap over every dimension (opinion groups included).
        var columns: [(dimension: String, category: String, name: String)] = []
        for question in vision.survey.demographics {
            for category in question.categories { columns.append((question.id, category.code, category.label[language])) }
        }
        let values = vision.statements.map { s in
            columns.map { c in s.groups[c.dimension]?[c.category].flatMap { $0.suppressed ? nil : $0.smoothed } }
        }
        let shown = columns.indices.filter { c in values.contains { $0[c] != nil } }
        guard !shown.isEmpty else { return }
        blocks.append(
            .chart(
                Charts.heatmap(
                    id: "groepen",
                    title: t("Instemming per groep (afgevlakt, in %) per stelling", "Agreement per group (smoothed, in %) per statement"),
                    summary: t(
                        "Rijen: stellingen; kolommen: groepen per indeling. Oranje is weinig, paars veel instemming; gearceerd is niet getoond (te kleine groep, of verborgen om een kleinere te beschermen).",
                        "Rows: statements; columns: groups per breakdown. Orange is low, purple high agreement; hatched is not shown (group too small)."
                    ),
                    rows: vision.statements.map { "\($0.statement.id) \($0.statement.text[language])" },
                    columns: shown.map { "\(columns[$0].name)" },
                    values: values.map { row in shown.map { row[$0] } })))
        blocks.append(
            .note(
                t(
                    "Groepen met minder dan \(vision.thresholds.kMin) deelnemers (en zo nodig de op één na kleinste, zodat totalen ze niet verraden) zijn gearceerd, of weggelaten als ze bij geen enkele stelling getoond mogen worden. De cijfers per groep staan in de JSON-uitvoer.",
                    "Groups with fewer than \(vision.thresholds.kMin) participants (and where needed the next smallest, so totals do not give them away) are hatched, or left out when they may not be shown for any statement. The figures per group are in the JSON output."
                )))
    }

    func opinionGroups(_ vision: Vision, _ blocks: inout [Block]) {
        guard let og = vision.opinionGroups, !og.groups.isEmpty else { return }
        let shown = og.groups.filter { !$0.suppressed }
        let survey = vision.survey
        blocks.append(.heading(level: 2, text: t("Opiniegroepen", "Opinion groups"), id: "opiniegroepen"))
        blocks.append(
            .paragraph(
                t(
                    "Los van wijk of leeftijd vormen bewoners groepen die op veel stellingen hetzelfde antwoorden. Draagvlak vindt ze uit de antwoorden alleen, zoals Polis dat doet: \(og.placed) deelnemers met minstens \(Plural.count(og.minimumAnswers, "antwoord", "antwoorden")) vallen in \(og.groups.count) groepen (\(og.leftOut) met minder antwoorden \(Plural.form(og.leftOut, "is", "zijn")) niet ingedeeld). Een stelling is pas breed gedragen als geen van deze groepen ertegen is.",
                    "Apart from district or age, residents form groups that answer many statements alike. Draagvlak finds them from the answers alone, as Polis does: \(og.placed) participants with at least \(Plural.count(og.minimumAnswers, "answer", "answers")) fall into \(og.groups.count) groups (\(og.leftOut) with fewer answers \(Plural.form(og.leftOut, "is", "are")) not placed). A statement is broadly supported only if none of these groups is against it."
                )))
        blocks.append(
            .chart(
                Charts.bubbles(
                    id: "opiniekaart",
                    title: t("Kaart van de opiniegroepen", "Map of the opinion groups"),
                    summary: shown.map { t("Groep \($0.id): \($0.size) deelnemers", "Group \($0.id): \($0.size) participants") }.joined(
                        separator: "; "),
                    bubbles: shown.map {
                        Charts.Bubble(
                            label: $0.id, x: $0.centre.x, y: $0.centre.y, size: Double($0.size),
                            text: "\($0.size) \(t("deelnemers", "participants"))")
                    },
                    axes: (
                        t("eerste hoofdcomponent", "first principal component"), t("tweede hoofdcomponent", "second principal component")
                    ),
                    density: og.density)))
        for group in shown {
            blocks.append(
                .heading(
                    level: 3, text: t("Groep \(group.id) (\(group.size) deelnemers)", "Group \(group.id) (\(group.size) participants)"),
                    id: "groep-\(group.id)"))
            guard !group.representative.isEmpty else {
                blocks.append(
                    .paragraph(t("Geen stelling onderscheidt deze groep significant.", "No statement sets this group apart significantly."))
                )
                continue
            }
            blocks.append(
                .table(
                    DocumentTable(
                        header: [t("Stelling", "Statement"), t("Groep", "Group"), t("Rest", "Others"), "n", "z"],
                        rows: group.representative.map { r in
                            let s = survey.statements[r.statement]
                            let stance = r.agrees ? t("eens", "agree") : t("oneens", "disagree")
                            return [
                                "\(s.id) \(s.text[language])", "\(t.percent(r.share)) \(stance)", "\(t.percent(r.shareRest)) \(stance)",
                                "\(r.n)", t.decimal(r.z),
                            ]
                        },
                        numeric: [false, true, true, true, true],
                        caption: t("Wat groep \(group.id) onderscheidt", "What sets group \(group.id) apart"))))
        }
        if !og.consensus.isEmpty {
            blocks.append(
                .heading(
                    level: 3, text: t("Waar alle opiniegroepen het over eens zijn", "What all opinion groups agree on"), id: "consensus"))
            blocks.append(
                .list(
                    og.consensus.map { c in
                        let s = survey.statements[c.statement]
                        return
                            "\(s.text[language]) _(\(s.id); \(t("in elke groep minstens", "at least")) \(t.percent(c.lowestShare)) \(c.agrees ? t("eens", "agree") : t("oneens", "disagree"))\(language == .en ? " in every group" : ""))_"
                    }))
        }
        blocks.append(
            .note(
                t(
                    "Methode: antwoorden als +1 (eens), 0 (neutraal) en −1 (oneens); deelnemers met minder dan \(og.minimumAnswers) antwoorden niet ingedeeld; PCA naar twee componenten (verklaarde variantie \(og.explainedVariance.map { t.percent($0) }.joined(separator: " en "))) met de schaling van Polis voor dunne rijen; k-means met k gekozen op silhouet (\(t.decimal(og.silhouette))); vast zaad \(og.seed). Op de kaart zijn vakjes met minder dan \(vision.thresholds.kMin) deelnemers weggelaten.",
                    "Method: answers as +1 (agree), 0 (neutral) and −1 (disagree); participants with fewer than \(og.minimumAnswers) answers not placed; PCA to two components (explained variance \(og.explainedVariance.map { t.percent($0) }.joined(separator: " and "))) with Polis's scaling of sparse rows; k-means with k chosen by silhouette (\(t.decimal(og.silhouette))); fixed seed \(og.seed). Map cells with fewer than \(vision.thresholds.kMin) participants are left out."
                )))
    }

    func priorities(_ vision: Vision, _ blocks: inout [Block]) {
        guard !vision.rankings.isEmpty || !vision.points.isEmpty else { return }
        blocks.append(.heading(level: 2, text: t("Prioriteiten", "Priorities"), id: "prioriteiten"))
        for ranking in vision.rankings {
            blocks.append(.heading(level: 3, text: ranking.question.text[language], id: "prioriteit-\(ranking.question.id)"))
            let m = ranking.question.options.count
            blocks.append(
                .paragraph(
                    t(
                        "\(ranking.respondents) deelnemers zetten de onderwerpen in volgorde. De Borda-score is de gemiddelde plaats als punten (\(m - 1) voor de eerste plaats, 0 voor de laatste of niet gekozen); de Schulze-volgorde laat zien welk onderwerp het in een-op-een-vergelijkingen van elk ander wint.",
                        "\(ranking.respondents) participants put the topics in order. The Borda score is the average position in points (\(m - 1) for first place, 0 for last or not chosen); the Schulze order shows which topic wins head-to-head against every other."
                    )))
            blocks.append(
                .chart(
                    Charts.bars(
                        id: "borda-\(ranking.question.id)",
                        title: t(
                            "Borda-score per onderwerp: \(ranking.question.text[language])",
                            "Borda score per topic: \(ranking.question.text[language])"),
                        summary: ranking.options.map { "\($0.label[language]): \(t.decimal($0.borda))" }.joined(separator: "; "),
                        bars: ranking.options.map { Charts.Bar(label: $0.label[language], value: $0.borda, text: t.decimal($0.borda)) },
                        maximum: Double(max(1, m - 1)))))
            blocks.append(
                .table(
                    DocumentTable(
                        header: [t("Onderwerp", "Topic"), "Borda", t("Op één", "First place"), t("Schulze-plaats", "Schulze place")],
                        rows: ranking.options.map {
                            [$0.label[language], t.decimal($0.borda), t.percent($0.firstPlace), "\($0.schulzeRank)"]
                        },
                        numeric: [false, true, true, true])))
        }
        for points in vision.points {
            blocks.append(.heading(level: 3, text: points.question.text[language], id: "prioriteit-\(points.question.id)"))
            blocks.append(
                .paragraph(
                    t(
                        "\(points.respondents) deelnemers verdeelden punten. Per onderwerp het gemiddelde aandeel van ieders punten, met \(t.percent(vision.thresholds.confidence))-interval.",
                        "\(points.respondents) participants divided points. Per topic the mean share of each participant's points, with a \(t.percent(vision.thresholds.confidence)) interval."
                    )))
            blocks.append(
                .chart(
                    Charts.bars(
                        id: "punten-\(points.question.id)",
                        title: t(
                            "Gemiddeld aandeel van de punten: \(points.question.text[language])",
                            "Mean share of the points: \(points.question.text[language])"),
                        summary: points.options.map { "\($0.label[language]): \(t.percent($0.meanShare)) (\(t.interval($0.interval)))" }
                            .joined(separator: "; "),
                        bars: points.options.map {
                            Charts.Bar(
                                label: $0.label[language], value: $0.meanShare, interval: $0.interval,
                                text: "\(t.percent($0.meanShare)) (\(t.interval($0.interval)))")
                        },
                        maximum: max(0.01, points.options.map(\.interval.high).max() ?? 1))))
            blocks.append(
                .table(
                    DocumentTable(
                        header: [
                            t("Onderwerp", "Topic"), t("Gemiddeld aandeel", "Mean share"),
                            t("\(t.percent(vision.thresholds.confidence))-interval", "\(t.percent(vision.thresholds.confidence)) interval"),
                        ],
                        rows: points.options.map { [$0.label[language], t.percent($0.meanShare), t.interval($0.interval)] },
                        numeric: [false, true, true])))
        }
    }

    func ownWords(_ vision: Vision, _ blocks: inout [Block]) {
        guard !vision.ownWords.isEmpty else { return }
        blocks.append(.heading(level: 2, text: t("In de woorden van bewoners", "In residents' own words"), id: "eigen-woorden"))
        blocks.append(
            .paragraph(
                t(
                    "Persoonsgegevens (e-mailadressen, telefoonnummers, postcodes met huisnummer, IBAN's, BSN-achtige nummers en namen) zijn uit de open antwoorden verwijderd voordat iets anders gebeurde. Citaten staan los van de deelnemer die ze schreef.",
                    "Personal data (e-mail addresses, phone numbers, postcodes with house numbers, IBANs, BSN-like numbers and names) was removed from open answers before anything else. Quotes are not linked to the participant who wrote them."
                )))
        for words in vision.ownWords {
            blocks.append(.heading(level: 3, text: words.question.text[language], id: "woorden-\(words.question.id)"))
            blocks.append(
                .paragraph(
                    t(
                        "\(Plural.count(words.answered, "deelnemer schreef", "deelnemers schreven")) iets.",
                        "\(Plural.count(words.answered, "participant", "participants")) wrote something.")))
            if !words.keyphrases.isEmpty {
                blocks.append(
                    .paragraph(
                        t("**Wat vaak terugkomt:** ", "**What comes back often:** ")
                            + words.keyphrases.prefix(12).map { "\($0.phrase) (\($0.answers))" }.joined(separator: ", ")))
            }
            for (i, topic) in words.topics.enumerated() {
                var line =
                    "**\(t("Onderwerp", "Topic")) \(i + 1): \(topic.terms.prefix(4).joined(separator: ", "))** — \(topic.size) \(t("antwoorden", "answers"))"
                if !topic.groups.isEmpty {
                    line +=
                        t("; vooral van ", "; mostly from ")
                        + topic.groups.map { "\(groupName(vision.survey, $0.dimension, $0.category)) (\(t.percent($0.share)))" }.joined(
                            separator: ", ")
                }
                blocks.append(.paragraph(line + "."))
                blocks.append(.quotes(topic.quotes))
            }
        }
    }

    func participation(_ vision: Vision, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 2, text: t("Deelname en representativiteit", "Participation and representativeness"), id: "deelname"))
        blocks.append(
            .paragraph(
                t(
                    "\(Plural.count(vision.respondents, "bewoner vulde", "bewoners vulden")) de vragenlijst in.",
                    "\(Plural.count(vision.respondents, "resident", "residents")) answered the survey.")))
        if !vision.sources.isEmpty {
            blocks.append(
                .table(
                    DocumentTable(
                        header: [t("Bron", "Source"), t("Formaat", "Format"), t("Deelnemers", "Participants")],
                        rows: vision.sources.map { [$0.file, $0.format, "\($0.respondents)"] }, numeric: [false, false, true])))
        }
        if let open = vision.openAnswers {
            blocks.append(
                .paragraph(
                    t(
                        "\(Plural.count(open.answers, "antwoord kwam", "antwoorden kwamen")) online binnen zonder persoonlijke code. Van \(open.sharingASignal) daarvan kwamen meer antwoorden uit hetzelfde netwerk met dezelfde browser: dat kan één persoon zijn die vaker antwoordde, maar ook een huishouden of een openbare computer. Ze tellen allemaal mee; het aantal per netwerk was begrensd.",
                        "\(Plural.count(open.answers, "answer", "answers")) came in online without a personal code. For \(open.sharingASignal) of them, more answers came from the same network with the same browser: that may be one person answering more than once, but also a household or a public computer. They all count; answers per network were limited."
                    )))
        }
        let w = vision.weighting
        if w.isWeighted {
            blocks.append(
                .paragraph(
                    t(
                        "Wie meedoet, kiest daar zelf voor; sommige groepen doen meer mee dan andere. Daarom zijn de antwoorden gewogen naar de bevolkingsverdeling (raking over \(Plural.count(w.margins.count, "kenmerk", "kenmerken")), \(w.converged ? "geconvergeerd" : "**niet geconvergeerd**") na \(Plural.count(w.rounds, "ronde", "rondes"))\(w.trimRounds > 0 ? ", gewichten \(w.trimRounds)× afgekapt" : "")). De gewichten lopen van \(t.decimal(w.minimumWeight)) tot \(t.decimal(w.maximumWeight)); het design-effect is \(t.decimal(w.designEffect)), dus de \(w.respondents) antwoorden wegen als \(Int(w.effectiveN.rounded())) onafhankelijke (effectieve steekproefomvang). Alle intervallen gebruiken die effectieve omvang.",
                        "Participants chose to take part; some groups take part more than others. The answers are therefore weighted to the population (raking over \(Plural.count(w.margins.count, "characteristic", "characteristics")), \(w.converged ? "converged" : "**not converged**") after \(Plural.count(w.rounds, "round", "rounds"))\(w.trimRounds > 0 ? ", weights trimmed \(w.trimRounds)×" : "")). Weights range from \(t.decimal(w.minimumWeight)) to \(t.decimal(w.maximumWeight)); the design effect is \(t.decimal(w.designEffect)), so the \(w.respondents) answers weigh as \(Int(w.effectiveN.rounded())) independent ones (effective sample size). All intervals use that effective size."
                    )))
        } else {
            blocks.append(
                .paragraph(
                    t(
                        "De antwoorden zijn niet gewogen: de raadpleging noemt geen bevolkingsverdeling (of die kon niet worden toegepast). Elke deelnemer telt even zwaar.",
                        "The answers are not weighted: the consultation names no population margins (or they could not be applied). Every participant counts the same."
                    )))
        }
        for omission in w.omitted {
            let q = vision.survey.demographics[omission.dimension]
            let names = omission.emptyCategories.map { q.categories[$0].label[language] }.joined(separator: ", ")
            blocks.append(
                .paragraph(
                    t(
                        "**Niet gewogen naar \(q.text[language]):** geen deelnemers in \(names), dus die verdeling kan niet worden gehaald.",
                        "**Not weighted to \(q.text[language]):** no participants in \(names), so that margin cannot be met.")))
        }
        let hidden = t("verborgen", "hidden")
        for dimension in vision.participation {
            let d = vision.survey.demographics.firstIndex { $0.id == dimension.question.id }
            let margin = w.margins.first { $0.dimension == d }
            var rows: [[String]] = []
            let stated = dimension.cells.compactMap(\.count).reduce(0, +)
            for (i, cell) in dimension.cells.enumerated() {
                var row = [cell.label[language], cell.count.map(String.init) ?? hidden]
                if let margin {
                    row += [
                        cell.suppressed ? "–" : t.percent(margin.unweighted[i]), t.percent(margin.weighted[i]),
                        t.percent(margin.targets[i]),
                        cell.suppressed || margin.targets[i] == 0 ? "–" : t.decimal(margin.unweighted[i] / margin.targets[i]),
                    ]
                } else {
                    row.append(cell.count.map { stated > 0 ? t.percent(Double($0) / Double(vision.respondents)) : "–" } ?? "–")
                }
                rows.append(row)
            }
            let notStatedLabel =
                dimension.question.id == VisionBuilder.opinionGroupDimension
                ? t("Niet ingedeeld", "Not placed") : t("Niet ingevuld", "Not stated")
            var notStated = [notStatedLabel, dimension.notStated.map(String.init) ?? hidden]
            notStated += Array(repeating: "", count: margin == nil ? 1 : 4)
            rows.append(notStated)
            let header =
                margin == nil
                ? [t("Groep", "Group"), t("Deelnemers", "Participants"), t("Aandeel", "Share")]
                : [
                    t("Groep", "Group"), t("Deelnemers", "Participants"), t("Ongewogen", "Unweighted"), t("Gewogen", "Weighted"),
                    t("Bevolking", "Population"), t("Deelnameratio", "Participation ratio"),
                ]
            blocks.append(
                .table(
                    DocumentTable(
                        header: header, rows: rows, numeric: header.indices.map { $0 > 0 }, caption: dimension.question.text[language])))
            if let margin {
                blocks.append(
                    .note(
                        t(
                            "Deelnameratio = aandeel onder deelnemers / aandeel in de bevolking; van \(t.decimal(margin.participationRatio.min)) tot \(t.decimal(margin.participationRatio.max)).",
                            "Participation ratio = share among participants / share in the population; from \(t.decimal(margin.participationRatio.min)) to \(t.decimal(margin.participationRatio.max))."
                        )))
            }
        }
    }

    func method(_ vision: Vision, _ blocks: inout [Block]) {
        let th = vision.thresholds
        blocks.append(.heading(level: 2, text: t("Methode en instellingen", "Method and settings"), id: "methode"))
        blocks.append(
            .paragraph(
                t(
                    "Deze raadpleging is geen steekproef: wie meedoet, kiest daar zelf voor. De intervallen beschrijven de deelnemers (gewogen waar dat kon), niet alle inwoners; dit is geen referendum.",
                    "This consultation is not a random sample: participants chose to take part. The intervals describe the participants (weighted where possible), not all residents; this is not a referendum."
                )))
        blocks.append(
            .list([
                t(
                    "Antwoorden worden teruggebracht tot eens / neutraal / oneens: op een vijfpuntsschaal 4–5 / 3 / 1–2, op een zevenpuntsschaal 5–7 / 4 / 1–3, bij stemmen eens / overslaan / oneens. \"Weet niet\" telt niet mee.",
                    "Answers reduce to agree / neutral / disagree: on a five-point scale 4–5 / 3 / 1–2, on a seven-point scale 5–7 / 4 / 1–3, for votes agree / pass / disagree. \"Don't know\" is left out."
                ),
                t(
                    "Steun is het gewogen aandeel eens onder wie antwoordde; het \(t.percent(th.confidence))-interval is het Wilson-interval met de effectieve steekproefomvang (Kish).",
                    "Support is the weighted share who agree among those who answered; the \(t.percent(th.confidence)) interval is the Wilson interval with the effective sample size (Kish)."
                ),
                t(
                    "Per groep (elke categorie van wijk, leeftijd, woonsituatie, … en elke opiniegroep) geldt de afgevlakte instemming (eens + 1) / (antwoorden + 2). Groepen met minder dan \(th.kMin) deelnemers worden niet getoond en tellen niet mee voor brug en polarisatie.",
                    "For each group (every category of district, age, tenure, … and every opinion group) the smoothed agreement (agree + 1) / (answers + 2) is used. Groups with fewer than \(th.kMin) participants are not shown and do not count towards bridge and polarisation."
                ),
                t(
                    "Brug: de laagste afgevlakte instemming van een groep. Polarisatie: het grootste verschil tussen een groep en de rest van dezelfde indeling. Groepsconsensus (GIC): het product van de afgevlakte instemming over de opiniegroepen, en de G-de machtswortel daarvan.",
                    "Bridge: the lowest smoothed agreement of any group. Polarisation: the largest gap between a group and the rest of the same breakdown. Group-informed consensus (GIC): the product of the smoothed agreement over the opinion groups, and its G-th root."
                ),
                t(
                    "Bij Likert-stellingen ook de consensus van Tastle–Wierman, de ordinale spreiding van Leik en de overeenstemming A van Van der Eijk.",
                    "Likert statements also get Tastle–Wierman consensus, Leik's ordinal dispersion and van der Eijk's agreement A."),
            ]))
        blocks.append(
            .table(
                DocumentTable(
                    header: [
                        t("Oordeel", "Verdict"),
                        t(
                            "Regel (van boven naar beneden; de eerste die geldt beslist)",
                            "Rule (top to bottom; the first that holds decides)"),
                    ],
                    rows: [
                        [t.label(SupportClass.insufficient), "\(t("effectieve n kleiner dan", "effective n below")) \(th.nMin)"],
                        [
                            t.label(SupportClass.broadlySupported),
                            "\(t("steun", "support")) ≥ \(t.percent(th.broadSupport)), \(t("ondergrens interval", "lower interval bound")) > \(t.percent(th.majority)), \(t("elke groep", "every group")) ≥ \(t.percent(th.groupFloor))",
                        ],
                        [
                            t.label(SupportClass.majorityDivided),
                            "\(t("steun", "support")) > \(t.percent(th.majority)), \(t("maar een groep onder", "but a group below")) \(t.percent(th.groupFloor)) \(t("of polarisatie", "or polarisation")) ≥ \(t.decimal(th.polarisation))",
                        ],
                        [
                            t.label(SupportClass.contested),
                            "\(t("het interval bevat", "the interval contains")) \(t.percent(th.majority)), \(t("of een meerderheid onder de drempel voor breed draagvlak", "or a majority below the broad-support threshold"))",
                        ],
                        [
                            t.label(SupportClass.rejected),
                            "\(t("bovengrens interval", "upper interval bound")) < \(t.percent(th.majority)), \(t("meer bewoners oneens dan eens, en het interval van oneens ligt geheel boven dat van eens", "more residents disagree than agree, and the interval of disagreement lies wholly above that of agreement"))",
                        ],
                        [
                            t.label(SupportClass.noMajority),
                            "\(t("bovengrens interval", "upper interval bound")) < \(t.percent(th.majority)), \(t("maar niet afgewezen", "but not rejected"))",
                        ],
                    ])))
        blocks.append(
            .table(
                DocumentTable(
                    header: [t("Instelling", "Setting"), t("Waarde", "Value")],
                    rows: [
                        ["kMin", "\(th.kMin)"], ["nMin", "\(th.nMin)"], ["broadSupport", t.decimal(th.broadSupport)],
                        ["majority", t.decimal(th.majority)], ["groupFloor", t.decimal(th.groupFloor)],
                        ["polarisation", t.decimal(th.polarisation)], ["confidence", t.decimal(th.confidence)],
                        [
                            t("weging", "weighting"),
                            vision.weighted
                                ? t("raking, afkappen op 0,2–5× het gemiddelde gewicht", "raking, trimmed to 0.2–5× the mean weight")
                                : t("geen", "none"),
                        ],
                    ],
                    numeric: [false, true])))
        blocks.append(
            .paragraph(
                t(
                    "Privacy: respondentnummers zijn vervangen door een sleutel-hash (geheim per raadpleging); persoonsgegevens in open antwoorden zijn bij het inlezen verwijderd; groepen kleiner dan \(th.kMin) worden in geen tabel, grafiek of citatenlijst getoond, en waar een totaal een verborgen groep zou verraden, wordt ook de op één na kleinste groep verborgen.",
                    "Privacy: respondent ids are replaced by a keyed hash (a secret per consultation); personal data in open answers is removed on import; groups smaller than \(th.kMin) are not shown in any table, chart or quote list, and where a total would reveal a hidden group, the next smallest group is hidden as well."
                )))
    }

    func provenance(_ vision: Vision, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 2, text: t("Herkomst", "Provenance"), id: "herkomst"))
        var items = [
            "\(t("Programma", "Engine")): \(Engine.name) \(Engine.version)",
            "\(t("Vragenlijst", "Survey")): \(vision.survey.id) \(t("versie", "version")) \(vision.survey.version)",
        ]
        if let og = vision.opinionGroups { items.append("\(t("Zaad voor de opiniegroepen", "Seed of the opinion groups")): \(og.seed)") }
        blocks.append(.list(items))
        if !vision.sources.isEmpty {
            blocks.append(
                .table(
                    DocumentTable(
                        header: [t("Bestand", "File"), t("Deelnemers", "Participants"), "SHA-256"],
                        rows: vision.sources.map { [$0.file, "\($0.respondents)", "`\($0.digest)`"] },
                        numeric: [false, true, false],
                        caption: t(
                            "Ingelezen bestanden (SHA-256 van het bestand, met de kolomtoewijzing als die gebruikt is)",
                            "Imported files (SHA-256 of the file, with the column mapping when one was used)"))))
        }
    }

    func statementTable(_ vision: Vision, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 2, text: t("Alle stellingen", "All statements"), id: "stellingen"))
        blocks.append(
            .paragraph(
                t(
                    "Steun: aandeel (helemaal) eens onder wie antwoordde. Netto: eens min oneens. Brug: de laagste (afgevlakte) instemming in een getoonde groep. Polarisatie: het grootste verschil tussen een getoonde groep en de rest. GIC: groepsconsensus over de opiniegroepen (genormaliseerd).",
                    "Support: share who (strongly) agree among those who answered. Net: agree minus disagree. Bridge: the lowest (smoothed) agreement in any group shown. Polarisation: the largest gap between a group shown and the rest. GIC: group-informed consensus over the opinion groups (normalised)."
                )))
        blocks.append(
            .table(
                DocumentTable(
                    header: [
                        "Id", t("Thema", "Theme"), t("Stelling", "Statement"), "n", t("Steun", "Support"),
                        t("\(t.percent(vision.thresholds.confidence))-interval", "\(t.percent(vision.thresholds.confidence)) interval"),
                        t("Netto", "Net"), t("Brug", "Bridge"), t("Polarisatie", "Polarisation"), "GIC", t("Oordeel", "Verdict"),
                    ],
                    rows: vision.statements.map { s in
                        let theme = vision.survey.theme(s.statement.theme)?.title[language] ?? s.statement.theme
                        let polarity = s.statement.polarity == .againstAmbition ? " ⁽⁻⁾" : ""
                        return [
                            s.statement.id, theme, s.statement.text[language] + polarity, "\(s.n)", t.percent(s.support),
                            t.interval(s.interval),
                            t.signed(s.netSupport), s.shownBridging.map(t.percent) ?? "–", s.shownPolarisation.map { t.decimal($0) } ?? "–",
                            s.groupInformedConsensus.map { t.decimal($0.normalised) } ?? "–", t.label(s.supportClass),
                        ]
                    },
                    numeric: [false, false, false, true, true, true, true, true, true, true, false])))
        blocks.append(
            .note(
                t(
                    "⁽⁻⁾ Stelling tegen de ambitie in geformuleerd: wie het eens is, is tegen de ambitie.",
                    "⁽⁻⁾ Statement worded against the ambition: agreeing means opposing the ambition.")))
    }
}
