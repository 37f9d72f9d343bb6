import MilepostCore
import MilepostPolicy
import MilepostServer
import MilepostTesting
import Testing

extension PostgresBackedTests {
    @Suite struct KeyRegistrationAuditing {
        @Test func eachRegistrationIsAuditedOnceWithWhoRegisteredIt() async throws {
            let directory = try TemporaryDirectory("server-key-audit")
            defer { directory.remove() }
            let unit7 = SimulatedUnit("unit-7")
            let unit8 = SimulatedUnit("unit-8")
            try await TestPostgres.withDatabase { database in
                let clock = ManualWallClock()
                let registry = UnitKeyRegistry(database: database)
                let audit = try ServerAuditLog.open(directory: directory.path, clock: clock)
                let registrations = KeyRegistrationAudit(database: database, audit: audit, pool: .forTests)

                #expect(try await registry.register(unit7.key.publicKey, registeredBy: "installer-ana") == .registered)
                #expect(try await registry.register(unit7.key.publicKey, registeredBy: "installer-ana") == .alreadyRegistered)
                #expect(try await registrations.pass() == 1)
                #expect(try await registrations.pass() == 0)
                #expect(try await registry.register(unit8.key.publicKey, registeredBy: "installer-bo") == .registered)
                #expect(try await registrations.pass() == 1)

                let entries = try audit.wholeEntries().filter { $0.event == "unit-key.registered" }
                #expect(entries.map(\.actor.id) == ["installer-ana", "installer-bo"])
                #expect(entries.map(\.object) == ["unit key \(unit7.key.publicKey.id) of unit unit-7", "unit key \(unit8.key.publicKey.id) of unit unit-8"])
            }
        }

        @Test func theServiceAuditsARegistrationMadeWhileItRuns() async throws {
            let directory = try TemporaryDirectory("server-key-audit-service")
            defer { directory.remove() }
            let unit7 = SimulatedUnit("unit-7")
            try await TestPostgres.withDatabase { database in
                let clock = ManualWallClock()
                let audit = try ServerAuditLog.open(directory: directory.path, clock: clock)
                let service = KeyRegistrationAuditService(registrations: KeyRegistrationAudit(database: database, audit: audit, pool: .forTests),
                                                          clock: clock, logger: TestPostgres.logger)
                let running = Task { try await service.run() }
                defer { running.cancel() }
                try await PostgresBackedTests.Retention.waitUntil { clock.sleeperCount == 1 }
                _ = try await UnitKeyRegistry(database: database).register(unit7.key.publicKey, registeredBy: "installer-ana")
                clock.advance(milliseconds: KeyRegistrationAuditService.intervalMilliseconds)
                try await PostgresBackedTests.Retention.waitUntil { (try? audit.wholeEntries().contains { $0.event == "unit-key.registered" }) == true }
            }
        }
    }
}
