/// How a receiver checks that a notice posted to it comes from this unit: the headers each
/// attempt carries beside the body.
public protocol NoticeRequestSigner: Sendable {
    /// The authentication headers for `body`, posted at `atMillis` (Unix milliseconds).
    func headers(for body: [UInt8], atMillis: Int64) throws -> [(String, String)]
}

/// A webhook receiver's shared secret: the HMAC-SHA256 `X-Milepost-Signature` header
/// (`WebhookSignature`).
public struct HMACNoticeSigner: NoticeRequestSigner {
    public let secret: [UInt8]

    public init(secret: [UInt8]) { self.secret = secret }

    public func headers(for body: [UInt8], atMillis: Int64) -> [(String, String)] {
        [(WebhookSignature.header, WebhookSignature.sign(body: body, secret: secret, timestamp: atMillis / 1000))]
    }
}
