public import Foundation

/// A plugin that can turn a file — a tool's survey structure (`.lss`, an XForm, a `.qsf`, Polis
/// `comments.csv`) or an export's header — into a survey definition, for
/// `draagvlak survey from FILE`. The user completes it with themes and polarity; importing the
/// tool's exports against it then needs no mapping file, because the plugin names the columns
/// it reads with the same ids.
public protocol SurveyExtractor: Sendable {
    /// The format name, as for importing.
    var format: String { get }
    /// How sure the plugin is that it can make a survey from this file; 0 declines.
    func identifyStructure(_ sample: FileSample) -> FormatMatch
    /// The survey the file describes. Statements get the theme `SurveyExtraction.unsortedTheme`
    /// and polarity 1 until the user sorts them.
    func survey(from file: URL, displayName: String) throws -> SurveyExtraction
}

/// A survey made from an export, with what the user still has to check.
public struct SurveyExtraction: Sendable {
    public var survey: Survey
    /// Questions left out and why (e.g. a date question, a file upload).
    public var skipped: [String]

    public init(survey: Survey, skipped: [String] = []) {
        self.survey = survey
        self.skipped = skipped
    }

    /// The placeholder theme extracted statements are put in.
    public static let unsortedTheme = Theme(id: "in-te-delen", title: LocalizedText(nl: "Nog in te delen", en: "To be sorted"))

    /// Turns a tool's question code into a valid survey id: letters, digits, `_`, `-`, `.`, `+`
    /// kept; `[a]` becomes `_a`; anything else `_`.
    public static func identifier(_ code: String) -> String {
        var out = ""
        for c in code.unicodeScalars {
            if CharacterSet.alphanumerics.contains(c) || "_-.+".unicodeScalars.contains(c) {
                out.unicodeScalars.append(c)
            } else if c == "[" {
                out += "_"
            } else if c != "]" {
                out += "_"
            }
        }
        return out.isEmpty ? "q" : out
    }
}
