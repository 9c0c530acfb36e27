import Documents
import DraagvlakCore
import Maps
import Vision

/// The vision's maps: per theme the mean support of its statements in each area, and per
/// statement the support in each area. An area is drawn hatched, without a value, wherever
/// its group is suppressed (docs/METHOD.md §7.1), exactly as in the tables.
extension VisionDocument {
    func themeMaps(_ vision: Vision, theme: Theme, statements: [StatementSupport], _ blocks: inout [Block]) {
        for (dimension, map) in maps.sorted(by: { $0.key < $1.key }) {
            let cells = map.shapes.compactMap { shape -> MapCharts.Cell? in
                let groups = statements.filter { $0.supportClass != .insufficient }.compactMap { $0.groups[dimension]?[shape.category] }
                // Suppressed in any statement of the theme: the mean would carry a hidden figure.
                if groups.contains(where: \.suppressed) { return MapCharts.Cell(category: shape.category, fill: .suppressed, text: "") }
                let shares = groups.compactMap(\.support)
                guard !shares.isEmpty else { return nil }
                let mean = shares.reduce(0, +) / Double(shares.count)
                return MapCharts.Cell(category: shape.category, fill: .share(mean), text: t.percent(mean))
            }
            guard !cells.isEmpty else { continue }
            blocks.append(
                .chart(
                    MapCharts.map(
                        id: "kaart-\(theme.id)-\(dimension)",
                        title: t(
                            "\(theme.title[language]): gemiddelde instemming per \(dimensionWord(vision.survey, dimension))",
                            "\(theme.title[language]): mean agreement per \(dimensionWord(vision.survey, dimension))"),
                        summary: summary(map, cells), map: map, cells: cells, rampLegend: rampLegend,
                        suppressedLegend: suppressedLegend)))
        }
    }

    func statementMaps(_ vision: Vision, _ blocks: inout [Block]) {
        guard !maps.isEmpty else { return }
        blocks.append(.heading(level: 2, text: t("Kaarten per stelling", "Maps per statement"), id: "kaarten"))
        blocks.append(
            .paragraph(
                t(
                    "Per stelling het deel dat het eens is in elk gebied (gewogen). Breed draagvlak kijkt naar het laagste gebied: de afgevlakte instemming per gebied staat bij elk gebied als u erop wijst. Gearceerde gebieden hebben te weinig deelnemers om te tonen; witte gebieden geen.",
                    "Per statement the share agreeing in each area (weighted). Broad support looks at the lowest area: the smoothed agreement per area shows when you point at it. Hatched areas have too few participants to show; white ones have none."
                )))
        for (dimension, map) in maps.sorted(by: { $0.key < $1.key }) {
            for s in vision.statements {
                let cells = map.shapes.compactMap { shape -> MapCharts.Cell? in
                    guard let g = s.groups[dimension]?[shape.category] else { return nil }
                    if g.suppressed { return MapCharts.Cell(category: shape.category, fill: .suppressed, text: "") }
                    guard let support = g.support else { return nil }
                    let smoothed = g.smoothed.map { t("(afgevlakt \(t.percent($0)))", "(smoothed \(t.percent($0)))") } ?? ""
                    return MapCharts.Cell(category: shape.category, fill: .share(support), text: t.percent(support), detail: smoothed)
                }
                guard !cells.isEmpty else { continue }
                // The lowest over shown areas only: bridging's own minimum may be a hidden group's.
                let shown = map.shapes.compactMap { shape -> Double? in
                    guard let g = s.groups[dimension]?[shape.category], !g.suppressed else { return nil }
                    return g.smoothed
                }
                let lowest = shown.min().map {
                    t(
                        " Laagste afgevlakte instemming van de getoonde gebieden: \(t.percent($0)).",
                        " Lowest smoothed agreement of the areas shown: \(t.percent($0)).")
                }
                blocks.append(
                    .chart(
                        MapCharts.map(
                            id: "kaart-\(s.statement.id)-\(dimension)",
                            title: "\(s.statement.id) \(s.statement.text[language])",
                            summary: summary(map, cells) + (lowest ?? ""), map: map, cells: cells, rampLegend: rampLegend,
                            suppressedLegend: suppressedLegend)))
            }
        }
    }

    var rampLegend: (low: String, high: String) { (t("0% eens", "0% agree"), t("100% eens", "100% agree")) }
    var suppressedLegend: String { t("niet getoond (te weinig deelnemers)", "not shown (too few participants)") }

    /// The text alternative: every area with its value, that it is not shown, or that no one
    /// there answered.
    func summary(_ map: PreparedMap, _ cells: [MapCharts.Cell]) -> String {
        let byCategory = Dictionary(cells.map { ($0.category, $0) }, uniquingKeysWith: { a, _ in a })
        return map.shapes.map { shape in
            guard let cell = byCategory[shape.category] else { return "\(shape.label): \(t("geen antwoorden", "no answers"))" }
            if case .suppressed = cell.fill { return "\(shape.label): \(t("niet getoond", "not shown"))" }
            return "\(shape.label): \([cell.text, cell.detail].filter { !$0.isEmpty }.joined(separator: " "))"
        }.joined(separator: "; ")
    }

    /// "wijk" for a district dimension, else the dimension's question as a noun phrase.
    func dimensionWord(_ survey: Survey, _ dimension: String) -> String {
        dimension == "district" ? t("wijk", "district") : t("gebied", "area")
    }
}
