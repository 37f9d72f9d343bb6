/// PASETO v4.public: Ed25519 over PAE(header, message, footer, implicit assertion).
///
/// This is the only token type Milepost reads. The header is a fixed string, so there is no
/// algorithm field to negotiate and no "none": anything else is refused before any parsing.
public enum PasetoV4Public {
    public static let header = "v4.public."
    static let signatureLength = 64

    public static func sign(message: [UInt8], key: PolicySigningKey, footer: [UInt8] = [], implicitAssertion: [UInt8] = []) throws -> String {
        let signed = PreAuthenticationEncoding.encode([Array(header.utf8), message, footer, implicitAssertion])
        let signature = try key.sign(signed)
        var token = header + Base64URL.encode(message + signature)
        if !footer.isEmpty { token += "." + Base64URL.encode(footer) }
        return token
    }

    /// The parts of a token before its signature is checked. Only the footer may be read
    /// unverified, and only to choose the key.
    public struct Unverified: Sendable {
        public var message: [UInt8]
        public var signature: [UInt8]
        public var footer: [UInt8]
    }

    public static func split(_ token: String, document: String) throws -> Unverified {
        let trimmed = token.hasSuffix("\n") ? String(token.dropLast()) : token
        guard trimmed.hasPrefix(header) else {
            let shown = trimmed.split(separator: ".").prefix(2).joined(separator: ".")
            throw PolicyError(.unsupportedTokenVersion, "\(document): token type '\(shown.prefix(20))' refused; only v4.public (Ed25519) tokens are accepted")
        }
        let parts = trimmed.dropFirst(header.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else {
            throw PolicyError(.malformedToken, "\(document): a v4.public token has a body and at most one footer; found \(parts.count) parts")
        }
        guard let body = Base64URL.decode(parts[0]) else {
            throw PolicyError(.malformedToken, "\(document): token body is not canonical base64url")
        }
        guard body.count >= signatureLength else {
            throw PolicyError(.malformedToken, "\(document): token body is \(body.count) bytes, shorter than an Ed25519 signature")
        }
        var footer = [UInt8]()
        if parts.count == 2 {
            guard let decoded = Base64URL.decode(parts[1]), !decoded.isEmpty else {
                throw PolicyError(.malformedToken, "\(document): token footer is not canonical base64url")
            }
            footer = decoded
        }
        return Unverified(message: Array(body.dropLast(signatureLength)), signature: Array(body.suffix(signatureLength)), footer: footer)
    }

    /// Returns the message when the signature by `key` over PAE(h, m, f, i) is valid.
    public static func verify(_ token: String, key: PolicyPublicKey, implicitAssertion: [UInt8] = [], document: String) throws -> (message: [UInt8], footer: [UInt8]) {
        let parts = try split(token, document: document)
        let signed = PreAuthenticationEncoding.encode([Array(header.utf8), parts.message, parts.footer, implicitAssertion])
        guard key.isValidSignature(parts.signature, for: signed) else {
            throw PolicyError(.badSignature, "\(document): signature does not verify with key \(key.id) (\(key.holder.role.rawValue) \(key.holder.name)); the document was altered or signed by another key")
        }
        return (parts.message, parts.footer)
    }
}
