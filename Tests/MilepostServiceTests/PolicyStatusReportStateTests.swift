import Testing
import MilepostCore
import MilepostPolicy
@testable import MilepostService
import MilepostSystem

/// The policy status report says when a state file was rebuilt from the audit log, and why
/// capture and searches are off when one cannot be.
@Suite struct PolicyStatusReportStateTests {
    let f: PolicyUnitFixture
    let layout = UnitPolicyLayout(root: "/var/lib/milepost/policy")

    init() throws { f = try PolicyUnitFixture() }

    func reopened() throws -> UnitPolicy {
        try UnitPolicy(layout: layout, fileSystem: f.files, clock: f.clock,
                       openAuditStorage: { [f] in $0.hasSuffix("audit.log") ? f.auditStorage : f.checkpointStorage })
    }

    @Test func aRebuiltRevocationListIsReported() throws {
        try f.files.removeFile(layout.revocationList)
        let report = try PolicyStatusReport(try reopened())
        #expect(report.revocationList?.version == 1)
        #expect(report.stateRebuilt?.contains { $0.contains("rebuilt revocation list version 1 from the audit log") } == true)
        #expect(report.stateRefusal == nil)
    }

    @Test func aListTheLogCannotGiveBackIsReportedAsTheReasonCaptureIsOff() throws {
        try f.unit.audit.record(AuditEvent(type: "policy.installed", actor: PolicyUnitFixture.detective, source: "test", object: "revocation list version 2",
                                           outcome: .allowed(resultCount: nil)))
        let report = try PolicyStatusReport(try reopened())
        let refusal = try #require(report.stateRefusal)
        #expect(refusal.contains(layout.revocationList) && refusal.contains("version 2"))
        #expect(!report.capture.permitted && report.capture.refusal == refusal)
    }
}
