import Foundation

/// The token footer: which key signed and what kind of document this is. Authenticated by the
/// signature, but read before verification to choose the key.
public struct DocumentFooter: Codable, Equatable, Sendable {
    public var kid: KeyID
    public var typ: DocumentKind
}

/// JSON payloads in PASETO v4.public tokens. The signature covers the payload bytes exactly as
/// sent, so no JSON canonicalisation is needed; we still emit sorted keys for readable diffs.
public enum SignedDocument {
    public static func sign<P: Encodable>(_ payload: P, kind: DocumentKind, key: PolicySigningKey) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let message = Array(try encoder.encode(payload))
        let footer = Array(try encoder.encode(DocumentFooter(kid: key.id, typ: kind)))
        return try PasetoV4Public.sign(message: message, key: key, footer: footer, implicitAssertion: kind.implicitAssertion)
    }

    /// The unverified footer, to learn the kind and the key id.
    public static func footer(of token: String, document: String) throws -> DocumentFooter {
        let parts = try PasetoV4Public.split(token, document: document)
        guard !parts.footer.isEmpty else {
            throw PolicyError(.malformedToken, "\(document): token has no footer; Milepost documents carry {\"kid\",\"typ\"} there")
        }
        do {
            return try JSONDecoder().decode(DocumentFooter.self, from: Data(parts.footer))
        } catch let error as DecodingError {
            throw PolicyError(.malformedToken, "\(document): footer: \(describe(error))")
        } catch {
            throw PolicyError(.malformedToken, "\(document): footer is not JSON")
        }
    }

    /// Unverified payload: only for finding the delegation that names the key to verify with.
    static func unverifiedPayload<P: Decodable>(of token: String, as type: P.Type, document: String) throws -> P {
        let parts = try PasetoV4Public.split(token, document: document)
        return try decode(P.self, from: parts.message, document: document)
    }

    /// Checks the footer kind, the signature by `key` with the kind as implicit assertion, and
    /// decodes the payload.
    public static func verify<P: Decodable>(_ token: String, as type: P.Type, kind: DocumentKind, key: PolicyPublicKey, document: String) throws -> P {
        let footer = try footer(of: token, document: document)
        guard footer.typ == kind else {
            throw PolicyError(.wrongDocumentKind, "\(document) is a \(footer.typ.displayName), not a \(kind.displayName)")
        }
        guard footer.kid == key.id else {
            throw PolicyError(.unknownSigningKey, "\(document) names signing key \(footer.kid), but it is being checked against key \(key.id) (\(key.holder.name))")
        }
        let verified = try PasetoV4Public.verify(token, key: key, implicitAssertion: kind.implicitAssertion, document: document)
        return try decode(P.self, from: verified.message, document: document)
    }

    static func decode<P: Decodable>(_ type: P.Type, from bytes: [UInt8], document: String) throws -> P {
        do {
            if let known = P.self as? KnownFields.Type {
                guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                    throw PolicyError(.invalidField, "\(document): payload is not a JSON object")
                }
                let unknown = Set(object.keys).subtracting(known.fieldNames)
                if let field = unknown.sorted().first {
                    throw PolicyError(.invalidField, "\(document): unknown field '\(field)'; refusing a document this version cannot fully enforce")
                }
            }
            return try JSONDecoder().decode(P.self, from: Data(bytes))
        } catch let error as PolicyError {
            throw error
        } catch let error as DecodingError {
            throw PolicyError(.invalidField, "\(document): \(describe(error))")
        } catch {
            throw PolicyError(.malformedToken, "\(document): payload is not valid JSON")
        }
    }
}

/// Documents list their top-level fields so that unknown ones are refused rather than ignored.
protocol KnownFields {
    static var fieldNames: Set<String> { get }
}

func describe(_ error: DecodingError) -> String {
    func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context): return "missing field '\(path(context.codingPath + [key]))'"
    case .typeMismatch(let type, let context): return "field '\(path(context.codingPath))' should be \(type)"
    case .valueNotFound(_, let context): return "field '\(path(context.codingPath))' is null"
    case .dataCorrupted(let context):
        return context.codingPath.isEmpty ? "payload is not valid JSON" : "field '\(path(context.codingPath))': \(context.debugDescription)"
    @unknown default: return "\(error)"
    }
}

func invalid(_ document: String, _ field: String, _ why: String) -> PolicyError {
    PolicyError(.invalidField, "\(document): field '\(field)' \(why)")
}
