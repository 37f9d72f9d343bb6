import Foundation
import MilepostCore
import MilepostHotlist
import MilepostPolicy
import MilepostTesting
import Testing
@testable import MilepostService
import MilepostSystem
import MilepostTesting
import MilepostPolicyTesting

@Suite struct PolicySearchTests {
    let f: PolicyUnitFixture
    let search: ApprovedSearch

    init() throws {
        f = try PolicyUnitFixture()
        search = ApprovedSearch(gate: f.unit.searchGate, store: ReadStoreSearch(store: f.store))
        try f.addRead("ABC123", hoursFromStart: -100)  // before every scope below
        try f.addRead("ABC123", hoursFromStart: -48)
        try f.addRead("XYZ999", hoursFromStart: -30)
        try f.addRead("ABC123", hoursFromStart: -24)
        try f.addRead("ABC124", hoursFromStart: -2)
        try f.addRead("ABD123", hoursFromStart: -1)
        try f.addRead("ABC123", hoursFromStart: 1)  // after the scope
    }

    func request(_ plate: String?, fromHours: Int64 = -72, toHours: Int64 = 0, kind: SearchQuery.Kind = .plateSearch, token: String,
                 requester: AuditActor = PolicyUnitFixture.detective, caseNumber: String = "2026-0042") throws -> ApprovedSearch.Request {
        let query = SearchQuery(kind: kind, plate: try plate.map { try PlatePattern($0) }, from: f.time(hoursFromStart: fromHours), to: f.time(hoursFromStart: toHours))
        return ApprovedSearch.Request(query: query, approvalToken: token, requester: requester, source: "10.1.2.3", caseNumber: caseNumber)
    }

    /// Runs a search expected to be refused; returns the refusal and the audit entries it added.
    func refused(_ request: ApprovedSearch.Request) -> (PolicyError?, [AuditEntry]) {
        let before = f.auditEntries.count
        do {
            _ = try search.run(request)
            return (nil, Array(f.auditEntries.dropFirst(before)))
        } catch {
            return (error as? PolicyError, Array(f.auditEntries.dropFirst(before)))
        }
    }

    @Test func anInScopeSearchReturnsExactlyTheInScopeReadsAndAuditsTheCount() throws {
        let result = try search.run(try request("ABC12?", token: try f.approval()))
        #expect(result.reads.map(\.plate) == ["ABC123", "ABC123", "ABC124"])
        #expect(result.reads.map(\.capturedAt) == [f.time(hoursFromStart: -48), f.time(hoursFromStart: -24), f.time(hoursFromStart: -2)])
        #expect(result.use == 1 && result.maxUses == 3 && result.approvalID == "search-1")
        let entries = f.auditEntries.suffix(2)
        #expect(entries.map(\.event) == ["search.authorized", "search.completed"])
        let done = entries.last!
        #expect(done.actor == PolicyUnitFixture.detective && done.source == "10.1.2.3")
        #expect(done.caseNumber == "2026-0042" && done.purpose == "stolen vehicle investigation" && done.approvalID == "search-1")
        #expect(done.outcome == .allowed(resultCount: 3))
        #expect(done.object.contains("ABC12?"))
        #expect(f.verifyAudit().isIntact)
    }

    /// The reader never reads the letter O (it reads 0), so a plate typed with an O must find
    /// what the reader stored.
    @Test func aSearchTypedWithTheLetterOFindsTheReadTheReaderStoredWithZero() throws {
        try f.addRead("CJ0123", hoursFromStart: -3)
        let result = try search.run(try request("CJO123", token: try f.approval(plate: "CJO*")))
        #expect(result.reads.map(\.plate) == ["CJ0123"])
        #expect(result.reads.map(\.capturedAt) == [f.time(hoursFromStart: -3)])
    }

    @Test func aScopeWithMoreReadsThanTheStoreReturnsAtOnceFailsAndIsAudited() throws {
        let capped = ApprovedSearch(gate: f.unit.searchGate, store: ReadStoreSearch(store: f.store, maximumReads: 2))
        let before = f.auditEntries.count
        #expect(throws: PolicyError.self) { try capped.run(try request("ABC12?", token: try f.approval())) }
        do {
            _ = try capped.run(try request("ABC12?", token: try f.approval(id: "search-2")))
        } catch let error as PolicyError {
            #expect(error.code == .invalidField && error.message.contains("more than 2 reads are in scope"))
        }
        let entries = Array(f.auditEntries.dropFirst(before))
        #expect(entries.map(\.event) == ["search.authorized", "search.failed", "search.authorized", "search.failed"])
        // Within the limit the same store answers.
        #expect(try capped.run(try request("ABC124", token: try f.approval(id: "search-3"))).reads.count == 1)
    }

