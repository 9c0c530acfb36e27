import Decisions
import DraagvlakCore
import Vision

/// The one way a report words its text in the document's language: `t("…", "…")` picks the
/// Dutch or the English, `count` gives a number with its noun in agreement, `label` names a
/// class, verdict or robustness, and the number formatting (Formatting.swift) writes figures
/// the language's way. The vision document and the decision reports both word through it.
/// (The server's pages use their own key tables, Sources/Server/UIText.swift.)
struct Wording: Sendable {
    let language: Language

    init(_ language: Language) {
        self.language = language
    }

    /// The text in the document's language.
    func callAsFunction(_ nl: String, _ en: String) -> String {
        language == .nl ? nl : en
    }

    /// `n` with the noun (or noun and verb) in agreement with it: "1 stelling", "3 statements".
    func count(_ n: Int, _ nl: (one: String, many: String), _ en: (one: String, many: String)) -> String {
        Plural.count(n, self(nl.one, en.one), self(nl.many, en.many))
    }

    /// A statement's class as a reader sees it.
    func label(_ c: SupportClass) -> String {
        switch c {
        case .broadlySupported: self("breed gedragen", "broadly supported")
        case .majorityDivided: self("meerderheid, verdeeld", "majority, but divided")
        case .contested: self("omstreden", "contested")
        case .noMajority: self("geen meerderheid", "no majority")
        case .rejected: self("afgewezen", "rejected")
        case .insufficient: self("onvoldoende respons", "too little input")
        }
    }

    /// An option's verdict as a reader sees it.
    func label(_ v: Verdict) -> String {
        switch v {
        case .fits: self("past bij de toekomstvisie", "fits the vision")
        case .conflicts: self("botst met de toekomstvisie", "conflicts with the vision")
        case .mixed: self("gemengd", "mixed")
        case .insufficient: self("te weinig basis voor een oordeel", "too little basis to judge")
        }
    }

    /// How an option holds up across the scenarios; "–" without scenarios.
    func label(_ r: Robustness?) -> String {
        switch r {
        case .robust?: self("robuust", "robust")
        case .scenarioDependent?: self("scenarioafhankelijk", "scenario-dependent")
        case .fragile?: self("kwetsbaar", "fragile")
        case .weak?: self("zwak", "weak")
        case nil: "–"
        }
    }
}

extension String {
    /// The text with its first character in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
