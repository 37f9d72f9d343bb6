import MilepostCore
import ArgumentParser
import MilepostPolicy

/// `milepost auth status`: what the unit holds and until when. Read-only: safe while the
/// service runs, and needs only read access to the state directory (not the unit's private key).
/// State files behind the audit log (deleted or rolled back) are shown as the log vouches for
/// them, as the unit will rebuild them at its next check.
struct AuthStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the authorizations, search approvals and revocation list this unit holds, and until when."
    )

    @OptionGroup var state: PolicyStateDirectoryOption

    func run() throws {
        let fs = PolicyCLI.fileSystem
        let layout = state.layout
        let chief = try PolicyCLI.keys.loadPublicKey(layout.chiefPublicKey, role: .chief)
        let unitKey = try PolicyCLI.keys.loadPublicKey(layout.unitPublicKey, role: .unit)
        let documents = try DocumentVerifier(chief: chief)
        let revocations = try RevocationRegistry(fileSystem: fs, path: layout.revocationList, documents: documents)
        let floor = try TimeFloor(fileSystem: fs, path: layout.timeFloor)
        let now = PolicyCLI.now()
        let logged = AuditedPolicyState(auditLog: (try? fs.readFile(layout.auditLog)) ?? [])
        var revocationList = revocations.current
        if let install = logged.revocationList, install.version > revocationList?.version ?? 0 {
            let rebuilt = install.token.flatMap { try? RevocationRegistry.verifyAsIssued($0, documents: documents, document: "audit log").document }
            print("\(layout.revocationList) \(revocationList.map { "holds version \($0.version)" } ?? "is missing"), behind the audit log's version \(install.version); "
                  + (rebuilt != nil ? "shown as the log holds it (the unit rebuilds the file at its next check)" : "the log holds no list that verifies: CAPTURE AND SEARCHES REFUSED until it is installed again"))
            revocationList = rebuilt
            if rebuilt == nil {
                print("capture: refused (state behind the audit log)")
                return
            }
        }
        let revoked = revocationList?.revokedIDs ?? []
        // The floor the unit will hold: at least the time of the last audit entry.
        let floorTime = max(floor.floor, logged.latestTime ?? floor.floor)
        let rollback = floorTime > floor.floor
            ? (now < floorTime ? "the clock is before the last audit entry (\(floorTime))" : nil)
            : floor.refusal(floor.check(now))?.message

        print("unit \(unitKey.holder.name) (unit key \(unitKey.id)); trusts Chief \(chief.holder.name) (key \(chief.id))")
        print("clock \(now); time floor \(floorTime)\(rollback.map { " — ROLLBACK: \($0)" } ?? "")")

        if let list = revocationList {
            let state = now >= list.expires ? "EXPIRED: searches blocked" : "fresh"
            print("revocation list version \(list.version), \(list.revoked.count) revoked, expires \(list.expires) (\(state))")
        } else {
            print("revocation list: none installed (searches blocked)")
        }

        print("targeting authorizations:")
        let verifier = TargetingVerifier(documents: documents, unitID: try UnitID(unitKey.holder.name))
        var capturing = false
        for name in try fs.listDirectoryIfPresent(layout.authorizations) where name.hasSuffix(".paseto") {
            let path = layout.authorizations + "/" + name
            do {
                let verified = try verifier.verifyForInstall(try PolicyCLI.readText(path), now: now, revoked: revoked, document: path)
                let a = verified.document
                let until = min(a.expires, verified.authorityExpires)
                let state = now < a.notBefore ? "pending, starts \(a.notBefore)" : "IN FORCE until \(until)"
                capturing = capturing || now >= a.notBefore
                print("  \(a.id) serial \(a.serial): \(state); \(a.purpose); \(a.site.description); hotlists \(a.hotlists.joined(separator: ", "))")
            } catch let error as PolicyError {
                print("  \(name): not usable: \(error.message)")
            }
        }
        print("capture: \(capturing ? "permitted" : "refused (no authorization in force)")")

        print("search approvals:")
        let uses = try FileSearchUseLedger(fileSystem: fs, path: layout.searchUses)
        for name in try fs.listDirectoryIfPresent(layout.searchApprovals) where name.hasSuffix(".paseto") {
            let path = layout.searchApprovals + "/" + name
            do {
                let s = try documents.verify(try PolicyCLI.readText(path), as: SearchApproval.self, now: now, revoked: revoked, document: path).document
                let state = revoked.contains(s.id) ? "REVOKED" : now >= s.expires ? "expired \(s.expires)" : "valid until \(s.expires)"
                let used = max(try uses.uses(of: s.id), logged.searchUses[s.id] ?? 0)
                print("  \(s.id): case \(s.caseNumber), \(s.requester.name); used \(used) of \(s.maxUses); \(state)")
            } catch let error as PolicyError {
                print("  \(name): not usable: \(error.message)")
            }
        }
        if let log = try? fs.readFile(layout.auditLog) {
            print("audit log: \(log.filter { $0 == UInt8(ascii: "\n") }.count) entries (\(layout.auditLog))")
        }
    }
}