    @Test func aPlateOutsideTheApprovalIsRefusedAndAudited() throws {
        let (error, entries) = refused(try request("XYZ999", token: try f.approval()))
        #expect(error?.code == .searchOutOfScope)
        #expect(entries.map(\.event) == ["search.denied"])
        #expect(entries[0].approvalID == "search-1" && entries[0].actor == PolicyUnitFixture.detective && entries[0].source == "10.1.2.3")
        guard case .denied(let reason) = entries[0].outcome else { Issue.record("not denied"); return }
        #expect(reason.contains("XYZ999"))
    }

    @Test func aTimeOutsideTheApprovalIsRefused() throws {
        let (error, entries) = refused(try request("ABC123", fromHours: -120, token: try f.approval()))
        #expect(error?.code == .searchOutOfScope)
        #expect(entries.map(\.event) == ["search.denied"])
    }

    @Test func anExpiredApprovalIsRefused() throws {
        let token = try f.approval(expiresInHours: 4)
        f.clock.advance(seconds: 5 * PolicyUnitFixture.hour)
        let (error, entries) = refused(try request("ABC123", token: token))
        #expect(error?.code == .expired)
        #expect(entries.last?.event == "search.denied")
    }

    @Test func anApprovalIsUsedAtMostMaxUsesTimes() throws {
        let token = try f.approval(maxUses: 1)
        _ = try search.run(try request("ABC123", token: token))
        let (error, entries) = refused(try request("ABC123", token: token))
        #expect(error?.code == .searchUsesExhausted)
        #expect(entries.map(\.event) == ["search.denied"])
        #expect(try f.unit.searchUses.uses(of: "search-1") == 1)
    }

    @Test func prohibitedQueriesAreRefusedUnlessTheChiefAllowsThemForAnOngoingInvestigation() throws {
        let token = try f.approval(maxUses: 10)
        #expect(refused(try request(nil, token: token)).0?.code == .prohibitedQuery)
        #expect(refused(try request("A*", token: token)).0?.code == .prohibitedQuery)
        #expect(refused(try request("ABC123", kind: .bulkExport, token: token)).0?.code == .prohibitedQuery)
        #expect(f.auditEntries.suffix(3).allSatisfy { $0.event == "search.denied" })

        let sweep = try f.approval(id: "search-sweep", plate: nil, fromHours: -36, toHours: -12, allows: .init(queriesWithoutPlate: true), ongoing: true)
        let all = try search.run(try request(nil, fromHours: -36, toHours: -12, token: sweep))
        #expect(all.reads.map(\.plate) == ["XYZ999", "ABC123"])
    }

    @Test func aClockSetBackRefusesSearchesAndRecordsTheAnomaly() throws {
        let token = try f.approval()
        _ = try search.run(try request("ABC123", token: token))
        f.clock.set(f.time(hoursFromStart: -3))
        let (error, entries) = refused(try request("ABC123", token: token))
        #expect(error?.code == .clockRollback)
        #expect(entries.map(\.event) == ["clock.rollback", "search.denied"])
    }

    @Test func anExpiredRevocationListRefusesSearches() throws {
        let token = try f.approval(expiresInHours: 48)
        f.clock.set(f.time(hoursFromStart: 25))
        #expect(refused(try request("ABC123", token: token)).0?.code == .revocationListExpired)
    }

    @Test func anotherOfficerOrAnotherCaseCannotUseTheApproval() throws {
        let token = try f.approval()
        #expect(refused(try request("ABC123", token: token, requester: AuditActor(id: "badge-999", organisation: "Leicester PD"))).0?.code == .searchOutOfScope)
        #expect(refused(try request("ABC123", token: token, caseNumber: "2026-0100")).0?.code == .searchOutOfScope)
        #expect(try f.unit.searchUses.uses(of: "search-1") == 0)
    }

    /// A store that answers more than it was asked: the search still returns only the scope.
    final class LeakyStore: SearchableReads, @unchecked Sendable {  // one test drives it from one task at a time
        var asked: [ReadScope] = []
        let reads: [FoundRead]
        init(_ reads: [FoundRead]) { self.reads = reads }
        func reads(in scope: ReadScope) throws -> ScopedReads {
            asked.append(scope)
            return ScopedReads(reads: reads)
        }
    }

    static func found(_ plate: PlateText, _ time: UTCTime) -> FoundRead {
        FoundRead(sequence: 1, capturedAt: time, plate: plate, confidence: 0.9, unit: "unit-7", camera: "cam0", authorizationID: "auth-1", plateCrop: Data())
    }

