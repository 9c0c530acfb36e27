import DraagvlakCore
import Readers

/// The header row of a Polis CSV with its columns found by name, since the exporter versions
/// order and name them differently; a missing column is an error naming file and line.
struct PolisColumns {
    let names: [String]
    let line: Int
    let file: String
    /// What the file should be, for the error ("comments.csv", "votes.csv").
    let kind: String

    init(_ header: CSVReader.Record, file: String, kind: String) {
        names = header.fields.map { CSVSample.text($0).trimmingCharacters(in: .whitespaces) }
        line = header.line
        self.file = file
        self.kind = kind
    }

    func required(_ name: String) throws -> Int {
        guard let i = names.firstIndex(of: name) else {
            throw InputError("\(file):\(line): no column '\(name)'; is this a Polis \(kind)?")
        }
        return i
    }

    func optional(_ name: String) -> Int? { names.firstIndex(of: name) }
}
