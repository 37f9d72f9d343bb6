/// Why a batch, its signature or an acknowledgement was refused; the message names the field.
public struct IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case malformedBatch, malformedSignature, unknownUnitKey, badSignature, wrongUnit, outOfOrder, tooLarge, malformedAcknowledgement
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
