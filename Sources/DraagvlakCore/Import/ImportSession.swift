/// Receives a file's records from an importer plugin, turns each into a validated, normalised
/// `Response`, and hands it on — or collects the problems, so the caller can reject the file.
///
/// A plugin calls `begin(headers:line:)` once and `record(_:line:)` per record. After the first
/// problem no more responses are handed on (the file will be rejected whole), but reading goes
/// on, so that every problem (up to `problemLimit`) is reported in one go.
public final class ImportSession {
    public let survey: Survey
    public let file: String
    public let problemLimit: Int
    public private(set) var problems: [Problem] = []
    /// Problems found beyond `problemLimit`.
    public private(set) var omitted = 0
    public private(set) var records = 0
    public private(set) var plan: ColumnPlan?
    /// Things the user should know that are not errors (ignored columns, no id column).
    public private(set) var notes: [String] = []

    private let mapping: ColumnMapping?
    /// Makes the ids of files without an id column unique per file (e.g. the file's digest).
    private let recordIDPrefix: String
    private let decoder: AnswerDecoder
    private let pseudonymise: (String) -> String
    private let accept: (Response) throws -> Void
    private var headerLocation: SourceLocation

    /// - Parameters:
    ///   - pseudonymise: turns a raw respondent id into its keyed pseudonym.
    ///   - accept: stores a response; it is not called once the file has a problem.
    public init(
        survey: Survey, file: String, mapping: ColumnMapping? = nil, problemLimit: Int = 100, recordIDPrefix: String = "",
        pseudonymise: @escaping (String) -> String, accept: @escaping (Response) throws -> Void
    ) {
        self.survey = survey
        self.file = file
        self.mapping = mapping
        self.problemLimit = problemLimit
        self.recordIDPrefix = recordIDPrefix
        self.pseudonymise = pseudonymise
        self.accept = accept
        decoder = AnswerDecoder(survey: survey, mapping: mapping)
        headerLocation = SourceLocation(file: file)
    }

    public var hasProblems: Bool { !problems.isEmpty }

    public func report(_ problem: Problem) {
        if problems.count < problemLimit { problems.append(problem) } else { omitted += 1 }
    }

    public func note(_ text: String) {
        notes.append(text)
    }

    /// How the file's records are counted: lines, or for a spreadsheet cells (problems then read
    /// `export.xlsx: Blad1!D17`, the record's line being its row and a field's index its
    /// column), or a statistics file's cases.
    public var addressing: SourceLocation.Addressing = .lines

    /// Called with the bytes read so far, for a progress display; set by the caller.
    public var onProgress: ((Int64) -> Void)?

    /// Plugins call this now and then while reading.
    public func progress(bytesRead: Int64) {
        onProgress?(bytesRead)
    }

    /// Resolves the header row. Returns false when the file cannot be read any further.
    @discardableResult
    public func begin(headers: [String], line: Int) -> Bool {
        headerLocation = SourceLocation(file: file, line: line)
        var found: [Problem] = []
        let plan = ColumnPlan.resolve(headers: headers, survey: survey, mapping: mapping, location: headerLocation, problems: &found)
        found.forEach(report)
        self.plan = plan
        if !plan.unmatched.isEmpty {
            let shown = plan.unmatched.prefix(10).map { "'\($0.count > 60 ? String($0.prefix(59)) + "…" : $0)'" }
            let more = plan.unmatched.count > 10 ? " and \(plan.unmatched.count - 10) more" : ""
            note("ignored columns that match no question: \(shown.joined(separator: ", "))\(more)")
        }
        if !plan.hasRespondentColumn {
            note(
                "no respondent id column: re-importing this same file adds nothing, but the same respondents in another export are not recognised"
            )
        }
        return found.isEmpty
    }

    /// A field's location: for a spreadsheet its cell, else the record's line.
    private func cell(_ location: SourceLocation, _ column: Int) -> SourceLocation {
        guard case .cells = addressing else { return location }
        var cell = location
        cell.column = column + 1
        return cell
    }

