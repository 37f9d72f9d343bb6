import MilepostSystem

extension UnitPolicyLayout {
    /// The state files written with `writeFileAtomically`, in the root directory.
    var atomicallyWrittenFiles: Set<String> {
        Set([chiefPublicKey, unitKey, unitPublicKey, revocationList, timeFloor, searchUses, auditSealKey].map(PathNames.baseName))
    }

    /// Removes what a crash or power cut during `writeFileAtomically` leaves: `<file>.tmp-<pid>`
    /// beside a state file or an installed document (`<id>.paseto`). Each boot has a new pid, so
    /// nothing else would ever replace or remove them. Other names are left alone.
    func removeLeftoverTemporaries(fileSystem: any FileSystem) throws {
        let rootFiles = atomicallyWrittenFiles
        func isDocument(_ name: String) -> Bool { name.hasSuffix(".paseto") && name != ".paseto" }
        let directories: [(path: String, isStateFile: (String) -> Bool)] = [
            (root, rootFiles.contains), (authorizations, isDocument), (searchApprovals, isDocument),
        ]
        for (path, isStateFile) in directories {
            do throws(FileError) {
                try fileSystem.removeLeftoverTemporaries(in: path) { name in atomicWriteTarget(ofTemporary: name).map(isStateFile) ?? false }
            } catch {
                throw error.policyError
            }
        }
    }
}
