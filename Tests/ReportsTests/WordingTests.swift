import Decisions
import DraagvlakCore
import Testing
import Vision

@testable import Reports

/// The one way reports word their text: language, counts, labels and numbers.
@Suite struct WordingTests {
    let nl = Wording(.nl)
    let en = Wording(.en)

    @Test func textFollowsTheLanguage() {
        #expect(nl("eens", "agree") == "eens")
        #expect(en("eens", "agree") == "agree")
    }

    @Test func countsAgreeWithTheirNoun() {
        let noun = (nl: (one: "stelling", many: "stellingen"), en: (one: "statement", many: "statements"))
        #expect(nl.count(1, noun.nl, noun.en) == "1 stelling")
        #expect(nl.count(0, noun.nl, noun.en) == "0 stellingen")
        #expect(en.count(1, noun.nl, noun.en) == "1 statement")
        #expect(en.count(3, noun.nl, noun.en) == "3 statements")
    }

    @Test func decimalsUseTheLanguagesSeparator() {
        #expect(nl.decimal(0.25) == "0,25")
        #expect(en.decimal(0.25) == "0.25")
        #expect(nl.decimal(1.5, digits: 1) == "1,5")
        #expect(nl.signed(-0.123) == "−0,12")
        #expect(en.signed(0.5) == "+0.50")
        #expect(nl.plusMinus(-0.1966, digits: 3) == "−0,197")
        #expect(en.plusMinus(1, digits: 1) == "+1.0")
    }

    @Test func sharesAreWholePercentages() {
        #expect(nl.percent(0.456) == "46%")
        #expect(en.percent(1) == "100%")
        #expect(nl.interval((low: 0.414, high: 0.523)) == "41–52%")
    }

    @Test func wholeNumbersGetThousandsSeparators() {
        #expect(nl.number(10_000) == "10.000")
        #expect(en.number(10_000) == "10,000")
        #expect(en.number(1_234_567) == "1,234,567")
        #expect(nl.number(999) == "999")
    }

    @Test func labelsAreDistinctInEachLanguage() {
        for t in [nl, en] {
            #expect(Set(SupportClass.allCases.map { t.label($0) }).count == SupportClass.allCases.count)
            #expect(Set(Verdict.allCases.map { t.label($0) }).count == Verdict.allCases.count)
            #expect(Set(Robustness.allCases.map { t.label($0) }).count == Robustness.allCases.count)
            #expect(t.label(nil as Robustness?) == "–")
        }
        #expect(nl.label(SupportClass.broadlySupported) == "breed gedragen")
        #expect(en.label(Verdict.fits) == "fits the vision")
        #expect(nl.label(Robustness.scenarioDependent) == "scenarioafhankelijk")
    }

    @Test func alignmentsNearTheThresholdGetAThirdDecimal() {
        let report = DecisionReport(language: .en)
        #expect(report.decimal(0.196) == "+0.196")
        #expect(report.decimal(0.2) == "+0.20")
        #expect(report.decimal(-0.5) == "−0.50")
        #expect(DecisionReport(language: .nl).decimal(0.35) == "+0,35")
    }

    @Test func firstLetterCapitalised() {
        #expect("breed gedragen".capitalizedFirst == "Breed gedragen")
        #expect("".capitalizedFirst == "")
    }
}
