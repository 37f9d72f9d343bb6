/// The unit's state directory (`stateDirectory` in unit.json), each part named once:
///
///     <state>/policy          keys, installed documents, time floor, audit log (`UnitPolicyLayout`)
///     <state>/reads           the read store (`STORAGE-SPEC.md`)
///     <state>/hotlists        lists imported with `milepost hotlist import`
///     <state>/outbox          the durable notice outbox, deliveries recorded beside it
///     <state>/dispositions    officers' dispositions
///     <state>/officer-tokens  digests of the API tokens, each with a role (`milepost tokens`)
public struct UnitStateLayout: Sendable, Equatable {
    public var root: String

    public init(root: String) { self.root = root }

    public var policy: String { child("policy") }
    public var reads: String { child("reads") }
    public var hotlists: String { child("hotlists") }
    public var outbox: String { child("outbox") }
    public var dispositions: String { child("dispositions") }
    public var officerTokens: String { child("officer-tokens") }

    private func child(_ name: String) -> String { root.hasSuffix("/") ? root + name : root + "/" + name }
}
