import Consultation
import DraagvlakCore

/// The pages' own words, in Dutch (default) and English.
enum UIText {
    static func table(_ language: Language) -> [String: String] {
        language == .en ? en : nl
    }

    /// The formats an upload may have, from the importer registry.
    static let formats = Consultation.formats.map(\.name).joined(separator: ", ")

    /// The text under `key` in agreement with `n`: the key with "One" appended when `n` is 1
    /// ("1 inwoner", "2 inwoners"). Every counted key has both forms in both languages.
    static func counted(_ texts: [String: String], _ key: String, _ n: Int) -> String {
        texts[Plural.form(n, key + "One", key)]!
    }

    static let nl: [String: String] = [
        "skip": "Naar de inhoud", "languages": "Talen", "logout": "Uitloggen",
        "closed": "De raadpleging is gesloten. Dank aan iedereen die meedeed.", "readVision": "Lees de toekomstvisie",
        "codeLabel": "Uw persoonlijke code (staat in de uitnodiging)", "start": "Begin met de vragenlijst",
        "saved": "Uw antwoorden zijn bewaard. Met dezelfde code gaat u later verder.",
        "errorsTitle": "Er is iets niet goed ingevuld", "send": "Verstuur mijn antwoorden", "save": "Bewaar en ga later verder",
        "thanksTitle": "Dank u wel!", "thanksText": "Uw antwoorden zijn ontvangen. Ze helpen de gemeente bij de toekomstvisie.",
        "loginTitle": "Inloggen voor medewerkers", "name": "Naam", "password": "Wachtwoord", "login": "Inloggen",
        "loginFailed": "Naam of wachtwoord klopt niet.",
        "officerTitle": "Beheer van de raadpleging", "vision": "De toekomstvisie (document)", "upload": "Export importeren",
        "decision": "Een besluit toetsen", "status": "Stand van zaken",
        "respondentsOne": "inwoner in de opslag", "respondents": "inwoners in de opslag",
        "invitationsAnsweredOne": "uitnodiging beantwoord", "invitationsAnswered": "uitnodigingen beantwoord",
        "openAnswersOne": "open antwoord", "openAnswers": "open antwoorden",
        "sharingSignal": "daarvan van een netwerk en browser die vaker antwoordden",
        "batches": "Geïmporteerde bestanden en online kanalen", "file": "Bestand", "format": "Formaat", "added": "Toegevoegd",
        "importedAt": "Datum", "uploadRejected": "Het bestand is geweigerd; er is niets opgeslagen",
        "exportFile": "Exportbestand (\(formats))", "importButton": "Importeer",
        "decisionRejected": "Het besluit kan niet getoetst worden", "decisionYAML": "Het besluit (YAML, zoals in de map decisions/)",
        "assess": "Toets aan de visie", "decisionFile": "Of upload een besluitbestand (YAML)",
        "codeUnknown": "Deze code kennen we niet. Controleer de code in uw uitnodiging.",
        "tooManyCodes": "Er zijn te veel onjuiste codes geprobeerd. Probeer het over enkele minuten opnieuw.",
        "codeUsed": "Met deze code is de vragenlijst al ingevuld. Elke code kan één keer antwoorden.",
        "tooMany": "Er zijn vanaf uw netwerk het afgelopen uur veel antwoorden gegeven. Probeer het later opnieuw.",
        "expired": "Het formulier is verlopen of niet door deze site verstuurd. Laad de pagina opnieuw en probeer het nog eens.",
        "notFound": "Deze pagina bestaat niet.", "noVision": "De toekomstvisie is nog niet gepubliceerd.",
        "rank": "Plaats", "pointsHintOne": "Verdeel %d punt.", "pointsHint": "Verdeel %d punten.", "noAnswer": "geen antwoord",
        "importedOne": "%@: %d inwoner toegevoegd (%@).", "imported": "%@: %d inwoners toegevoegd (%@).",
        "moreProblemsOne": "… en nog %d probleem", "moreProblems": "… en nog %d problemen",
        "alreadyImported": "%@ was al eerder geïmporteerd; er is niets toegevoegd.",
        "tooLarge": "Het bestand is te groot (meer dan %d MB); er is niets opgeslagen.",
        "standingLink": "Bekijk waar u staat met uw code", "standingFormTitle": "Uw antwoorden bekijken",
        "standingFormIntro": "Met de code uit uw uitnodiging ziet u uw antwoorden naast die van alle inwoners en van uw wijk.",
        "standingShow": "Toon mijn antwoorden", "noAnswersFound": "Met deze code vinden we geen antwoorden.",
        "standingNotYet": "Uw antwoorden kunt u bekijken zodra de raadpleging gesloten is.", "standingTitle": "Waar u staat",
        "standingIntro": "Uw antwoorden naast het deel van alle inwoners dat het met de stelling eens is, zoals in de toekomstvisie.",
        "standingDistrict": "De laatste kolom geeft dat deel onder de inwoners die bij ‘%@’ net als u ‘%@’ antwoordden.",
        "statement": "Stelling", "yourAnswer": "Uw antwoord", "everyoneAgrees": "Alle inwoners (eens)",
        "districtAgrees": "%@ (eens)", "notShownTooFew": "niet getoond: te weinig inwoners",
        "standingPrivacy": "Cijfers over minder dan %d inwoners tonen we niet: zo zijn niemands antwoorden te herleiden.",
        "standingOwn": "Deze pagina toont alleen uw eigen antwoorden en wat de toekomstvisie ook laat zien.",
    ]

