import Testing
import MilepostCore

@Suite struct PlateTextTests {
    @Test func normalisesCaseSeparatorsAndTheLetterO() throws {
        #expect(try PlateText(normalizing: "ab 12-3").description == "AB123")
        #expect(try PlateText(normalizing: "cj.o 123").description == "CJ0123")
        #expect(try PlateText(normalizing: "CJO123") == PlateText(normalizing: "CJ0123"))
    }

    @Test func keepsUnknownCharactersOfPartialPlates() throws {
        let partial = try PlateText(normalizing: "AB?12")
        #expect(partial.isPartial && partial.unknownPositions == [2])
        #expect(try !PlateText(normalizing: "AB012").isPartial)
    }

    @Test func errorsNameTheTextAndTheFault() throws {
        #expect { _ = try PlateText(normalizing: " - ") } throws: { "\($0)".contains("plate ' - ' has no letters or digits") }
        #expect { _ = try PlateText(normalizing: "AB%1") } throws: { "\($0)".contains("contains '%'") }
        #expect { _ = try PlateText(normalizing: "AB*1") } throws: { "\($0)".contains("contains '*'") }
        #expect { _ = try PlateText(normalizing: "ÄB1") } throws: { "\($0)".contains("contains 'Ä'") }
        let long = String(repeating: "A", count: PlateText.maximumLength + 1)
        #expect { _ = try PlateText(normalizing: long) } throws: { "\($0)".contains("has 11 characters; at most 10") }
        #expect(try PlateText(normalizing: String(repeating: "Z", count: PlateText.maximumLength)).characters.count == 10)
    }
}

@Suite struct PlatePatternTests {
    @Test func normalisesAndMatches() throws {
        let p = try PlatePattern("abc-1*")
        #expect(p.text == "ABC1*")
        #expect(p.matches("ABC123") && p.matches("abc 1") && !p.matches("ABD123"))
        #expect(try PlatePattern("A?C").matches("ABC"))
        #expect(try !PlatePattern("A?C").matches("AC"))
        #expect(try !PlatePattern("A?C").matches("A?C"))
    }

    @Test func theLetterOMatchesWhatTheReaderReads() throws {
        #expect(try PlatePattern("CJO123").matches("CJ0123"))
        #expect(try PlatePattern("cjo*").text == "CJ0*")
    }

    @Test func patternsMatchOneAndAnyRun() throws {
        let pattern = try PlatePattern("AB?1*")
        #expect(pattern.matches(characters: Array("ABC1".utf8)))
        #expect(pattern.matches(characters: Array("ABX123".utf8)))
        #expect(!pattern.matches(characters: Array("AB1".utf8)))
        #expect(!pattern.matches(characters: Array("XBC1".utf8)))
        #expect(try PlatePattern("*").matches(characters: Array("ANY".utf8)))
        #expect(try PlatePattern("*9").matches(characters: Array("A9B9".utf8)))
        #expect(!(try PlatePattern("*9").matches(characters: Array("A9B".utf8))))
    }

    @Test func countsKnownCharactersForTheSweepRule() throws {
        #expect(try PlatePattern("A*").isSweep)
        #expect(try PlatePattern("A?B*").isSweep)
        #expect(try !PlatePattern("AB?1*").isSweep)
        #expect(try PlatePattern("AB?1*").knownCharacterCount == 3)
        #expect(try PlatePattern("AB1").isExactPlate && !PlatePattern("AB?").isExactPlate)
    }

    @Test func partialPlatesOfficersTypeAreNotSweeps() throws {
        for typed in ["ABC123", "ABC*", "*1234", "AB?123", "AB?1?3", "*ABC*", "?BC12?", "AB*12", "A*BC", "AB*C*12", "cjo-1*"] {
            #expect(try !PlatePattern(typed).isSweep, "\(typed)")
        }
        #expect(try PlatePattern("AB*12").knownCharactersHeldInPlace == 4)
        #expect(try PlatePattern("*ABC*").knownCharactersHeldInPlace == 3)
    }

    @Test func wildcardsAndScatteredCharactersAreSweeps() throws {
        for sweep in ["*", "**", "???????", "A*", "*9", "AB*", "A?B*", "*1*2*3*", "1*2*3", "*AB*CD*", "A*B*C", "?*1?*2?*"] {
            #expect(try PlatePattern(sweep).isSweep, "\(sweep)")
        }
        #expect(try PlatePattern("*1*2*3*").knownCharacterCount == 3)
        #expect(try PlatePattern("*1*2*3*").knownCharactersHeldInPlace == 1)
        #expect(try PlatePattern("1*2*3").knownCharactersHeldInPlace == 2)
    }

    @Test func containmentIsSound() throws {
        func contained(_ q: String, _ a: String) throws -> Bool { try PlatePattern(q).isContained(in: PlatePattern(a)) }
        #expect(try contained("ABC123", "ABC*"))
        #expect(try contained("ABC?23", "ABC*"))
        #expect(try contained("ABC*", "*"))
        #expect(try contained("A?C", "A?C"))
        #expect(try !contained("ABC*", "ABC?"))
        #expect(try !contained("A?C", "ABC"))
        #expect(try !contained("ABC", "ABC?"))
        #expect(try !contained("*", "A*"))
    }

    @Test func refusesForeignCharactersNamingThePattern() throws {
        #expect { _ = try PlatePattern("AB%12") } throws: { "\($0)".contains("plate pattern 'AB%12' contains '%'") }
        #expect { _ = try PlatePattern("") } throws: { "\($0)".contains("plate pattern '' has no letters or digits") }
        #expect { _ = try PlatePattern(String(repeating: "?", count: 11)) } throws: { "\($0)".contains("has 11 characters besides *; at most 10") }
        #expect(try PlatePattern("*A*B*C*D*E*F*G*H*J*K*").text.count == 21)
        #expect(try PlatePattern("AB***C").text == "AB*C")
    }
}
