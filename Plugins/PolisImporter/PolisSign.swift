import DraagvlakCore

/// Agree and disagree counts for one comment.
struct PolisTally: Sendable, Hashable {
    var agree = 0
    var disagree = 0

    mutating func add(_ vote: Int) {
        if vote > 0 { agree += 1 } else if vote < 0 { disagree += 1 }
    }
}

/// Checks which sign an export gives agreement. The current exporter writes agree = +1; the Polis
/// database and one exporter version write it as −1. `comments.csv` counts every vote event per
/// comment, so a final vote tally can never exceed its `agrees`/`disagrees`, and the event counts
/// of `votes.csv` equal them exactly. A tally that only fits with the sign flipped is a flipped
/// export.
enum PolisSign {
    struct Decision: Sendable, Hashable {
        /// Whether the votes must be negated to give agree = +1.
        var flip: Bool
        var note: String
    }

    /// Comments whose tally does not fit `comments.csv` (read as is or with the sign flipped).
    static func violations(_ tallies: [Int: PolisTally], _ comments: [Int: PolisComment], flipped: Bool, exact: Bool) -> Int {
        var count = 0
        for (id, tally) in tallies {
            guard let comment = comments[id] else { continue }
            let agree = flipped ? tally.disagree : tally.agree
            let disagree = flipped ? tally.agree : tally.disagree
            let fits =
                exact
                ? agree == comment.agrees && disagree == comment.disagrees
                : agree <= comment.agrees && disagree <= comment.disagrees
            if !fits { count += 1 }
        }
        return count
    }

    /// Decides the sign from the final votes (and, for `votes.csv`, every vote event), or throws
    /// when neither sign fits: then the files do not belong together.
    static func decide(finals: [Int: PolisTally], events: [Int: PolisTally]?, comments: [Int: PolisComment], file: String) throws
        -> Decision
    {
        let compared = finals.keys.filter { comments[$0] != nil }.count
        var mismatchedEvents = ""
        if let events {
            let asRead = violations(events, comments, flipped: false, exact: true)
            if asRead == 0 {
                return Decision(
                    flip: false,
                    note:
                        "sign checked: the vote events on all \(compared) comments equal the agrees/disagrees of comments.csv (agree = +1)")
            }
            if violations(events, comments, flipped: true, exact: true) == 0 {
                return Decision(
                    flip: true,
                    note:
                        "this export writes agree as -1 (the vote events equal comments.csv's counts only with the sign flipped): all votes were negated to agree = +1"
                )
            }
            mismatchedEvents =
                "; the vote events of \(asRead) comments differ from comments.csv's agrees/disagrees (is comments.csv from another export?)"
        }
        let asRead = violations(finals, comments, flipped: false, exact: false)
        let flipped = violations(finals, comments, flipped: true, exact: false)
        switch (asRead, flipped) {
        case (0, 1...):
            return Decision(flip: false, note: "sign checked against comments.csv on \(compared) comments: agree = +1\(mismatchedEvents)")
        case (1..., 0):
            return Decision(
                flip: true,
                note:
                    "this export writes agree as -1 (\(asRead) comments have more final votes than comments.csv counts unless the sign is flipped): all votes were negated to agree = +1\(mismatchedEvents)"
            )
        case (0, 0):
            return Decision(
                flip: false,
                note:
                    "the sign of the votes could not be confirmed from comments.csv (the counts fit both ways); read as agree = +1\(mismatchedEvents)"
            )
        default:
            throw InputError(
                "\(file): the votes fit comments.csv with neither sign: \(asRead) comments have more final agree or disagree votes than comments.csv counts as read, \(flipped) with the sign flipped; the files do not seem to come from the same export"
            )
        }
    }
}
