import Documents
import DraagvlakCore
import Vision

/// The section "Wat is er veranderd": per statement the support in the earlier wave and now,
/// the change in percentage points with Newcombe's interval, flagged where it excludes 0, and
/// the classes that changed; then the groups whose support moved beyond the uncertainty.
extension VisionDocument {
    func comparisonSection(_ c: VisionComparison, _ blocks: inout [Block]) {
        blocks.append(.heading(level: 2, text: t("Wat is er veranderd", "What changed"), id: "verandering"))
        let shifted = c.statements.filter(\.support.shifted)
        let classes = c.statements.filter { $0.earlierClass != $0.laterClass }
        blocks.append(
            .paragraph(
                t(
                    "Vergeleken met **\(c.earlier)**: bij \(Plural.count(shifted.count, "stelling", "stellingen")) van de \(c.statements.count) is de steun verschoven, voorbij de onzekerheid (het \(t.percent(c.confidence))-interval van het verschil, volgens Newcombe, bevat geen 0); bij \(classes.count) veranderde het oordeel.",
                    "Compared with **\(c.earlier)**: support moved beyond the uncertainty for \(Plural.count(shifted.count, "statement", "statements")) of \(c.statements.count) (the \(t.percent(c.confidence)) interval of the difference, by Newcombe, excludes 0); the verdict changed for \(classes.count)."
                )))
        let ordered = c.statements.sorted {
            ($0.support.shifted ? 0 : 1, -abs($0.support.change)) < ($1.support.shifted ? 0 : 1, -abs($1.support.change))
        }
        blocks.append(
            .table(
                DocumentTable(
                    header: [
                        t("Stelling", "Statement"), t("Eerder", "Before"), t("Nu", "Now"), t("Verschil (procentpunt)", "Change (points)"),
                        t("Oordeel", "Verdict"),
                    ],
                    rows: ordered.map { s in
                        [
                            "\(s.statement.id) \(s.statement.text[language])", t.percent(s.support.earlier), t.percent(s.support.later),
                            points(s.support) + (s.support.shifted ? " **\(t("verschoven", "moved"))**" : ""),
                            s.earlierClass == s.laterClass
                                ? t.label(s.laterClass) : "\(t.label(s.earlierClass)) → **\(t.label(s.laterClass))**",
                        ]
                    }, numeric: [false, true, true, true, false])))
        var groupLines: [String] = []
        for s in ordered {
            for (dimension, categories) in s.groups.sorted(by: { $0.key < $1.key }) {
                for (category, change) in categories.sorted(by: { $0.key < $1.key }) where change.shifted {
                    groupLines.append("\(groupName(c.laterSurvey, dimension, category)), \(s.statement.id): \(points(change))")
                }
            }
        }
        if !groupLines.isEmpty {
            blocks.append(.paragraph("**\(t("Groepen waarin de steun verschoof", "Groups whose support moved"))**"))
            blocks.append(.list(groupLines))
            blocks.append(
                .note(
                    t(
                        "Elke groep en stelling is apart getoetst, zonder correctie voor het aantal vergelijkingen: bij \(t.percent(c.confidence)) zekerheid valt zo nu en dan een verschuiving binnen een groep bij toeval buiten het interval.",
                        "Each group and statement is tested on its own, without correction for the number of comparisons: at \(t.percent(c.confidence)) confidence an occasional shift within a group falls outside its interval by chance."
                    )))
        }
        if !c.changedWording.isEmpty {
            blocks.append(
                .note(
                    t(
                        "Niet vergeleken, omdat de vraag anders luidde of een andere schaal had: \(c.changedWording.joined(separator: ", ")).",
                        "Not compared, because the question was worded differently or had another scale: \(c.changedWording.joined(separator: ", "))."
                    )))
        }
        if !c.onlyLater.isEmpty || !c.onlyEarlier.isEmpty {
            blocks.append(
                .note(
                    t(
                        "Alleen nu gevraagd: \(c.onlyLater.isEmpty ? "geen" : c.onlyLater.joined(separator: ", ")); alleen eerder: \(c.onlyEarlier.isEmpty ? "geen" : c.onlyEarlier.joined(separator: ", ")).",
                        "Asked only now: \(c.onlyLater.isEmpty ? "none" : c.onlyLater.joined(separator: ", ")); only before: \(c.onlyEarlier.isEmpty ? "none" : c.onlyEarlier.joined(separator: ", "))."
                    )))
        }
    }

    /// "+6 (2 tot 10)": the change and its interval in whole percentage points.
    func points(_ change: VisionComparison.Change) -> String {
        func p(_ x: Double) -> String {
            let v = Int((x * 100).rounded())
            return v > 0 ? "+\(v)" : v < 0 ? "−\(-v)" : "0"
        }
        return "\(p(change.change)) (\(p(change.interval.low)) \(t("tot", "to")) \(p(change.interval.high)))"
    }
}