    @Test func theStoreIsAskedForThePermittedScopeOnlyAndNothingOutsideItLeaves() throws {
        let leaky = LeakyStore([Self.found("ABC123", f.time(hoursFromStart: -5)), Self.found("ZZZ111", f.time(hoursFromStart: -5)),
                                Self.found("ABC123", f.time(hoursFromStart: -200))])
        let search = ApprovedSearch(gate: f.unit.searchGate, store: leaky)
        let result = try search.run(try request("ABC123", fromHours: -10, toHours: -1, token: try f.approval()))
        #expect(leaky.asked == [ReadScope(plate: try PlatePattern("ABC123"), from: f.time(hoursFromStart: -10), to: f.time(hoursFromStart: -1))])
        #expect(result.reads.map(\.plate) == ["ABC123"])
        #expect(f.auditEntries.last?.outcome == .allowed(resultCount: 1))
    }

    struct BrokenStore: SearchableReads {
        struct Failure: Error, CustomStringConvertible { var description: String { "EIO reading segment 3" } }
        func reads(in scope: ReadScope) throws -> ScopedReads { throw Failure() }
    }

    @Test func aStoreFailureIsAuditedAndTheUseStaysCounted() throws {
        let search = ApprovedSearch(gate: f.unit.searchGate, store: BrokenStore())
        #expect(throws: PolicyError.self) { try search.run(try request("ABC123", token: try f.approval())) }
        #expect(f.auditEntries.suffix(2).map(\.event) == ["search.authorized", "search.failed"])
        #expect(f.auditEntries.last?.outcome == .denied(reason: "the read store failed: EIO reading segment 3"))
        #expect(try f.unit.searchUses.uses(of: "search-1") == 1)
    }

    /// The audit log fills up while the store is being read: the result count cannot be
    /// recorded, so no read is returned.
    final class AuditFailingStore: SearchableReads, Sendable {
        let inner: any SearchableReads
        let audit: InMemoryAuditStorage
        init(_ inner: any SearchableReads, _ audit: InMemoryAuditStorage) { self.inner = inner; self.audit = audit }
        func reads(in scope: ReadScope) throws -> ScopedReads {
            audit.failAppends(errno: ENOSPC)
            return try inner.reads(in: scope)
        }
    }

    @Test func noReadLeavesWhenTheResultCannotBeAudited() throws {
        let search = ApprovedSearch(gate: f.unit.searchGate, store: AuditFailingStore(ReadStoreSearch(store: f.store), f.auditStorage))
        #expect(throws: PolicyError.self) { try search.run(try request("ABC123", token: try f.approval())) }
    }

    @Test func searchResultsCarryNoPersonalData() throws {
        // Every field a search can return. The read store holds no DPPA personal information
        // (18 U.S.C. 2725: name, address, driver's licence number...), so none can be added here;
        // this test fails if a field is ever added without revisiting that.
        let result = try search.run(try request("ABC123", token: try f.approval()))
        let fields = Mirror(reflecting: result.reads[0]).children.compactMap(\.label)
        #expect(fields == ["sequence", "capturedAt", "plate", "confidence", "unit", "camera", "authorizationID", "plateCrop"])
        let json = try JSONSerialization.jsonObject(with: try PolicyRoutes.encoder.encode(result.reads[0])) as! [String: Any]
        #expect(Set(json.keys) == Set(fields))
    }

    @Test func anOfficerLooksUpTheirHitNoticeWithoutApprovalAndItIsLogged() throws {
        let notices = OutboxNoticeFiles(outboxDirectory: "/outbox", fileSystem: f.files)
        let captured = f.time(hoursFromStart: -2).millisecondsSinceEpoch
        try f.files.createDirectory("/outbox", permissions: 0o755)
        try f.files.createDirectory("/outbox/notices", permissions: 0o755)
        let stored = #"{"sequence":17,"committedAtMillis":\#(captured + 40),"notice":{"id":"n-abc","plate":"ABC124","capturedAtMillis":\#(captured),"unit":"unit-7","hits":[]}}"#
        try f.files.writeFileAtomically("/outbox/notices/0000000000000017.json", Array(stored.utf8), permissions: 0o644)
        let search = ApprovedSearch(gate: f.unit.searchGate, store: ReadStoreSearch(store: f.store), notices: notices)
        let officer = AuditActor(id: "badge-12", organisation: "Leicester PD")

        for id in ["17", "n-abc"] {
            let lookup = try search.lookUpHitNotice(id, officer: officer, source: "cli")
            #expect(lookup.notice.plate == "ABC124")
            #expect(lookup.reads.map(\.plate) == ["ABC124"])
            let entry = f.auditEntries.last!
            #expect(entry.event == "hit-notice.lookup" && entry.actor == officer && entry.outcome == .allowed(resultCount: 1))
            #expect(entry.object.contains("n-abc") && entry.object.contains("ABC124"))
        }

        #expect(throws: PolicyError.self) { try search.lookUpHitNotice("99", officer: officer, source: "cli") }
        #expect(f.auditEntries.last?.event == "hit-notice.lookup")
        #expect(f.auditEntries.last?.outcome == .denied(reason: "this unit sent no hit notice '99'"))

        let wildcard = #"{"sequence":18,"notice":{"id":"n-odd","plate":"AB*","capturedAtMillis":\#(captured)}}"#
        try f.files.writeFileAtomically("/outbox/notices/0000000000000018.json", Array(wildcard.utf8), permissions: 0o644)
        #expect(throws: PolicyError.self) { try search.lookUpHitNotice("18", officer: officer, source: "cli") }
        #expect(f.auditEntries.last?.outcome == .denied(reason: "hit notice n-odd names 'AB*', which is not a single plate"))
    }
}

