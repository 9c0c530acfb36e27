import DraagvlakCore
import GRDB
import Storage

/// The packed answer layout (`Layout`, shared with the PostgreSQL store) read from and written
/// to the SQLite store's `question` table.
extension Layout {
    /// Reads the layout, adding slots and codes for questions and categories new to the store.
    static func synchronise(_ db: Database, survey: Survey) throws -> Layout {
        let (layout, changes) = try plan(
            survey: survey, statementSlots: try slots(db, kind: "statement"), demographics: try demographics(db))
        for change in changes {
            switch change {
            case .insert(let id, let kind, let slot, let codes):
                try db.execute(sql: "INSERT INTO question (id, kind, slot, codes) VALUES (?, ?, ?, ?)", arguments: [id, kind, slot, codes])
            case .updateCodes(let id, let codes):
                try db.execute(sql: "UPDATE question SET codes = ? WHERE id = ?", arguments: [codes, id])
            }
        }
        return layout
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
                result[row["id"]] = (row["slot"], codes(row["codes"]))
            }
    }

    private static func slots(_ db: Database, kind: String) throws -> [String: Int] {
        try Row.fetchAll(db, sql: "SELECT id, slot FROM question WHERE kind = ?", arguments: [kind])
            .reduce(into: [:]) { $0[$1["id"]] = $1["slot"] }
    }
}
