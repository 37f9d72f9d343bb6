/// What a `DeviceIdentifier` names, for its error messages.
public protocol DeviceIdentifierKind: Sendable {
    /// "unit id", "camera id".
    static var noun: String { get }
}

public enum UnitKind: DeviceIdentifierKind { public static let noun = "unit id" }
public enum CameraKind: DeviceIdentifierKind { public static let noun = "camera id" }

/// The name an installer gives a unit.
public typealias UnitID = DeviceIdentifier<UnitKind>
/// The name an installer gives a camera on a unit.
public typealias CameraID = DeviceIdentifier<CameraKind>

/// A unit's or a camera's name, held to one rule everywhere it travels (configuration, signed
/// documents, stored reads, notices, the audit log): 1 to 64 ASCII letters, digits, `-`, `_`
/// or `.`, starting with a letter or digit. It is written as a plain JSON string.
public struct DeviceIdentifier<Kind: DeviceIdentifierKind>: Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public static var maximumLength: Int { 64 }

    public let rawValue: String

    public init(_ text: String) throws(DeviceIdentifierError) {
        if let problem = Self.problem(with: text) { throw DeviceIdentifierError(noun: Kind.noun, text: text, problem: problem) }
        rawValue = text
    }

    /// For literals in code: an invalid literal is a programming error.
    public init(stringLiteral text: String) {
        do { try self.init(text) } catch { preconditionFailure(error.description) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(try container.decode(String.self))
        } catch let error as DeviceIdentifierError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    private static func problem(with text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if let bad = text.unicodeScalars.first(where: { !$0.isASCII || !(isLetterOrDigit(UInt8($0.value)) || "-_.".unicodeScalars.contains($0)) }) {
            return "has '\(bad)'; only letters, digits, '-', '_' and '.' are allowed"
        }
        guard let first = text.utf8.first, isLetterOrDigit(first) else { return "must start with a letter or digit" }
        if text.utf8.count > maximumLength { return "is \(text.utf8.count) characters, at most \(maximumLength)" }
        return nil
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}

/// Why a text is not a unit or camera id; the description names the text and the fault.
public struct DeviceIdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    public var noun: String
    public var text: String
    public var problem: String

    public var description: String { "\(noun) '\(text)' \(problem)" }
}
