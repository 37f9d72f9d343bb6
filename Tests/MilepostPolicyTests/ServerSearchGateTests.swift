import MilepostCore
import MilepostSystem
import MilepostTesting
import Testing
@testable import MilepostPolicy

/// The department server's gate: it covers the units each approval names.
@Suite struct ServerSearchGateTests {
    let f = Fixtures()
    let clock = ManualWallClock(Fixtures.start)
    let fs = FaultInjectingFileSystem(directories: ["/state"])
    let audit = RecordingAudit()
    let gate: SearchGate

    init() throws {
        let revocations = try RevocationRegistry(fileSystem: fs, path: "/state/revocations.paseto", documents: f.verifier)
        try revocations.install(try f.sign(f.revocationList(version: 1)), now: Fixtures.start, document: "rl")
        gate = SearchGate(coverage: .approvalUnits, documents: f.verifier, revocations: revocations, timeFloor: try TimeFloor(fileSystem: fs, path: "/state/time-floor"),
                          ledger: try FileSearchUseLedger(fileSystem: fs, path: "/state/search-uses.json"), audit: audit, clock: clock)
    }

    func approval(units: [UnitID]) throws -> String {
        var approval = f.searchApproval(plate: "ABC1*")
        approval.units = units
        return try f.sign(approval)
    }

    var query: SearchQuery { SearchQuery(plate: try! PlatePattern("ABC123"), from: Fixtures.start.adding(seconds: -3600), to: Fixtures.start) }

    @Test func aPermitNamesTheApprovalsUnits() throws {
        let permit = try gate.authorize(query, approvalToken: try approval(units: ["unit-7", "unit-8"]), requester: Fixtures.detective, source: "10.1.2.3",
                                        statedCaseNumber: "2026-0042")
        #expect(permit.units == ["unit-7", "unit-8"])
        #expect(permit.use == 1)
    }

    @Test func aCropIsAllowedOnlyForACoveredReadInScopeAndCountsNoUse() throws {
        let token = try approval(units: ["unit-7", "unit-8"])
        func crop(_ unit: UnitID, _ plate: String, _ time: UTCTime) -> PolicyError? {
            do {
                _ = try gate.authorizeCrop(of: "crop of \(unit)", unit: unit, plate: try PlatePattern(plate), capturedAt: time, approvalToken: token,
                                           requester: Fixtures.detective, source: "10.1.2.3", statedCaseNumber: "2026-0042")
                return nil
            } catch let error as PolicyError { return error } catch { return PolicyError(.io, "\(error)") }
        }
        let inScope = Fixtures.start.adding(seconds: -60)
        #expect(crop("unit-8", "ABC123", inScope) == nil)
        #expect(crop("unit-9", "ABC123", inScope)?.code == .unitNotCovered)
        #expect(crop("unit-8", "XYZ123", inScope)?.code == .searchOutOfScope)
        #expect(crop("unit-8", "ABC123", Fixtures.start.adding(seconds: 3600))?.code == .searchOutOfScope)
        #expect(audit.events.map(\.type) == ["search.crop", "search.crop", "search.crop", "search.crop"])
        #expect(audit.events.map(\.outcome).first == .allowed(resultCount: 1))
        #expect(try FileSearchUseLedger(fileSystem: fs, path: "/state/search-uses.json").uses(of: "search-1") == 0)
    }
}
