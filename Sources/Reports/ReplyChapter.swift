import Documents
import DraagvlakCore
import Vision

/// The chapter "Wat we met uw inbreng doen": per theme what residents said (how many statements
/// in each class) and the municipality's reply, then its replies to single statements with each
/// statement's figures, so a reader sees the input beside the answer. A theme without a reply
/// says so: the chapter never hides what is still unanswered.
extension VisionDocument {
    func replyChapter(_ vision: Vision, _ reply: Reply, level: Int = 2, _ blocks: inout [Block]) {
        blocks.append(.heading(level: level, text: t("Wat we met uw inbreng doen", "What we do with your input"), id: "reactie"))
        if let introduction = reply.introduction { blocks.append(.paragraph(introduction[language])) }
        if let date = reply.date {
            blocks.append(.note(t("Reactie van de gemeente, vastgesteld op \(date).", "The municipality's reply, adopted on \(date).")))
        }
        for theme in vision.survey.themes {
            let statements = vision.statements(in: theme.id)
            guard !statements.isEmpty else { continue }
            blocks.append(.heading(level: level + 1, text: theme.title[language], id: "reactie-\(theme.id)"))
            let broad = statements.filter { $0.supportClass == .broadlySupported }.count
            blocks.append(
                .paragraph(
                    t(
                        "Bewoners: \(broad) van de \(Plural.count(statements.count, "stelling", "stellingen")) breed gedragen.",
                        "Residents: \(broad) of \(Plural.count(statements.count, "statement", "statements")) broadly supported.")))
            if let answer = reply.themes[theme.id] {
                blocks.append(.paragraph("**\(verdict(answer.verdict))** — \(answer.text[language])"))
            } else {
                blocks.append(
                    .paragraph(
                        t("_Op dit thema heeft de gemeente nog niet gereageerd._", "_The municipality has not yet replied on this theme._"))
                )
            }
            let answered = statements.filter { reply.statements[$0.statement.id] != nil }
            if !answered.isEmpty {
                blocks.append(
                    .list(
                        answered.map { s in
                            let answer = reply.statements[s.statement.id]!
                            return
                                "\(s.statement.text[language]) _(\(s.statement.id): \(figures(s)); \(t.label(s.supportClass)))_ — **\(verdict(answer.verdict))**: \(answer.text[language])"
                        }))
            }
        }
    }

    func verdict(_ v: Reply.Verdict) -> String {
        switch v {
        case .adopted: t("Overgenomen", "Taken over")
        case .partly: t("Deels overgenomen", "Partly taken over")
        case .notAdopted: t("Niet overgenomen", "Not taken over")
        case .pending: t("Nog niet besloten", "Not decided yet")
        }
    }
}
