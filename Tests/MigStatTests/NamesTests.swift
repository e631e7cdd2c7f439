import Testing
@testable import MigStat

struct NamesTests {
    let resolver = Resolver(reference: Fixture.reference)

    @Test func spanishAndEnglishNamesResolveToTheSameArea() throws {
        for (english, spanish) in [("Türkiye", "Turquía"), ("Kazakhstan", "Kazajistán"), ("Russian Federation", "Federación de Rusia"),
                                   ("Venezuela (Bolivarian Republic of)", "Venezuela"), ("Latin America and the Caribbean", "América Latina y el Caribe"),
                                   ("Central Asia", "Asia Central"), ("Americas", "las Américas"), ("Mexico", "México")] {
            #expect(try resolver.entity(english) == resolver.entity(spanish), "\(english) / \(spanish)")
        }
        for area in Fixture.reference.geography.areas {
            #expect(try resolver.entity(area.nameEs) == resolver.entity(area.nameEn), "\(area.nameEn)")
            #expect(try resolver.entity(area.iso3) == resolver.entity(area.nameEn))
        }
    }

    @Test func namesIgnoreCaseAccentsAndFootnoteAsterisks() throws {
        #expect(try resolver.entity("TURKIYE") == resolver.entity("Türkiye"))
        #expect(try resolver.entity("France*") == resolver.entity("France"))
        #expect(try resolver.entity("cote d'ivoire") == resolver.entity("Côte d’Ivoire"))
    }

    @Test func anUnknownNameNamesTheClosestMatches() {
        #expect {
            try resolver.entity("Kazahkstan")
        } throws: { error in
            guard case MigStatError.unknownName(_, let suggestions) = error else { return false }
            return try! suggestions.first.map(resolver.entity) == resolver.entity("Kazakhstan")
        }
    }

    @Test func aListIsTheUnionOfItsParts() throws {
        let selection = try resolver.selection("Kazakhstan, Uzbekistan,Kyrgyzstan")
        #expect(selection.areas(in: 2020).count == 3)
        #expect(try resolver.selection("China, Hong Kong SAR").areas(in: 2020).count == 1)
    }

    @Test func theASCIIShortcutGivesFoundationsKeyForEveryNameMigstatKnows() {
        let geography = Fixture.reference.geography
        var names = geography.areas.flatMap { [$0.nameEn, $0.nameEs, $0.iso3] + $0.aliases }
        names += geography.groups.flatMap { [$0.nameEn, $0.nameEs] + $0.aliases }
        names += ["C\u{F4}te d'Ivoire", "EE.UU.", "  TURKIYE* ", "Bosnia-Herzegovina", "St. Kitts & Nevis"]
        var checked = 0
        for name in names {
            guard let fast = asciiNameKey(name) else { continue }
            #expect(fast == foldedNameKey(name), "\(name)")
            checked += 1
        }
        #expect(checked > 300)
    }
}

