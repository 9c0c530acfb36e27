import DraagvlakCore
import Foundation
import GRDB

/// The mapping between a survey's questions and the slots of the packed answer blobs.
struct Layout {
    /// Per survey statement: its slot.
    var statementSlots: [Int]
    /// Per survey demographic question: its slot.
    var demographicSlots: [Int]
    /// Per survey demographic question, per survey category index: the stored code position (1-based).
    var storedCategory: [[UInt8]]
    /// Per survey demographic question, per stored code position (1-based, 0 unused): the survey index or −1.
    var surveyCategory: [[Int16]]

    static let valueOffset = 8

    /// Bytes in a packed blob: one past the highest slot in use.
    var statementBytes: Int { (statementSlots.lazy.filter { $0 != .max }.max() ?? -1) + 1 }
    var categoryBytes: Int { (demographicSlots.lazy.filter { $0 != .max }.max() ?? -1) + 1 }

    /// Reads the layout, adding slots and codes for questions and categories new to the store.
    static func synchronise(_ db: Database, survey: Survey) throws -> Layout {
        var statementSlots = try slots(db, kind: "statement")
        var demographicRows = try demographics(db)
        for statement in survey.statements where statementSlots[statement.id] == nil {
            let slot = (statementSlots.values.max() ?? -1) + 1
            try db.execute(sql: "INSERT INTO question (id, kind, slot) VALUES (?, 'statement', ?)", arguments: [statement.id, slot])
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
                try db.execute(sql: "INSERT INTO question (id, kind, slot, codes) VALUES (?, 'demographic', ?, ?)", arguments: [question.id, entry.slot, codes])
            } else if entry.codes.count != before {
                try db.execute(sql: "UPDATE question SET codes = ? WHERE id = ?", arguments: [codes, question.id])
            }
            demographicRows[question.id] = entry
        }
        return make(survey: survey, statementSlots: statementSlots, demographics: demographicRows)
    }

    /// Reads the layout without changing the store; questions it lacks read as unanswered.
    static func read(_ db: Database, survey: Survey) throws -> Layout {
        let statementSlots = try slots(db, kind: "statement")
        return make(survey: survey, statementSlots: statementSlots, demographics: try demographics(db))
    }

    /// Per demographic question id: its slot and its category codes in stored order.
    private static func demographics(_ db: Database) throws -> [String: (slot: Int, codes: [String])] {
        try Row.fetchAll(db, sql: "SELECT id, slot, codes FROM question WHERE kind = 'demographic'")
            .reduce(into: [:]) { result, row in
                let codes = (try? JSONDecoder().decode([String].self, from: Data((row["codes"] as String? ?? "[]").utf8))) ?? []
                result[row["id"]] = (row["slot"], codes)
            }
    }

    private static func slots(_ db: Database, kind: String) throws -> [String: Int] {
        try Row.fetchAll(db, sql: "SELECT id, slot FROM question WHERE kind = ?", arguments: [kind])
            .reduce(into: [:]) { $0[$1["id"]] = $1["slot"] }
    }

    private static func make(survey: Survey, statementSlots: [String: Int], demographics: [String: (slot: Int, codes: [String])]) -> Layout {
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

    func pack(_ response: Response, statementBytes: Int, categoryBytes: Int) -> (statements: [UInt8], categories: [UInt8]) {
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

    func statementValue(_ bytes: UnsafeRawBufferPointer, _ statement: Int) -> Int8 {
        let slot = statementSlots[statement]
        guard slot < bytes.count else { return ResponseTable.missing }
        let byte = bytes[slot]
        return byte == 0 ? ResponseTable.missing : Int8(Int(byte) - Self.valueOffset)
    }

    func categoryIndex(_ bytes: UnsafeRawBufferPointer, _ question: Int) -> Int16 {
        let slot = demographicSlots[question]
        guard slot < bytes.count else { return -1 }
        let stored = Int(bytes[slot])
        let map = surveyCategory[question]
        return stored < map.count ? map[stored] : -1
    }
}
