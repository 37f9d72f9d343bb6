import Foundation
import Crypto
import Hummingbird
import MilepostHotlist

/// Bearer tokens of the officers allowed to watch notices and record dispositions. Only
/// SHA-256 digests are kept on the unit, in a file of lines `officer-id <hex digest>`;
/// `milepost notices issue-token` makes a token and prints it once. Tokens are accepted only
/// in the `Authorization: Bearer` header, never in a URL.
public struct OfficerTokens: Sendable {
    private let officersByDigest: [[UInt8]: String]

    public init(digests: [String: [UInt8]]) {
        var map: [[UInt8]: String] = [:]
        for (officer, digest) in digests { map[digest] = officer }
        officersByDigest = map
    }

    public struct FileError: Error, CustomStringConvertible {
        public let line: Int
        public let problem: String
        public var description: String { "tokens file line \(line): \(problem)" }
    }

    /// Parses the tokens file; `#` starts a comment.
    public init(fileContents: String) throws {
        var digests: [String: [UInt8]] = [:]
        for (index, raw) in fileContents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.isEmpty { continue }
            guard fields.count == 2 else { throw FileError(line: index + 1, problem: "expected 'officer-id sha256-hex'") }
            guard let digest = Self.unhex(String(fields[1])), digest.count == 32 else {
                throw FileError(line: index + 1, problem: "'\(fields[1])' is not a 64-digit SHA-256 hex digest")
            }
            digests[String(fields[0])] = digest
        }
        self.init(digests: digests)
    }

    public static func digest(of token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    public static func line(officer: String, token: String) -> String {
        "\(officer) " + digest(of: token).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The officer presenting `request`'s bearer token; throws 401 otherwise. The digest
    /// lookup does not compare secret bytes one by one, so timing reveals nothing useful.
    public func officer(for request: Request) throws -> String {
        guard let value = request.headers[.authorization], value.hasPrefix("Bearer ") else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "an Authorization: Bearer token is required")
        }
        let token = value.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, let officer = officersByDigest[Self.digest(of: token)] else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""], message: "unknown or revoked token")
        }
        return officer
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
