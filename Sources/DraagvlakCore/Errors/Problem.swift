/// Where in an input something was found: a file, and where known its line and column.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// How the input's records are counted, which decides how the location reads.
    public var addressing: Addressing

    /// How an input's records are addressed: by line (text files), by cell of a worksheet
    /// (`file: Blad1!D17`, row `line`, column number `column`), or by case number (a statistics
    /// file's `file: case 17`), as the user finds them in the tool that made the file.
    public enum Addressing: Sendable, Hashable, Codable {
        case lines
        case cells(sheet: String)
        case cases
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, addressing: Addressing = .lines) {
        self.file = file
        self.line = line
        self.column = column
        self.addressing = addressing
    }

    /// A spreadsheet's column letters for a column number: 1 → A, 27 → AA.
    public static func columnLetters(_ column: Int) -> String {
        var n = column
        var letters = ""
        while n > 0 {
            let scalar = UnicodeScalar(UInt8(65 + (n - 1) % 26))
            letters.insert(Character(scalar), at: letters.startIndex)
            n = (n - 1) / 26
        }
        return letters
    }

    public var description: String {
        switch addressing {
        case .cells(let sheet):
            let cell = (column.map(Self.columnLetters) ?? "") + (line.map(String.init) ?? "")
            return cell.isEmpty ? "\(file): \(sheet)" : "\(file): \(sheet)!\(cell)"
        case .cases:
            return line.map { "\(file): case \($0)" } ?? file
        case .lines:
            break
        }
        var text = file
        if let line { text += ":\(line)" }
        if let line = line, let column, line > 0 { text += ":\(column)" }
        return text
    }
}

/// One thing wrong with an input, located precisely enough for an officer to fix it:
/// `file:line: column 'X': what is wrong` or `file:line:col: field 'a.b': what is wrong`.
public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// What part of the record or document the problem is in.
    public enum Subject: Sendable, Hashable {
        case column(String)
        case field(String)
    }

    public var location: SourceLocation
    public var subject: Subject?
    public var message: String

    public init(_ location: SourceLocation, _ subject: Subject? = nil, _ message: String) {
        self.location = location
        self.subject = subject
        self.message = message
    }

    public var description: String {
        switch subject {
        case .column(let name): "\(location): column '\(name)': \(message)"
        case .field(let path): "\(location): field '\(path)': \(message)"
        case nil: "\(location): \(message)"
        }
    }
}

/// Bad input: a file that cannot be used as it is. Carries every problem found (up to a
/// limit), so a user can fix them all in one go; rendered once, at the edge.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var summary: String
    public var problems: [Problem]
    /// Problems found beyond the reporting limit, counted but not listed.
    public var omitted: Int

    public init(_ summary: String, problems: [Problem] = [], omitted: Int = 0) {
        self.summary = summary
        self.problems = problems
        self.omitted = omitted
    }

    public init(_ problem: Problem) {
        self.init(problem.description, problems: [])
    }

    public var description: String {
        var lines = [summary]
        lines += problems.map { "  \($0)" }
        if omitted > 0 { lines.append("  … and \(omitted) more problems") }
        return lines.joined(separator: "\n")
    }
}

/// A failure of the store itself (not of the input): cannot open, wrong survey, disk full. Every
/// store (SQLite, PostgreSQL) throws it, so the edges render it without knowing which store it was.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
