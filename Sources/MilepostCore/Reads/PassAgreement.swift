/// How a read came out of a vehicle pass: the burst's frames that were read, and how many of
/// them read the plate as the voted text. A read made from one frame has none.
public struct PassAgreement: Hashable, Sendable, Codable {
    /// The most frames a pass is read from (a byte in the store).
    public static let maximumFrames = 255

    public var framesRead: Int
    public var framesAgreed: Int

    /// Nil unless `1 <= framesAgreed <= framesRead <= maximumFrames`.
    public init?(framesRead: Int, framesAgreed: Int) {
        guard (1...Self.maximumFrames).contains(framesRead), (1...framesRead).contains(framesAgreed) else { return nil }
        self.framesRead = framesRead
        self.framesAgreed = framesAgreed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let read = try container.decode(Int.self, forKey: .framesRead)
        let agreed = try container.decode(Int.self, forKey: .framesAgreed)
        guard let agreement = PassAgreement(framesRead: read, framesAgreed: agreed) else {
            throw DecodingError.dataCorruptedError(forKey: .framesAgreed, in: container,
                                                   debugDescription: "\(agreed) of \(read) frames: need 1 <= agreed <= read <= \(Self.maximumFrames)")
        }
        self = agreement
    }

    private enum CodingKeys: String, CodingKey { case framesRead, framesAgreed }
}
