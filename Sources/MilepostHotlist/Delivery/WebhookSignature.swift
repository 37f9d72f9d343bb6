import Crypto

/// The signature a receiver checks before trusting a notice:
///
///     X-Milepost-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
///
/// The timestamp is inside the signed text so a captured request cannot be replayed later
/// with a new time. Receivers should also de-duplicate on `Idempotency-Key`: delivery is
/// at least once.
public enum WebhookSignature {
    public static let header = "X-Milepost-Signature"
    public static let idempotencyHeader = "Idempotency-Key"

    public static func sign(body: [UInt8], secret: [UInt8], timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(hex(mac(body: body, secret: secret, timestamp: timestamp)))"
    }

    /// Checks a header value against the body; `toleranceSeconds` bounds the clock skew.
    public static func verify(header value: String, body: [UInt8], secret: [UInt8], now: Int64, toleranceSeconds: Int64 = 300) -> Bool {
        var timestamp: Int64?
        var signature: String?
        for part in value.split(separator: ",") {
            if part.hasPrefix("t=") { timestamp = Int64(part.dropFirst(2)) }
            if part.hasPrefix("v1=") { signature = String(part.dropFirst(3)) }
        }
        guard let timestamp, let signature, abs(now - timestamp) <= toleranceSeconds,
            let given = unhex(signature)
        else { return false }
        let expected = mac(body: body, secret: secret, timestamp: timestamp)
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: signedText(body, timestamp), using: SymmetricKey(data: secret))
            && given.count == Array(expected).count
    }

    private static func signedText(_ body: [UInt8], _ timestamp: Int64) -> [UInt8] {
        Array("\(timestamp).".utf8) + body
    }

    private static func mac(body: [UInt8], secret: [UInt8], timestamp: Int64) -> HashedAuthenticationCode<SHA256> {
        HMAC<SHA256>.authenticationCode(for: signedText(body, timestamp), using: SymmetricKey(data: secret))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { StoredHotlistFormat.hex(bytes) }

    private static func unhex(_ text: String) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = nibble(high), let l = nibble(low) else { return nil }
            result.append(h << 4 | l)
        }
        return result
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
