import MilepostCore
import ArgumentParser
import MilepostPolicy

/// `milepost auth status`: what the unit holds and until when. Read-only: safe while the
/// service runs, and needs only read access to the state directory (not the unit's private key).
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
        let revoked = revocations.revokedIDs

        print("unit \(unitKey.holder.name) (unit key \(unitKey.id)); trusts Chief \(chief.holder.name) (key \(chief.id))")
        print("clock \(now); time floor \(floor.floor)\(floor.refusal(floor.check(now)).map { " — ROLLBACK: \($0.message)" } ?? "")")

        if let list = revocations.current {
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
                print("  \(s.id): case \(s.caseNumber), \(s.requester.name); used \(try uses.uses(of: s.id)) of \(s.maxUses); \(state)")
            } catch let error as PolicyError {
                print("  \(name): not usable: \(error.message)")
            }
        }
        if let log = try? fs.readFile(layout.auditLog) {
            print("audit log: \(log.filter { $0 == UInt8(ascii: "\n") }.count) entries (\(layout.auditLog))")
        }
    }
}
