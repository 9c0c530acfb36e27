package import DraagvlakCore
import Storage
package import Vision

/// "Where you stand": after closing, a resident who answered with an invitation code sees their
/// own answers beside the share of all residents that agrees and the share of their district,
/// as the vision shows them (docs/METHOD.md §7.4).
///
/// Nothing in it is about another person: the resident's own answers, and shares of groups the
/// vision itself shows. A share whose group is below the disclosure minimum, or hidden to
/// protect a smaller one, is left out (nil), exactly where the vision leaves it out.
package struct Standing: Sendable {
    /// The group a resident is compared with besides everyone: the category they gave for the
    /// district question (see `Consultation.districtQuestion`).
    package struct District: Sendable {
        package var question: DemographicQuestion
        package var category: Category
    }

    /// One statement: the resident's own answer beside the shares that agree.
    package struct Row: Sendable {
        package var statement: Statement
        /// The resident's answer, a point of the statement's scale; nil when they left it open.
        package var answer: Int?
        /// The share of all residents who answered the statement that agree (weighted when the
        /// vision is); nil when fewer than the disclosure minimum answered it.
        package var everyone: Double?
        /// The share of the resident's district that agrees; nil when the vision does not show
        /// that group for this statement (too small, or hidden to protect a smaller group), or
        /// when the resident gave no district.
        package var district: Double?

        /// The resident's answer in the scale's words ("Eens", "Agree"); nil when unanswered.
        package func answerLabel(_ language: Language) -> String? {
            guard let answer else { return nil }
            return statement.scale.labels(language).first { $0.value == answer }?.label
        }
    }

    /// The statements of one theme, in survey order.
    package struct Section: Sendable {
        package var theme: Theme
        package var rows: [Row]
    }

    /// The resident's district; nil when the survey has no demographic question or the
    /// resident did not answer it.
    package var district: District?
    /// Per theme with statements, in survey order.
    package var sections: [Section]

    /// Where the resident of `response` stands in `vision`, compared within `districtQuestion`.
    /// `response` is decoded for `survey`, the survey `vision` was built from.
    package init(response: Response, survey: Survey, vision: Vision, districtQuestion: DemographicQuestion?) {
        let minimum = vision.thresholds.disclosureMinimum
        var place: District?
        if let question = districtQuestion, let d = survey.demographics.firstIndex(where: { $0.id == question.id }),
            d < response.categories.count, let index = response.categories[d], question.categories.indices.contains(index)
        {
            place = District(question: question, category: question.categories[index])
        }
        let supports = Dictionary(vision.statements.map { ($0.statement.id, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [String: [Row]] = [:]
        for (i, statement) in survey.statements.enumerated() {
            let support = supports[statement.id]
            var row = Row(statement: statement, answer: nil, everyone: nil, district: nil)
            if i < response.statements.count, let value = response.statements[i] { row.answer = Int(value) }
            if let support, support.n >= minimum { row.everyone = support.support }
            if let place, let group = support?.groups[place.question.id]?[place.category.code], !group.suppressed,
                let n = group.n, n >= minimum
            {
                row.district = group.support
            }
            rows[statement.theme, default: []].append(row)
        }
        district = place
        sections = survey.themes.compactMap { theme -> Section? in
            guard let themeRows = rows[theme.id], !themeRows.isEmpty else { return nil }
            return Section(theme: theme, rows: themeRows)
        }
    }
}

extension Consultation {
    /// Where the resident who answered with invitation `code` stands in `vision`, which should
    /// be the vision of the wave online answers are in (`vision(wave: settings.wave)`): nil when
    /// the code is unknown, was never used to answer, or its answer is not stored. Codes are
    /// read as `submitOnline` reads them (case, spaces and dashes do not matter).
    package func standing(invitation code: String, vision: Vision) throws -> Standing? {
        guard case .answered? = try invitationState(code),
            let response = try store.response(
                pseudonym: pseudonym("invitation:\(Self.normaliseCode(code))", wave: settings.wave), survey: survey)
        else { return nil }
        return Standing(response: response, survey: survey, vision: vision, districtQuestion: districtQuestion)
    }

    /// The demographic question "where you stand" compares a resident's district in: the first
    /// (in survey order) with a map in `consultation.yaml`, else one with the id `district` or
    /// `wijk`, else the first; nil when the survey has none.
    package var districtQuestion: DemographicQuestion? {
        let demographics = survey.demographics
        return demographics.first { settings.maps[$0.id] != nil }
            ?? demographics.first { ["district", "wijk"].contains($0.id.lowercased()) }
            ?? demographics.first
    }
}
