import Crypto
import Foundation

/// The forward-secure seal of one audit entry (format: docs/POLICY-FORMATS.md §Audit log seal):
/// HMAC-SHA256 under the key of its epoch. Epoch keys evolve one way, K(e+1) = HMAC-SHA256(K(e),
/// "milepost audit seal evolve"), and the unit erases each key once its epoch is closed, so
/// whoever takes the unit holds only the key of the open epoch and cannot re-seal an entry of
/// a closed one. Only the holder of K0, kept off the unit, can check every seal.
public struct AuditSeal: Codable, Equatable, Sendable {
    public var epoch: Int
    /// Lower-case hex HMAC-SHA256 of the entry's line without its seal.
    public var mac: String

    public init(epoch: Int, mac: String) {
        self.epoch = epoch
        self.mac = mac
    }
}

/// An epoch number and its key: what the unit holds in `audit-seal.key`, and what the
/// department holds (epoch 0) off the unit.
public struct AuditSealKey: Equatable, Sendable {
    public var epoch: Int
    public var key: [UInt8]

    public init(epoch: Int, key: [UInt8]) {
        self.epoch = epoch
        self.key = key
    }

    /// A new random initial key (epoch 0).
    public static func generateInitial() -> AuditSealKey {
        AuditSealKey(epoch: 0, key: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// The key of the next epoch. The step cannot be undone.
    public func evolved() -> AuditSealKey {
        let next = HMAC<SHA256>.authenticationCode(for: Array("milepost audit seal evolve".utf8), using: SymmetricKey(data: key))
        return AuditSealKey(epoch: epoch + 1, key: Array(next))
    }

    /// The key of a later `epoch`, evolved from this one.
    public func evolved(to epoch: Int) -> AuditSealKey {
        var key = self
        while key.epoch < epoch { key = key.evolved() }
        return key
    }

    /// The hex MAC of `body` (an entry's line without its seal).
    public func mac(_ body: [UInt8]) -> String {
        Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: key))))
    }

    /// The file form: `<epoch> <64 hex digits>` and a newline.
    public var fileBytes: [UInt8] { Array("\(epoch) \(Hex.encode(key))\n".utf8) }

    public init(fileBytes: [UInt8], file: String) throws {
        let fields = String(decoding: fileBytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard fields.count == 2, let epoch = Int(fields[0]), epoch >= 0, String(epoch) == fields[0] else {
            throw PolicyError(.malformedKeyFile, "audit seal key \(file): expected '<epoch> <64 hex digits>' on one line")
        }
        guard fields[1].utf8.count == 64, let key = Hex.decode(String(fields[1])) else {
            throw PolicyError(.malformedKeyFile, "audit seal key \(file): the key is not 64 hex digits")
        }
        self.init(epoch: epoch, key: key)
    }
}

/// How a seal sits in an entry's line: the entry is encoded without it (sorted keys, like every
/// entry), and `,"seal":{"epoch":E,"mac":"M"}` is put before the closing brace, where M is the
/// MAC of the line as encoded without it.
public enum AuditSealing {
    /// Entries of these events close their epoch: after one is written the key evolves.
    public static let closingEvents: Set<String> = ["audit.checkpoint", "audit.seal"]

    static func sealedLine(body: [UInt8], key: AuditSealKey) -> (line: [UInt8], seal: AuditSeal) {
        let seal = AuditSeal(epoch: key.epoch, mac: key.mac(body))
        return (Array(body.dropLast()) + suffix(of: seal), seal)
    }

    static func suffix(of seal: AuditSeal) -> [UInt8] {
        Array(",\"seal\":{\"epoch\":\(seal.epoch),\"mac\":\"\(seal.mac)\"}}".utf8)
    }

    /// The line as it was MACed, or nil if the seal is not the line's last member in the form
    /// above (the line was altered).
    static func body<C: Collection>(of line: C, seal: AuditSeal) -> [UInt8]? where C.Element == UInt8 {
        let suffix = suffix(of: seal)
        let bytes = Array(line)
        guard bytes.count > suffix.count, bytes.suffix(suffix.count).elementsEqual(suffix) else { return nil }
        return Array(bytes.dropLast(suffix.count)) + [UInt8(ascii: "}")]
    }
}