    static let en: [String: String] = [
        "skip": "Skip to content", "languages": "Languages", "logout": "Sign out",
        "closed": "The consultation is closed. Thank you to everyone who took part.", "readVision": "Read the future vision",
        "codeLabel": "Your personal code (in your invitation)", "start": "Start the survey",
        "saved": "Your answers have been saved. Use the same code to continue later.",
        "errorsTitle": "Something was not filled in correctly", "send": "Send my answers", "save": "Save and continue later",
        "thanksTitle": "Thank you!", "thanksText": "Your answers have been received. They help the municipality with the future vision.",
        "loginTitle": "Sign in for officers", "name": "Name", "password": "Password", "login": "Sign in",
        "loginFailed": "Name or password is not right.",
        "officerTitle": "Managing the consultation", "vision": "The future vision (document)", "upload": "Import an export",
        "decision": "Test a decision", "status": "Where things stand",
        "respondentsOne": "resident in the store", "respondents": "residents in the store",
        "invitationsAnsweredOne": "invitation answered", "invitationsAnswered": "invitations answered",
        "openAnswersOne": "open answer", "openAnswers": "open answers",
        "sharingSignal": "of them from a network and browser that answered more than once",
        "batches": "Imported files and online channels", "file": "File", "format": "Format", "added": "Added",
        "importedAt": "Date", "uploadRejected": "The file was rejected; nothing was stored",
        "exportFile": "Export file (\(formats))", "importButton": "Import",
        "decisionRejected": "The decision cannot be tested", "decisionYAML": "The decision (YAML, as in the decisions/ folder)",
        "assess": "Test against the vision", "decisionFile": "Or upload a decision file (YAML)",
        "codeUnknown": "We do not know this code. Please check the code in your invitation.",
        "tooManyCodes": "Too many wrong codes were tried. Please try again in a few minutes.",
        "codeUsed": "This code has already been used to answer. Each code can answer once.",
        "tooMany": "Many answers came from your network in the past hour. Please try again later.",
        "expired": "The form has expired or was not sent by this site. Reload the page and try again.",
        "notFound": "This page does not exist.", "noVision": "The future vision has not been published yet.",
        "rank": "Place", "pointsHintOne": "Divide %d point.", "pointsHint": "Divide %d points.", "noAnswer": "no answer",
        "importedOne": "%@: %d resident added (%@).", "imported": "%@: %d residents added (%@).",
        "moreProblemsOne": "… and %d more problem", "moreProblems": "… and %d more problems",
        "alreadyImported": "%@ had been imported before; nothing was added.",
        "tooLarge": "The file is too large (more than %d MB); nothing was stored.",
        "standingLink": "See where you stand with your code", "standingFormTitle": "See your answers",
        "standingFormIntro": "With the code from your invitation you see your answers beside those of all residents and of your district.",
        "standingShow": "Show my answers", "noAnswersFound": "We found no answers with this code.",
        "standingNotYet": "You can see your answers once the consultation has closed.", "standingTitle": "Where you stand",
        "standingIntro": "Your answers beside the share of all residents who agree with the statement, as in the future vision.",
        "standingDistrict": "The last column gives that share among residents whose answer to ‘%@’ was, like yours, ‘%@’.",
        "statement": "Statement", "yourAnswer": "Your answer", "everyoneAgrees": "All residents (agree)",
        "districtAgrees": "%@ (agree)", "notShownTooFew": "not shown: too few residents",
        "standingPrivacy": "Figures about fewer than %d residents are not shown, so that nobody's answers can be traced.",
        "standingOwn": "This page shows only your own answers and what the future vision shows as well.",
    ]
}
