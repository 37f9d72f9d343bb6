import MilepostCore
import MilepostHardware

/// The keys a JSON configuration may hold at each level. The decoder ignores keys it does not
/// ask for, so without this check a misspelt optional key (`webhookReceiver`) would silently
/// leave its setting at the default.
indirect enum KnownKeys: Sendable {
    /// A value whose contents are not keys (a string, number or boolean).
    case value
    /// An object: its keys, each with what it holds.
    case object([String: KnownKeys])
    /// An array, each element holding the same.
    case list(of: KnownKeys)

    /// An object whose keys all hold values, except those in `nested`.
    static func object(keys: [String], nested: [String: KnownKeys] = [:]) -> KnownKeys {
        .object(Dictionary(uniqueKeysWithValues: keys.map { ($0, nested[$0] ?? .value) }))
    }

    struct UnknownKey: Equatable {
        /// As in `webhookReceivers[0].secretFil`.
        var path: String
        var hint: String
    }

    /// The first unknown key in `document`, in key order, depth first. `retired` maps keys
    /// removed from this level of the format to their own hint, given instead of a spelling
    /// suggestion.
    func firstUnknownKey(in document: JSONValue, path: String = "", retired: [String: String] = [:]) -> UnknownKey? {
        switch (self, document) {
        case let (.object(known), .object(fields)):
            for key in fields.keys.sorted() {
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard let inner = known[key] else {
                    let hint = retired[key] ?? KeySuggestion.hint(for: key, known: known.keys)
                    return UnknownKey(path: keyPath, hint: hint)
                }
                if let unknown = inner.firstUnknownKey(in: fields[key]!, path: keyPath) { return unknown }
            }
            return nil
        case let (.list(element), .array(items)):
            for (index, item) in items.enumerated() {
                if let unknown = element.firstUnknownKey(in: item, path: "\(path)[\(index)]") { return unknown }
            }
            return nil
        default:
            return nil  // a value of the wrong kind is reported by the decoder, naming its field
        }
    }
}

extension UnitConfig {
    static let knownKeys = KnownKeys.object(keys: CodingKeys.allCases.map(\.rawValue),
                                            nested: [CodingKeys.webhookReceivers.rawValue: .list(of: WebhookReceiverSettings.knownKeys),
                                                     CodingKeys.server.rawValue: .object(keys: ServerSettings.CodingKeys.allCases.map(\.rawValue)),
                                                     CodingKeys.https.rawValue: .object(keys: UnitHTTPSSettings.CodingKeys.allCases.map(\.rawValue))])

    /// Keys older configurations hold that nothing reads any more.
    static let retiredKeys = [
        "simulatedPresenceIntervalSeconds":
            "no longer read: the sim board's presence input toggles every gpio.simulatedChip.presencePeriodMs of Board/sim.json; remove it",
    ]
}

extension WebhookReceiverSettings {
    static let knownKeys = KnownKeys.object(keys: CodingKeys.allCases.map(\.rawValue))
}
