/// Why a text is not a plate or a plate pattern; the description names the text and the fault.
public struct PlateTextError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Subject: Equatable, Sendable {
        case plate
        case pattern
    }

    public enum Reason: Equatable, Sendable {
        case empty
        case tooLong(Int)
        case invalidCharacter(Character)
    }

    public var subject: Subject
    /// The text as it was given.
    public var text: String
    public var reason: Reason

    public init(_ subject: Subject, _ text: String, _ reason: Reason) {
        self.subject = subject
        self.text = text
        self.reason = reason
    }

    public var description: String {
        let name = subject == .plate ? "plate" : "plate pattern"
        switch reason {
        case .empty:
            return "\(name) '\(text)' has no letters or digits"
        case .tooLong(let count):
            let counted = subject == .plate ? "characters" : "characters besides *"
            return "\(name) '\(text)' has \(count) \(counted); at most \(PlateText.maximumLength) are allowed"
        case .invalidCharacter(let character):
            let allowed = subject == .plate ? "? for an unknown character" : "? for one unknown character and * for any run"
            return "\(name) '\(text)' contains '\(character)'; only letters, digits, spaces, hyphens, dots and \(allowed) are allowed"
        }
    }
}