@Suite struct PolicyOutboxNoticeFilesTests {
    /// The lookup reads the files the real outbox writes.
    @Test func aNoticeCommittedByTheOutboxIsFoundBySequenceAndByID() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policy-outbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outbox = try NoticeOutbox(directory: dir, receivers: [], fileSystem: DiskFileSystem(), clock: ManualWallClock())
        _ = try outbox.commit(try makeNotice("n-76", plate: "XYZ9876"))
        let stored = try outbox.commit(try makeNotice("n-77", plate: "ABC1234"))
        let files = OutboxNoticeFiles(outboxDirectory: dir, fileSystem: DiskFileSystem())
        let expected = HitNoticeReference(sequence: stored.sequence, id: "n-77", plate: "ABC1234",
                                          capturedAt: UTCTime(millisecondsSinceEpoch: stored.notice.capturedAtMillis))
        #expect(try files.notice(String(stored.sequence)) == expected)
        #expect(try files.notice("n-77") == expected)
        #expect(try files.notice("999") == nil)
        #expect(try files.notice("n-0") == nil)
    }
}

@Suite struct PolicyReadStoreSearchPropertyTests {
    /// Deterministic pseudo-random numbers (SplitMix64), so a failure can be replayed.
    struct Random {
        var generator: SplitMix64
        init(state: UInt64) { generator = SplitMix64(seed: state) }
        mutating func next(_ bound: Int) -> Int { Int(generator.next(below: UInt64(bound))) }
        mutating func pick(_ text: String) -> Character { Array(text)[next(text.count)] }
    }

    /// For random stored plates (some spelled with spaces or hyphens when stored, which the store
    /// normalises) and random scopes, the store search returns exactly the reads a brute-force
    /// scan of every read says are in scope.
    @Test func theStoreSearchReturnsExactlyTheReadsInScope() throws {
        let f = try PolicyUnitFixture()
        let search = ReadStoreSearch(store: f.store)
        var random = Random(state: 20261129)
        var all: [(plate: PlateText, spelledWithSeparator: Bool, time: UTCTime)] = []
        for _ in 0..<150 {
            var plate = String((0..<(3 + random.next(4))).map { _ in random.pick("AB12") })
            if random.next(5) == 0 { plate.insert(random.pick(" -"), at: plate.index(plate.startIndex, offsetBy: 1 + random.next(plate.count - 1))) }
            let hours = -Int64(random.next(100))
            try f.addRead(plate, hoursFromStart: hours)
            all.append((try PlateText(normalizing: plate), plate.contains(" ") || plate.contains("-"), f.time(hoursFromStart: hours)))
        }
        var nonEmpty = 0, spelledWithSeparator = 0
        for _ in 0..<200 {
            let pattern = String((0..<(1 + random.next(5))).map { _ in random.pick("AB12??*") })
            let from = -Int64(random.next(100)), span = Int64(random.next(100))
            let scope = ReadScope(plate: random.next(10) == 0 ? nil : try PlatePattern(pattern),
                                  from: f.time(hoursFromStart: from), to: f.time(hoursFromStart: from + span))
            let expected = all.filter { scope.contains(plate: $0.plate, capturedAt: $0.time) }
            let found = try search.reads(in: scope).reads
            #expect(found.map(\.plate) == expected.map(\.plate), "scope \(scope)")
            #expect(found.map(\.capturedAt) == expected.map(\.time), "scope \(scope)")
            nonEmpty += found.isEmpty ? 0 : 1
            spelledWithSeparator += expected.filter(\.spelledWithSeparator).count
        }
        // The scopes exercised real matches, including separated spellings, not only empty results.
        #expect(nonEmpty > 50 && spelledWithSeparator > 0)
    }

    @Test func readPlatesMatchWhateverTheirSpellingOrLength() throws {
        let pattern = try PlatePattern("ABC1*")
        #expect(pattern.matches("ABC 123") && pattern.matches("abc-1") && pattern.matches("ABC1234567"))
        #expect(!pattern.matches("ABD 123") && !pattern.matches("ABC1?"))
    }
}
