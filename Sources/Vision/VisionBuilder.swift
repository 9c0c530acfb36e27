package import DraagvlakCore
import Foundation
import OwnWords

/// Computes the vision from stored responses: docs/METHOD.md §2 (support, intervals) and §3 (groups,
/// bridging, polarisation, classification), with disclosure control (§7) applied to every group.
package struct VisionBuilder: Sendable {
    package var survey: Survey
    package var thresholds: Thresholds
    package var consultation: String

    package init(survey: Survey, thresholds: Thresholds = .default, consultation: String) {
        self.survey = survey
        self.thresholds = thresholds
        self.consultation = consultation
    }

    /// Builds the vision. With `margins` (per demographic question id, the population share of
    /// each category code) respondents are weighted by raking first.
    package func build(_ table: ResponseTable, sources: [SourceCount] = [], margins: [String: [String: Double]] = [:]) -> Vision {
        var table = table
        let raked = Raking().weights(
            categories: table.categories, count: table.count, margins: Raking.margins(margins, survey: survey))
        table.weights = raked.weights
        var weighting = raked.report
        // Opinion groups join the demographic dimensions, so bridging, polarisation, the
        // classification and disclosure control treat them like districts or age bands.
        var builder = self
        var opinionGroups = findOpinionGroups(table)
        if let og = opinionGroups {
            builder.survey.demographics.append(
                DemographicQuestion(
                    id: Self.opinionGroupDimension, text: LocalizedText(nl: "Opiniegroep", en: "Opinion group"),
                    categories: og.groups.map {
                        Category(code: $0.id, label: LocalizedText(nl: "Opiniegroep \($0.id)", en: "Opinion group \($0.id)"))
                    }))
            table.categories.append(og.assignment.map(Int16.init))
        }
        let participation = builder.participation(table)
        if var og = opinionGroups, let cells = participation.last?.cells {
            builder.applyDisclosure(to: &og, cells: cells)
            opinionGroups = og
        }
        for m in weighting.margins.indices {
            let margin = weighting.margins[m]
            let hidden = participation[margin.dimension].cells.map(\.suppressed)
            weighting.margins[m].suppressed = hidden
            // The participation ratio of a hidden cell would give its count away.
            let ratios = margin.targets.indices.compactMap { i in
                !hidden[i] && margin.targets[i] > 0 ? margin.unweighted[i] / margin.targets[i] : nil
            }
            weighting.margins[m].participationRatio = (ratios.min() ?? 1, ratios.max() ?? 1)
        }
        let statements = survey.statements.indices.map { builder.support(for: $0, in: table) }
        if var og = opinionGroups {
            Self.applyDisclosure(to: &og, statements: statements)
            opinionGroups = og
        }
        return Vision(
            consultation: consultation, survey: builder.survey, thresholds: thresholds, respondents: table.count,
            weighting: weighting, participation: participation, sources: sources, statements: statements,
            rankings: rankings(table), points: points(table),
            opinionGroups: opinionGroups, ownWords: ownWords(table))
    }

    /// The id of the dimension opinion groups are added as.
    package static let opinionGroupDimension = "opinionGroup"

    /// Open answers per open question (docs/METHOD.md §6), with the groups each topic comes from
    /// most: categories over-represented among the topic's writers, shown only when at least
    /// k_min of them wrote in the topic.
    func ownWords(_ table: ResponseTable) -> [OwnWordsSummary] {
        survey.questions.filter { $0.kind == .open }.compactMap { question in
            guard let column = table.answers(to: question.id) else { return nil }
            var texts: [String] = []
            var writers: [Int] = []
            for (r, answer) in column.enumerated() {
                if case .text(let text) = answer, !text.isEmpty {
                    texts.append(text)
                    writers.append(r)
                }
            }
            guard !texts.isEmpty else { return nil }
            let kMin = thresholds.disclosureMinimum
            let result = TextAnalysis(minimumAnswers: kMin).analyse(texts)
            let topics = result.topics.map { topic -> OwnWordsSummary.Topic in
                var groups: [(dimension: String, category: String, share: Double)] = []
                for (d, question) in survey.demographics.enumerated() {
                    let k = question.categories.count
                    var all = [Int](repeating: 0, count: k)
                    var inTopic = all
                    for r in writers where table.categories[d][r] >= 0 { all[Int(table.categories[d][r])] += 1 }
                    for m in topic.members where table.categories[d][writers[m]] >= 0 { inTopic[Int(table.categories[d][writers[m]])] += 1 }
                    let allTotal = all.reduce(0, +)
                    let topicTotal = inTopic.reduce(0, +)
                    guard allTotal > 0, topicTotal > 0 else { continue }
                    for c in 0..<k where inTopic[c] >= kMin {
                        let share = Double(inTopic[c]) / Double(topicTotal)
                        if share >= 1.25 * Double(all[c]) / Double(allTotal) {
                            groups.append((question.id, question.categories[c].code, share))
                        }
                    }
                }
                groups.sort { $0.share > $1.share }
                return .init(terms: topic.terms, size: topic.members.count, groups: Array(groups.prefix(3)), quotes: topic.quotes)
            }
            return OwnWordsSummary(
                question: question, answered: result.answered,
                keyphrases: result.keyphrases.map { .init(phrase: $0.phrase, answers: $0.answers, score: $0.score) }, topics: topics)
        }
    }

    func rankings(_ table: ResponseTable) -> [RankingPriorities] {
        survey.questions.filter { $0.kind == .ranking }.compactMap { question in
            guard let column = table.answers(to: question.id) else { return nil }
            var rankings: [(codes: [String], weight: Double)] = []
            for (r, answer) in column.enumerated() {
                if case .ranking(let codes) = answer { rankings.append((codes, table.weights[r])) }
            }
            // Fewer than k_min rankings would show a handful of people's answers.
            return rankings.count < thresholds.disclosureMinimum ? nil : RankingPriorities(question: question, rankings: rankings)
        }
    }

    func points(_ table: ResponseTable) -> [PointPriorities] {
        survey.questions.filter { $0.kind == .points }.compactMap { question in
            guard let column = table.answers(to: question.id) else { return nil }
            var allocations: [(points: [String: Int], weight: Double)] = []
            for (r, answer) in column.enumerated() {
                if case .points(let points) = answer { allocations.append((points, table.weights[r])) }
            }
            return allocations.count < thresholds.disclosureMinimum
                ? nil : PointPriorities(question: question, allocations: allocations, confidence: thresholds.confidence)
        }
    }

    /// Cells below k_min are suppressed; then the next smallest go too until at least two are
    /// hidden and together they hold at least k_min, so neither the total nor the hidden cells'
    /// sum gives a small one away (complementary suppression).
    func suppressed(_ counts: [Int]) -> Set<Int> {
        let kMin = thresholds.disclosureMinimum
        var hidden = Set(counts.indices.filter { counts[$0] > 0 && counts[$0] < kMin })
        guard !hidden.isEmpty else { return hidden }
        while hidden.count < 2 || hidden.reduce(0, { $0 + counts[$1] }) < kMin {
            let candidates = counts.indices.filter { !hidden.contains($0) && counts[$0] > 0 }
            guard let next = candidates.min(by: { counts[$0] < counts[$1] }) else { break }
            hidden.insert(next)
        }
        return hidden
    }

    /// Counts per category, small ones suppressed with their complement among the categories.
    /// "Not stated" is always shown: it is not a group of residents who share anything, and
    /// hiding it could not protect a category anyway (margin shares among those who stated
    /// would give it back).
    func participation(_ table: ResponseTable) -> [DimensionParticipation] {
        survey.demographics.enumerated().map { d, question in
            var counts = [Int](repeating: 0, count: question.categories.count + 1)
            for c in table.categories[d] { counts[c < 0 ? question.categories.count : Int(c)] += 1 }
            let hidden = suppressed(Array(counts.prefix(question.categories.count)))
            let cells = question.categories.enumerated().map { i, category in
                DimensionParticipation.Cell(
                    code: category.code, label: category.label,
                    count: hidden.contains(i) ? nil : counts[i], suppressed: hidden.contains(i))
            }
            return DimensionParticipation(question: question, cells: cells, notStated: counts[question.categories.count])
        }
    }

    func support(for s: Int, in table: ResponseTable) -> StatementSupport {
        let statement = survey.statements[s]
        let scale = statement.scale
        let lowest = scale.values.lowerBound
        let values = table.statements[s]
        let weights = table.weights
        var distribution = [Double](repeating: 0, count: scale.values.count)
        var n = 0
        var sumW = 0.0
        var sumW2 = 0.0
        // Per dimension, per category (+1 for "not stated"): weighted agree and seen, and counts.
        var agree = survey.demographics.map { [Double](repeating: 0, count: $0.categories.count + 1) }
        var seen = agree
        var disagree = agree
        var counts = survey.demographics.map { [Int](repeating: 0, count: $0.categories.count + 1) }
        let stance = scale.values.map { scale.stance(of: $0) }
        for r in 0..<table.count {
            let v = values[r]
            if v == ResponseTable.missing { continue }
            let index = Int(v) - lowest
            // A value outside the scale (the survey's scale changed after import) is not an answer.
            guard distribution.indices.contains(index) else { continue }
            let w = weights[r]
            distribution[index] += w
            n += 1
            sumW += w
            sumW2 += w * w
            let agrees = stance[index] == .agree ? w : 0
            let disagrees = stance[index] == .disagree ? w : 0
            for d in agree.indices {
                let c = Int(table.categories[d][r])
                let cell = c < 0 ? agree[d].count - 1 : c
                agree[d][cell] += agrees
                disagree[d][cell] += disagrees
                seen[d][cell] += w
                counts[d][cell] += 1
            }
        }
        var stanceTotals = [Double](repeating: 0, count: 3)
        for (i, w) in distribution.enumerated() { stanceTotals[stance[i].rawValue] += w }
        let total = max(sumW, .leastNonzeroMagnitude)
        let p = stanceTotals[Stance.agree.rawValue] / total
        let neutral = stanceTotals[Stance.neutral.rawValue] / total
        let opposition = stanceTotals[Stance.disagree.rawValue] / total
        let nEff = Proportion.effectiveN(sum: sumW, sumOfSquares: sumW2)
        let interval = n > 0 ? Proportion.wilson(p, n: nEff, confidence: thresholds.confidence) : (0, 1)
        let oppositionInterval = n > 0 ? Proportion.wilson(opposition, n: nEff, confidence: thresholds.confidence) : (0, 1)

        var groups: [String: [String: GroupSupport]] = [:]
        var bridgingByDimension: [String: Double] = [:]
        var shownBridgingByDimension: [String: Double] = [:]
        var shownPolarisation: Double?
        var shownPolarisedGroup: (String, String)?
        var polarisation: Double?
        var polarisedGroup: (String, String)?
        var groupInformedConsensus: (product: Double, normalised: Double)?
        var hiddenGroupBelowFloor = false
        let kMin = thresholds.disclosureMinimum
        for (d, question) in survey.demographics.enumerated() {
            let known = question.categories.indices
            // "Not stated" is never shown per statement, so it cannot serve as the complementary cell.
            let hidden = suppressed(Array(counts[d][known]))
            let totalAgree = known.reduce(0) { $0 + agree[d][$1] }
            let totalSeen = known.reduce(0) { $0 + seen[d][$1] }
            var row: [String: GroupSupport] = [:]
            for i in known {
                let category = question.categories[i].code
                guard counts[d][i] > 0 else {
                    row[category] = GroupSupport(n: 0, support: nil, smoothed: nil, suppressed: false)
                    continue
                }
                let smoothed = Proportion.smoothed(agree: agree[d][i], seen: seen[d][i])
                if hidden.contains(i) {
                    row[category] = GroupSupport(n: nil, support: nil, smoothed: nil, suppressed: true)
                } else {
                    row[category] = GroupSupport(
                        n: counts[d][i], support: agree[d][i] / seen[d][i], smoothed: smoothed, suppressed: false,
                        netSupport: (agree[d][i] - disagree[d][i]) / seen[d][i])
                }
                // Every reportable group (n ≥ k_min) counts for bridging and polarisation, also one
                // hidden only as the complement of a smaller one; hiding is about display.
                guard counts[d][i] >= kMin else { continue }
                bridgingByDimension[question.id] = min(bridgingByDimension[question.id] ?? 1, smoothed)
                if hidden.contains(i), smoothed < thresholds.groupFloor { hiddenGroupBelowFloor = true }
                let rest = Proportion.smoothed(agree: totalAgree - agree[d][i], seen: totalSeen - seen[d][i])
                let gap = abs(smoothed - rest)
                if gap > (polarisation ?? -1) {
                    polarisation = gap
                    polarisedGroup = hidden.contains(i) ? nil : (question.id, category)
                }
                if !hidden.contains(i) {
                    shownBridgingByDimension[question.id] = min(shownBridgingByDimension[question.id] ?? 1, smoothed)
                    if gap > (shownPolarisation ?? -1) {
                        shownPolarisation = gap
                        shownPolarisedGroup = (question.id, category)
                    }
                }
            }
            groups[question.id] = row
            // Polis's group-informed consensus; left out when an opinion group is hidden, since the
            // product and the shown groups' agreement would give the hidden group's away.
            if question.id == Self.opinionGroupDimension, hidden.isEmpty {
                let product = known.reduce(1.0) { $0 * Proportion.smoothed(agree: agree[d][$1], seen: seen[d][$1]) }
                groupInformedConsensus = (product, pow(product, 1 / Double(max(1, known.count))))
            }
        }
        let bridging = bridgingByDimension.values.min()

        var result = StatementSupport(
            statement: statement, n: n, effectiveN: nEff, support: n > 0 ? p : 0, neutral: n > 0 ? neutral : 0,
            opposition: n > 0 ? opposition : 0, netSupport: n > 0 ? p - opposition : 0, interval: interval,
            distribution: distribution.map { $0 / total },
            median: scale.isLikert ? OrdinalAgreement.interpolatedMedian(distribution) : nil,
            tastleWierman: scale.isLikert ? OrdinalAgreement.tastleWierman(distribution) : nil,
            leik: scale.isLikert ? OrdinalAgreement.leik(distribution) : nil,
            agreement: scale.isLikert ? OrdinalAgreement.vanDerEijk(distribution) : nil,
            supportClass: .insufficient, bridging: bridging, bridgingByDimension: bridgingByDimension,
            polarisation: polarisation, polarisedGroup: polarisedGroup, groups: groups,
            groupInformedConsensus: groupInformedConsensus, hiddenGroupBelowFloor: hiddenGroupBelowFloor)
        result.oppositionInterval = oppositionInterval
        result.shownBridgingByDimension = shownBridgingByDimension
        result.shownBridging = shownBridgingByDimension.values.min()
        result.shownPolarisation = shownPolarisation
        result.shownPolarisedGroup = shownPolarisedGroup
        result.supportClass = classify(result)
        return result
    }

    /// docs/METHOD.md §3, top to bottom. A majority that clears the interval but not the
    /// broad-support share, with no group against it, falls through the table; it is
    /// classified as contested (a majority, but not a broad one). Below the majority, a
    /// statement is rejected only when residents clearly oppose it; otherwise it has no majority.
    package func classify(_ s: StatementSupport) -> SupportClass {
        let t = thresholds
        if s.effectiveN < Double(t.nMin) { return .insufficient }
        let everyGroupAgrees = s.bridging.map { $0 >= t.groupFloor } ?? true
        if s.support >= t.broadSupport, s.interval.low > t.majority, everyGroupAgrees { return .broadlySupported }
        if s.support > t.majority, !everyGroupAgrees || (s.polarisation ?? 0) >= t.polarisation { return .majorityDivided }
        if s.interval.low <= t.majority, s.interval.high >= t.majority { return .contested }
        if s.interval.high < t.majority {
            return Self.clearlyOpposed(
                support: s.support, opposition: s.opposition, supportHigh: s.interval.high,
                oppositionLow: s.oppositionInterval.low) ? .rejected : .noMajority
        }
        return .contested
    }

    /// More oppose than support, and opposition's interval lies wholly above support's.
    package static func clearlyOpposed(support: Double, opposition: Double, supportHigh: Double, oppositionLow: Double) -> Bool {
        opposition > support && oppositionLow > supportHigh
    }
}
