import Crypto
import Foundation
import MilepostSystem

/// Issues, lists and revokes tokens in a unit's tokens file (`officer-tokens` in its state
/// directory). Each change replaces the file atomically; the running unit reads it on every
/// request, so a change takes effect at once.
public struct UnitTokenFileEditor: Sendable {
    public let path: String
    let fileSystem: any FileSystem

    public init(path: String, fileSystem: any FileSystem = DiskFileSystem()) {
        self.path = path
        self.fileSystem = fileSystem
    }

    public struct EditError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Makes a token for `credential`, adds only its digest, and returns the token (to be
    /// shown once). `legacyOfficerLine` writes the two-field form `notices issue-token` wrote.
    public func issue(_ credential: UnitCredential, legacyOfficerLine: Bool = false) throws -> String {
        try Self.checkHolder(credential.holder)
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        var text = try contents()
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += (legacyOfficerLine && credential.role == .officer
            ? OfficerTokens.line(officer: credential.holder, token: token) : OfficerTokens.line(credential, token: token)) + "\n"
        _ = try OfficerTokens.entries(text)
        try fileSystem.replaceAtomically(path, with: Array(text.utf8))
        return token
    }

    /// The tokens on file, in file order.
    public func list() throws -> [OfficerTokens.Entry] {
        try OfficerTokens.entries(contents())
    }

    /// Removes every token of `holder` (only those of `role` when given); returns how many.
    /// Comments and other lines are kept as they are.
    public func revoke(holder: String, role: UnitRole? = nil) throws -> Int {
        let text = try contents()
        _ = try OfficerTokens.entries(text)
        var removed = 0
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let entry = try OfficerTokens.entries(String(line)).first, entry.credential.holder == holder,
               role == nil || entry.credential.role == role {
                removed += 1
            } else {
                kept.append(line)
            }
        }
        guard removed > 0 else {
            throw EditError(description: "\(path) has no token of \(holder)" + (role.map { " as \($0.rawValue)" } ?? ""))
        }
        try fileSystem.replaceAtomically(path, with: Array(kept.joined(separator: "\n").utf8))
        return removed
    }

    static func checkHolder(_ holder: String) throws {
        guard !holder.isEmpty, holder.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            throw EditError(description: "holder '\(holder)' must be letters, digits, '-', '_' or '.'")
        }
    }

    private func contents() throws -> String {
        fileSystem.exists(path) ? String(decoding: try fileSystem.readWholeFile(path), as: UTF8.self) : ""
    }
}
