import MilepostCore
import MilepostTesting
import Testing
@testable import MilepostPolicy
import MilepostPolicyTesting

/// Flip random bytes of signed documents and of the audit log: every mutation must be caught.
@Suite struct MutationPropertyTests {
    let f = Fixtures()

    @Test func everyMutationOfASignedDocumentIsRefused() throws {
        let now = Fixtures.start.adding(seconds: 60)
        let tokens = [
            try f.sign(f.authorization()),
            try f.sign(f.authorization(id: "auth-2"), byDesigneeUnder: try f.delegation()),
            try f.sign(f.searchApproval()),
        ]
        var rng = SplitMix64(seed: 0x5EED)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \n".utf8)
        for round in 0..<300 {
            let original = Array(tokens[round % tokens.count].utf8)
            var mutated = original
            let position = Int.random(in: 0..<mutated.count, using: &rng)
            // Mostly characters a token could contain (so the mutation reaches the decoder and the
            // signature check), sometimes any byte.
            repeat {
                mutated[position] = round % 4 == 0 ? UInt8.random(in: 0...255, using: &rng) : alphabet.randomElement(using: &rng)!
            } while mutated[position] == original[position]
            let text = String(decoding: mutated, as: UTF8.self)
            let accepted: Bool
            switch round % tokens.count {
            case 2: accepted = (try? f.verifier.verify(text, as: SearchApproval.self, now: now, document: "m")) != nil
            default: accepted = (try? f.verifier.verify(text, as: TargetingAuthorization.self, now: now, document: "m")) != nil
            }
            #expect(!accepted, "round \(round): byte \(position) changed and the document still verified")
        }
    }

    @Test func everyMutationOfTheAuditLogIsDetected() throws {
        let clock = ManualWallClock(Fixtures.start)
        let storage = InMemoryAuditStorage(), checkpoints = InMemoryAuditStorage()
        let log = try AuditLog(storage: storage, checkpoints: checkpoints, clock: clock)
        for index in 0..<12 {
            clock.advance(milliseconds: 1_234)
            try log.record(AuditEvent(type: "search.completed", actor: Fixtures.detective, source: "10.0.0.\(index)", object: "plate-search plate=ABC12\(index)",
                                      purpose: "theft", caseNumber: "2026-0042", approvalID: "search-1", outcome: .allowed(resultCount: index)))
        }
        try log.checkpoint(unitKey: f.unit)
        let intact = storage.contents
        #expect(AuditVerifier.verify(log: intact, checkpoints: checkpoints.contents, unitKey: f.unit.publicKey).isIntact)

        var rng = SplitMix64(seed: 0xA0D17)
        for round in 0..<300 {
            var mutated = intact
            let position = Int.random(in: 0..<mutated.count, using: &rng)
            repeat { mutated[position] = UInt8.random(in: 0...255, using: &rng) } while mutated[position] == intact[position]
            let report = AuditVerifier.verify(log: mutated, checkpoints: checkpoints.contents, unitKey: f.unit.publicKey)
            #expect(!report.isIntact, "round \(round): byte \(position) changed and verify passed")
        }
    }
}
