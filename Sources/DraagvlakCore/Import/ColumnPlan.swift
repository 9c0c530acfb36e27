/// What each column of a tabular export holds, resolved against the survey once per file.
public struct ColumnPlan: Sendable {
    /// The role of one column.
    public enum Role: Sendable, Hashable {
        case respondent
        case submittedAt
        case statement(Int)
        case demographic(Int)
        /// The whole answer to a non-statement question in one column.
        case whole(Int)
        /// `ranking[n]`: the option code at rank n (1-based).
        case rank(Int, Int)
        /// `points[code]` or `checkbox[code]`: one option's points or whether it was ticked.
        case option(Int, String)
        case ignored
    }

    public var headers: [String]
    public var roles: [Role]
    /// Headers that matched nothing and were not ignored on purpose, for the import summary.
    public var unmatched: [String]

    public var hasRespondentColumn: Bool { roles.contains(.respondent) }

    /// Resolves headers by the mapping first, then by question id, then by the usual names of
    /// id and timestamp columns. Problems (duplicates, no statement at all) go to `problems`.
    public static func resolve(
        headers: [String], survey: Survey, mapping: ColumnMapping?, location: SourceLocation,
        problems: inout [Problem]
    ) -> ColumnPlan {
        var roles: [Role] = []
        var unmatched: [String] = []
        var seen: [Role: String] = [:]
        for raw in headers {
            let header = raw.trimmingSpaces
            var role = role(of: header, survey: survey, mapping: mapping)
            // Exports often carry several id or date columns (submitdate and datestamp, _uuid and
            // meta/instanceID): the first one guessed by name counts, the others are ignored.
            let guessed =
                (role == .respondent && mapping?.respondentColumn != header)
                || (role == .submittedAt && mapping?.submittedAtColumn != header)
            if guessed, seen[role] != nil { role = .ignored }
            if role == .ignored, !(mapping?.ignored.contains(header) ?? false), !header.isEmpty {
                unmatched.append(header)
            }
            if role != .ignored {
                if let earlier = seen[role] {
                    problems.append(Problem(location, .column(header), "maps to the same question as column '\(earlier)'"))
                }
                seen[role] = header
            }
            roles.append(role)
        }
        if !roles.contains(where: { if case .statement = $0 { true } else { false } }) {
            problems.append(
                Problem(
                    location, nil,
                    "no column matches a statement of survey '\(survey.id)'; name the columns by question id (e.g. '\(survey.statements.first?.id ?? "S01")') or give a mapping file with --mapping"
                ))
        }
        return ColumnPlan(headers: headers, roles: roles, unmatched: unmatched)
    }

    /// Whether a header is one of the usual names of a respondent id or a timestamp column.
    public static func isMetadata(_ header: String) -> Bool {
        let lowered = header.trimmingSpaces.lowercased()
        return respondentNames.contains(lowered) || submittedAtNames.contains(lowered)
    }

    static let respondentNames: Set<String> = [
        "respondent", "respondent_id", "respondentid", "respondent id", "id", "response id", "responseid",
        "response_id", "participant", "participant_id", "_uuid", "instanceid", "meta/instanceid",
    ]
    static let submittedAtNames: Set<String> = [
        "submitted_at", "submittedat", "submitted", "submitdate", "submit date", "timestamp", "tijdstempel",
        "datestamp", "enddate", "end date", "_submission_time",
    ]

    private static func role(of header: String, survey: Survey, mapping: ColumnMapping?) -> Role {
        if let mapping {
            if header == mapping.respondentColumn { return .respondent }
            if header == mapping.submittedAtColumn { return .submittedAt }
            if mapping.ignored.contains(header) { return .ignored }
            if let target = mapping.columns[header] { return questionRole(target, survey: survey) ?? .ignored }
        }
        if let role = questionRole(header, survey: survey) { return role }
        let lowered = header.lowercased()
        if mapping?.respondentColumn == nil, respondentNames.contains(lowered) { return .respondent }
        if mapping?.submittedAtColumn == nil, submittedAtNames.contains(lowered) { return .submittedAt }
        return .ignored
    }

    /// `S01`, `district`, `prioriteiten`, `prioriteiten[2]`, `budget[groen]`.
    static func questionRole(_ name: String, survey: Survey) -> Role? {
        if let reference = survey.reference(to: name) {
            switch reference {
            case .statement(let i): return .statement(i)
            case .demographic(let i): return .demographic(i)
            case .question(let i): return .whole(i)
            }
        }
        guard name.hasSuffix("]"), let open = name.firstIndex(of: "[") else { return nil }
        let id = String(name[..<open])
        let part = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
        guard case .question(let q) = survey.reference(to: id) else { return nil }
        let question = survey.questions[q]
        switch question.kind {
        case .ranking:
            if let rank = Int(part), rank >= 1, rank <= question.options.count { return .rank(q, rank) }
            return nil
        case .points, .multipleChoice:
            if question.options.contains(where: { $0.code == part }) { return .option(q, part) }
            // `budget[Primary School]`: an option named by its label (as `survey from` keeps it).
            if let option = question.options.first(where: { $0.label.nl == part || $0.label.en == part }) { return .option(q, option.code) }
            return nil
        case .choice, .open:
            return nil
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