    /// One record, its fields in header order; `line` is where the record starts.
    public func record(_ fields: [String], line: Int) throws {
        guard let plan else { return }
        records += 1
        let location = SourceLocation(file: file, line: line, addressing: addressing)
        guard fields.count == plan.roles.count else {
            report(Problem(location, nil, "ragged row: \(fields.count) fields where the header has \(plan.roles.count)"))
            return
        }
        let problemsBefore = problems.count + omitted
        var statements = [Int8?](repeating: nil, count: survey.statements.count)
        var categories = [Int?](repeating: nil, count: survey.demographics.count)
        var other: [String: AnswerValue] = [:]
        var respondent: String?
        var submittedAt: String?
        var parts: [Int: [String: String]] = [:]

        for (column, role) in plan.roles.enumerated() {
            let field = fields[column]
            switch role {
            case .ignored:
                continue
            case .statement(let s):
                switch decoder.statement(s, field) {
                case .value(let v): statements[s] = v
                case .missing: break
                case .invalid(let message): report(Problem(cell(location, column), .column(plan.headers[column]), message))
                }
            case .demographic(let d):
                switch decoder.category(d, field) {
                case .value(let v): categories[d] = v
                case .missing: break
                case .invalid(let message): report(Problem(cell(location, column), .column(plan.headers[column]), message))
                }
            case .respondent:
                let id = field.trimmingSpaces
                if id.isEmpty {
                    report(Problem(cell(location, column), .column(plan.headers[column]), "the respondent id is empty"))
                } else {
                    respondent = id
                }
            case .submittedAt:
                let text = field.trimmingSpaces
                submittedAt = text.isEmpty ? nil : text
            case .whole(let q):
                switch wholeAnswer(q, field) {
                case .value(let v): other[survey.questions[q].id] = v
                case .missing: break
                case .invalid(let message): report(Problem(cell(location, column), .column(plan.headers[column]), message))
                }
            case .rank(let q, let rank):
                parts[q, default: [:]][String(rank)] = field
            case .option(let q, let code):
                parts[q, default: [:]][code] = field
            }
        }
        for (q, values) in parts.sorted(by: { $0.key < $1.key }) {
            switch partAnswer(q, values) {
            case .value(let v): other[survey.questions[q].id] = v
            case .missing: break
            case .invalid(let message): report(Problem(location, .field(survey.questions[q].id), message))
            }
        }
        guard problems.count + omitted == problemsBefore, problems.isEmpty else { return }

        let rawID = respondent ?? "\(recordIDPrefix)#record \(records)"
        let response = Response(
            respondent: pseudonymise(rawID), source: SourcePosition(file: file, line: line),
            submittedAt: submittedAt, statements: statements, categories: categories, other: other)
        try accept(response)
    }

    private func wholeAnswer(_ q: Int, _ field: String) -> AnswerDecoder.Outcome<AnswerValue> {
        let question = survey.questions[q]
        switch question.kind {
        case .choice:
            return decoder.option(q, field).map(AnswerValue.choice)
        case .multipleChoice:
            return decoder.options(q, field).map(AnswerValue.choices)
        case .ranking:
            return decoder.options(q, field).flatMap(validRanking).map(AnswerValue.ranking)
        case .points:
            return .invalid(
                "a point allocation needs one column per option, e.g. '\(question.id)[\(question.options.first?.code ?? "code")]'")
        case .open:
            let text = PersonalDataScrubber.scrub(field.trimmingSpaces)
            return text.isEmpty ? .missing : .value(.text(text))
        }
    }

    private func partAnswer(_ q: Int, _ values: [String: String]) -> AnswerDecoder.Outcome<AnswerValue> {
        let question = survey.questions[q]
        switch question.kind {
        case .ranking:
            var ranked: [String] = []
            for rank in values.keys.compactMap(Int.init).sorted() {
                switch decoder.option(q, values[String(rank)]!) {
                case .value(let code): ranked.append(code)
                case .missing: continue
                case .invalid(let message): return .invalid("rank \(rank): \(message)")
                }
            }
            return ranked.isEmpty ? .missing : validRanking(ranked).map(AnswerValue.ranking)
        case .points:
            var points: [String: Int] = [:]
            for (code, field) in values.sorted(by: { $0.key < $1.key }) {
                switch AnswerDecoder.points(field) {
                case .value(let p): points[code] = p
                case .missing: continue
                case .invalid(let message): return .invalid("option '\(code)': \(message)")
                }
            }
            if points.isEmpty { return .missing }
            let sum = points.values.reduce(0, +)
            if let total = question.total, sum != total {
                return .invalid("the points add up to \(sum), not \(total)")
            }
            return .value(.points(points))
        case .multipleChoice:
            var chosen: [String] = []
            for option in question.options {
                guard let field = values[option.code] else { continue }
                switch AnswerDecoder.flag(field) {
                case .value(true): chosen.append(option.code)
                case .value(false), .missing: continue
                case .invalid(let message): return .invalid("option '\(option.code)': \(message)")
                }
            }
            return chosen.isEmpty ? .missing : .value(.choices(chosen))
        case .choice, .open:
            return .missing
        }
    }

    private func validRanking(_ codes: [String]) -> AnswerDecoder.Outcome<[String]> {
        var seen = Set<String>()
        for code in codes where !seen.insert(code).inserted {
            return .invalid("option '\(code)' is ranked twice")
        }
        return .value(codes)
    }
}

extension AnswerDecoder.Outcome {
    func map<T>(_ transform: (Value) -> T) -> AnswerDecoder.Outcome<T> {
        switch self {
        case .value(let v): .value(transform(v))
        case .missing: .missing
        case .invalid(let m): .invalid(m)
        }
    }

    func flatMap<T>(_ transform: (Value) -> AnswerDecoder.Outcome<T>) -> AnswerDecoder.Outcome<T> {
        switch self {
        case .value(let v): transform(v)
        case .missing: .missing
        case .invalid(let m): .invalid(m)
        }
    }
}
