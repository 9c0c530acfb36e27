package import DraagvlakCore
package import Foundation

/// The mapping between a survey's questions and the slots of the packed answer blobs, and the
/// planning of new slots: store-independent, so the SQLite and the PostgreSQL store lay answers
/// out (and read them back) the same way; each reads and writes its `question` rows itself.
package struct Layout: Sendable {
    /// Per survey statement: its slot.
    var statementSlots: [Int]
    /// Per survey demographic question: its slot.
    var demographicSlots: [Int]
    /// Per survey demographic question, per survey category index: the stored code position (1-based).
    var storedCategory: [[UInt8]]
    /// Per survey demographic question, per stored code position (1-based, 0 unused): the survey index or −1.
    var surveyCategory: [[Int16]]

    package static let valueOffset = 8

    /// Bytes in a packed blob: one past the highest slot in use.
    package var statementBytes: Int { (statementSlots.lazy.filter { $0 != .max }.max() ?? -1) + 1 }
    package var categoryBytes: Int { (demographicSlots.lazy.filter { $0 != .max }.max() ?? -1) + 1 }

    /// A change to the `question` table that a new survey question or category needs.
    package enum QuestionChange: Sendable, Equatable {
        case insert(id: String, kind: String, slot: Int, codes: String?)
        case updateCodes(id: String, codes: String)
    }

    /// The layout for `survey` given the stored question rows, and the rows to add or change for
    /// questions and categories new to the store (slots are handed out once, never reused).
    /// Shared by the SQLite and PostgreSQL stores, so both lay answers out the same way.
    package static func plan(
        survey: Survey, statementSlots stored: [String: Int], demographics storedDemographics: [String: (slot: Int, codes: [String])]
    ) throws -> (layout: Layout, changes: [QuestionChange]) {
        var statementSlots = stored
        var demographicRows = storedDemographics
        var changes: [QuestionChange] = []
        for statement in survey.statements where statementSlots[statement.id] == nil {
            let slot = (statementSlots.values.max() ?? -1) + 1
            changes.append(.insert(id: statement.id, kind: "statement", slot: slot, codes: nil))
            statementSlots[statement.id] = slot
        }
        for question in survey.demographics {
            var entry = demographicRows[question.id] ?? ((demographicRows.values.map(\.slot).max() ?? -1) + 1, [])
            let isNew = demographicRows[question.id] == nil
            let before = entry.codes.count
            for category in question.categories where !entry.codes.contains(category.code) {
                entry.codes.append(category.code)
            }
            guard entry.codes.count < 255 else {
                throw StoreError("demographic question '\(question.id)' has more than 254 categories")
            }
            let codes = String(decoding: try JSONEncoder().encode(entry.codes), as: UTF8.self)
            if isNew {
                changes.append(.insert(id: question.id, kind: "demographic", slot: entry.slot, codes: codes))
            } else if entry.codes.count != before {
                changes.append(.updateCodes(id: question.id, codes: codes))
            }
            demographicRows[question.id] = entry
        }
        return (make(survey: survey, statementSlots: statementSlots, demographics: demographicRows), changes)
    }

    /// Stored category codes (a JSON list) as read back.
    package static func codes(_ json: String?) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data((json ?? "[]").utf8))) ?? []
    }

    package static func make(survey: Survey, statementSlots: [String: Int], demographics: [String: (slot: Int, codes: [String])]) -> Layout
    {
        var layout = Layout(statementSlots: [], demographicSlots: [], storedCategory: [], surveyCategory: [])
        layout.statementSlots = survey.statements.map { statementSlots[$0.id] ?? Int.max }
        for question in survey.demographics {
            guard let entry = demographics[question.id] else {
                layout.demographicSlots.append(Int.max)
                layout.storedCategory.append(question.categories.map { _ in 0 })
                layout.surveyCategory.append([-1])
                continue
            }
            layout.demographicSlots.append(entry.slot)
            layout.storedCategory.append(question.categories.map { c in UInt8((entry.codes.firstIndex(of: c.code) ?? -1) + 1) })
            layout.surveyCategory.append([-1] + entry.codes.map { code in Int16(question.categoryIndex(code: code) ?? -1) })
        }
        return layout
    }

    package func pack(_ response: Response, statementBytes: Int, categoryBytes: Int) -> (statements: [UInt8], categories: [UInt8]) {
        var statements = [UInt8](repeating: 0, count: statementBytes)
        for (i, value) in response.statements.enumerated() {
            if let value { statements[statementSlots[i]] = UInt8(Int(value) + Self.valueOffset) }
        }
        var categories = [UInt8](repeating: 0, count: categoryBytes)
        for (i, index) in response.categories.enumerated() {
            if let index { categories[demographicSlots[i]] = storedCategory[i][index] }
        }
        return (statements, categories)
    }

    /// A stored row as a `Response` (answers unpacked, other answers decoded).
    package func response(
        respondent: String, file: String, line: Int, submittedAt: String?,
        statements: UnsafeRawBufferPointer, categories: UnsafeRawBufferPointer, other: String?, survey: Survey
    ) -> Response {
        var response = Response(
            respondent: respondent, source: SourcePosition(file: file, line: line), submittedAt: submittedAt,
            statements: [], categories: [])
        response.statements = survey.statements.indices.map {
            let v = statementValue(statements, $0)
            return v == ResponseTable.missing ? nil : v
        }
        response.categories = survey.demographics.indices.map {
            let i = categoryIndex(categories, $0)
            return i < 0 ? nil : Int(i)
        }
        if let other { response.other = OtherAnswers.decode(other, survey: survey) }
        return response
    }

    package func statementValue(_ bytes: UnsafeRawBufferPointer, _ statement: Int) -> Int8 {
        let slot = statementSlots[statement]
        guard slot < bytes.count else { return ResponseTable.missing }
        let byte = bytes[slot]
        return byte == 0 ? ResponseTable.missing : Int8(Int(byte) - Self.valueOffset)
    }

    package func categoryIndex(_ bytes: UnsafeRawBufferPointer, _ question: Int) -> Int16 {
        let slot = demographicSlots[question]
        guard slot < bytes.count else { return -1 }
        let stored = Int(bytes[slot])
        let map = surveyCategory[question]
        return stored < map.count ? map[stored] : -1
    }
}
