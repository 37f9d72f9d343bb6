import Foundation
import Crypto
import Hummingbird
import MilepostHotlist

/// Bearer tokens of the people allowed to use the unit's API, each with a role. Only SHA-256
/// digests are kept on the unit, in a file of lines `holder-id role <hex digest>`; a line of
/// two fields, `holder-id <hex digest>` (the older form), is an officer's. `milepost tokens
/// issue` makes a token and prints it once. Tokens are accepted only in the `Authorization:
/// Bearer` header, never in a URL.
public struct OfficerTokens: Sendable {
    private let credentialsByDigest: [[UInt8]: UnitCredential]

    public init(credentials: [UnitCredential: [UInt8]]) {
        var map: [[UInt8]: UnitCredential] = [:]
        for (credential, digest) in credentials { map[digest] = credential }
        credentialsByDigest = map
    }

    /// Officers' digests, by officer id.
    public init(digests: [String: [UInt8]]) {
        var credentials: [UnitCredential: [UInt8]] = [:]
        for (officer, digest) in digests { credentials[UnitCredential(holder: officer, role: .officer)] = digest }
        self.init(credentials: credentials)
    }

    public struct FileError: Error, CustomStringConvertible {
        public let line: Int
        public let problem: String
        public var description: String { "tokens file line \(line): \(problem)" }
    }

    /// One token line of the file.
    public struct Entry: Equatable, Sendable {
        public var credential: UnitCredential
        public var digest: [UInt8]
    }

    /// Parses the tokens file; `#` starts a comment.
    public init(fileContents: String) throws {
        var credentials: [UnitCredential: [UInt8]] = [:]
        for entry in try Self.entries(fileContents) { credentials[entry.credential] = entry.digest }
        self.init(credentials: credentials)
    }

    /// The file's token lines in order, or an error naming the first bad line.
    public static func entries(_ fileContents: String) throws -> [Entry] {
        var entries: [Entry] = []
        for (index, raw) in fileContents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if fields.isEmpty { continue }
            guard fields.count == 2 || fields.count == 3 else {
                throw FileError(line: index + 1, problem: "expected 'holder-id role sha256-hex' (or 'officer-id sha256-hex')")
            }
            let role: UnitRole
            do { role = fields.count == 2 ? .officer : try UnitRole(parsing: fields[1]) } catch {
                throw FileError(line: index + 1, problem: "\(error)")
            }
            guard let digest = unhex(fields[fields.count - 1]), digest.count == 32 else {
                throw FileError(line: index + 1, problem: "'\(fields[fields.count - 1])' is not a 64-digit SHA-256 hex digest")
            }
            entries.append(Entry(credential: UnitCredential(holder: fields[0], role: role), digest: digest))
        }
        return entries
    }

    public static func digest(of token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// An officer's line in the older two-field form.
    public static func line(officer: String, token: String) -> String {
        "\(officer) " + hex(digest(of: token))
    }

    public static func line(_ credential: UnitCredential, token: String) -> String {
        "\(credential.holder) \(credential.role.rawValue) " + hex(digest(of: token))
    }

    /// Who presents `request`'s bearer token; throws 401 otherwise. The digest lookup does
    /// not compare secret bytes one by one, so timing reveals nothing useful.
    public func credential(for request: Request) throws -> UnitCredential {
        guard let value = request.headers[.authorization], value.hasPrefix("Bearer ") else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "an Authorization: Bearer token is required")
        }
        let token = value.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, let credential = credentialsByDigest[Self.digest(of: token)] else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""], message: "unknown or revoked token")
        }
        return credential
    }

    private static func unhex(_ text: String) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
