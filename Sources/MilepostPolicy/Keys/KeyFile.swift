import MilepostCore
/// The text format of key files (see docs/POLICY-FORMATS.md):
///
///     # comment
///     format: milepost-key-v1
///     kind: ed25519-private | ed25519-public
///     role: chief | designee | unit
///     name: Chief A. Example
///     organisation: Leicester Police Department
///     key-id: <base64url, 22 characters>
///     key: <base64url of the 32-byte seed or public key>
///
/// Every field is required exactly once; unknown fields are refused. `key-id` is recomputed
/// from the key and must match, which catches a damaged or hand-edited file.
public enum KeyFile {
    public static let format = "milepost-key-v1"

    public enum Kind: String, Sendable {
        case privateKey = "ed25519-private"
        case publicKey = "ed25519-public"
    }

    public static func render(_ key: PolicySigningKey) -> String {
        render(kind: .privateKey, holder: key.holder, id: key.id, bytes: key.seed,
               comment: "Milepost Ed25519 PRIVATE key. Keep it secret: mode 0600, never copy it to a unit it does not belong to.")
    }

    public static func render(_ key: PolicyPublicKey) -> String {
        render(kind: .publicKey, holder: key.holder, id: key.id, bytes: key.rawRepresentation,
               comment: "Milepost Ed25519 public key.")
    }

    private static func render(kind: Kind, holder: KeyHolder, id: KeyID, bytes: [UInt8], comment: String) -> String {
        """
        # \(comment)
        format: \(format)
        kind: \(kind.rawValue)
        role: \(holder.role.rawValue)
        name: \(holder.name)
        organisation: \(holder.organisation)
        key-id: \(id)
        key: \(Base64URL.encode(bytes))

        """
    }

    public static func parsePrivate(_ text: String, source: String) throws -> PolicySigningKey {
        let fields = try parse(text, source: source, expecting: .privateKey)
        let key = try PolicySigningKey(holder: fields.holder, seed: fields.bytes)
        try checkID(key.id, fields.id, source: source)
        return key
    }

    public static func parsePublic(_ text: String, source: String) throws -> PolicyPublicKey {
        let fields = try parse(text, source: source, expecting: .publicKey)
        let key = try PolicyPublicKey(holder: fields.holder, rawRepresentation: fields.bytes)
        try checkID(key.id, fields.id, source: source)
        return key
    }

    /// A unit key's name is the unit's id, so it keeps the unit id rule.
    static func checkUnitName(_ holder: KeyHolder, source: String) throws {
        guard holder.role == .unit else { return }
        do { _ = try UnitID(holder.name) } catch {
            throw PolicyError(.malformedKeyFile, "\(source): field 'name' of a unit key is the unit id, and \(error)")
        }
    }

    private static func checkID(_ computed: KeyID, _ written: KeyID, source: String) throws {
        guard computed == written else {
            throw PolicyError(.malformedKeyFile, "\(source): key-id \(written) does not match the key (computed \(computed)); the file is damaged or edited")
        }
    }

    private struct Fields {
        var holder: KeyHolder
        var id: KeyID
        var bytes: [UInt8]
    }

    private static let fieldNames = ["format", "kind", "role", "name", "organisation", "key-id", "key"]

    private static func parse(_ text: String, source: String, expecting kind: Kind) throws -> Fields {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let lineNumber = index + 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw PolicyError(.malformedKeyFile, "\(source) line \(lineNumber): expected 'field: value'")
            }
            let name = String(line[..<colon]).trimmingSpaces()
            let value = String(line[line.index(after: colon)...]).trimmingSpaces()
            guard fieldNames.contains(name) else {
                throw PolicyError(.malformedKeyFile, "\(source) line \(lineNumber): unknown field '\(name)'")
            }
            guard values[name] == nil else {
                throw PolicyError(.malformedKeyFile, "\(source) line \(lineNumber): field '\(name)' appears twice")
            }
            values[name] = value
        }
        for name in fieldNames where values[name] == nil {
            throw PolicyError(.malformedKeyFile, "\(source): missing field '\(name)'")
        }
        guard values["format"] == format else {
            throw PolicyError(.malformedKeyFile, "\(source): format '\(values["format"]!)' is not \(format)")
        }
        guard values["kind"] == kind.rawValue else {
            throw PolicyError(.malformedKeyFile, "\(source): kind is '\(values["kind"]!)', expected \(kind.rawValue)")
        }
        guard let role = KeyRole(rawValue: values["role"]!) else {
            throw PolicyError(.malformedKeyFile, "\(source): role '\(values["role"]!)' is not chief, designee or unit")
        }
        guard !values["name"]!.isEmpty else { throw PolicyError(.malformedKeyFile, "\(source): field 'name' is empty") }
        try checkUnitName(KeyHolder(role: role, name: values["name"]!, organisation: ""), source: source)
        guard let bytes = Base64URL.decode(values["key"]!), bytes.count == 32 else {
            throw PolicyError(.malformedKeyFile, "\(source): field 'key' is not base64url of 32 bytes")
        }
        let holder = KeyHolder(role: role, name: values["name"]!, organisation: values["organisation"]!)
        return Fields(holder: holder, id: KeyID(rawValue: values["key-id"]!), bytes: bytes)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
