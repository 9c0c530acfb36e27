import DraagvlakCore
import Testing

@Suite struct PersonalDataScrubberTests {
    @Test(arguments: [
        ("Bel me op 06-12345678 na vijven", "Bel me op [telefoonnummer] na vijven"),
        ("Mijn nummer: +31 6 1234 5678.", "Mijn nummer: [telefoonnummer]."),
        ("Vast: 010-1234567", "Vast: [telefoonnummer]"),
        ("Mail naar jan.devries@example.nl graag", "Mail naar [e-mail] graag"),
        ("Ik woon op 1234 AB 12 sinds 1990", "Ik woon op [postcode] sinds 1990"),
        ("Rekening NL91 ABNA 0417 1643 00 voor giften", "Rekening [IBAN] voor giften"),
        ("BSN 123456782 staat op de brief", "BSN [nummer] staat op de brief"),
        ("Mijn naam is Jan de Vries en ik woon in Oost", "Mijn naam is [naam] en ik woon in Oost"),
        ("My name is Anna Bakker.", "My name is [naam]."),
        ("Ik ben blij met de bibliotheek", "Ik ben blij met de bibliotheek"),
        ("In 2040 wil ik 3 bomen per straat", "In 2040 wil ik 3 bomen per straat"),
    ])
    func scrubs(_ input: String, _ expected: String) {
        #expect(PersonalDataScrubber.scrub(input) == expected)
    }
}
