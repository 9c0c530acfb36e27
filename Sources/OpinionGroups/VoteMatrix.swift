/// Participants × statements votes as Polis sees them: agree +1, disagree −1, pass (or
/// neutral) 0, not voted `missing`. Stored column by column, one byte per cell, so a million
/// respondents × 30 statements take 30 MB.
package struct VoteMatrix: Sendable {
    package static let missing = Int8.min

    package let rows: Int
    /// `columns[j][i]`: participant i's vote on statement j.
    package var columns: [[Int8]]

    package init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = Array(repeating: Array(repeating: Self.missing, count: rows), count: columns)
    }

    package init(columns: [[Int8]]) {
        self.rows = columns.first?.count ?? 0
        self.columns = columns
    }

    package var columnCount: Int { columns.count }

    package subscript(row: Int, column: Int) -> Int8 {
        get { columns[column][row] }
        set { columns[column][row] = newValue }
    }

    /// Votes cast per participant (passes count).
    package func votesPerRow() -> [Int] {
        var counts = [Int](repeating: 0, count: rows)
        for column in columns {
            column.withUnsafeBufferPointer { c in
                for i in 0..<rows where c[i] != Self.missing { counts[i] += 1 }
            }
        }
        return counts
    }

    /// Columns with at least one vote (pass included), in order: the statements Polis's
    /// matrix has a column for.
    package func votedColumns() -> [Int] {
        columns.indices.filter { j in columns[j].contains { $0 != Self.missing } }
    }

    /// Polis's `rating-mat`: moderated-out (and meta) statements set to 0 for every participant,
    /// so they neither separate nor disappear.
    package func zeroing(_ excluded: Set<Int>) -> VoteMatrix {
        var copy = self
        for j in excluded where j < columns.count { copy.columns[j] = Array(repeating: 0, count: rows) }
        return copy
    }

    /// Agree, disagree and seen (non-missing) counts of one statement over `rows`.
    func counts(column j: Int, rows members: [Int]) -> (agree: Double, disagree: Double, seen: Double) {
        var a = 0
        var d = 0
        var s = 0
        columns[j].withUnsafeBufferPointer { c in
            for i in members {
                let v = c[i]
                if v == Self.missing { continue }
                s += 1
                if v > 0 { a += 1 } else if v < 0 { d += 1 }
            }
        }
        return (Double(a), Double(d), Double(s))
    }
}
