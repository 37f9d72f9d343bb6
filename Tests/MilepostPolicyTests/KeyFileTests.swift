import Testing
@testable import MilepostPolicy
import MilepostSystem
import MilepostTesting
import SystemPackage

@Suite struct KeyFileTests {
    let fs = FaultInjectingFileSystem(currentUserID: 1000, directories: ["/keys"])
    var store: KeyStore { KeyStore(fileSystem: fs) }
    let holder = KeyHolder(role: .chief, name: "Chief A. Example", organisation: "Leicester PD")

    @Test func savedKeysLoadBackWithTheSameIdAndRole() throws {
        let key = PolicySigningKey.generate(holder: holder)
        let paths = try store.save(key, prefix: "/keys/chief")
        #expect(try fs.status(paths.privatePath)?.permissions == FilePermissions(rawValue: 0o600))
        let loaded = try store.loadSigningKey(paths.privatePath, role: .chief)
        #expect(loaded.id == key.id)
        #expect(loaded.holder == holder)
        let publicKey = try store.loadPublicKey(paths.publicPath, role: .chief)
        #expect(publicKey.id == key.id)
        #expect(publicKey.isValidSignature(try loaded.sign([1, 2, 3]), for: [1, 2, 3]))
    }

    @Test(arguments: [UInt32(0o640), 0o604, 0o644, 0o660, 0o601])
    func privateKeysReadableByOthersAreRefused(_ mode: UInt32) throws {
        let paths = try store.save(PolicySigningKey.generate(holder: holder), prefix: "/keys/chief")
        fs.setAttributes(paths.privatePath, permissions: FilePermissions(rawValue: CModeT(mode)))
        let error = #expect(throws: PolicyError.self) { try store.loadSigningKey(paths.privatePath) }
        #expect(error?.code == .insecureKeyFile)
        #expect(error?.message.contains("/keys/chief.key") == true)
        #expect(error?.message.contains("0" + String(mode, radix: 8)) == true)
    }

    @Test func privateKeysOwnedBySomeoneElseAreRefused() throws {
        let paths = try store.save(PolicySigningKey.generate(holder: holder), prefix: "/keys/chief")
        fs.setAttributes(paths.privatePath, owner: 0)
        let error = #expect(throws: PolicyError.self) { try store.loadSigningKey(paths.privatePath) }
        #expect(error?.code == .insecureKeyFile)
    }

    @Test func aKeyOfTheWrongRoleIsRefused() throws {
        let paths = try store.save(PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "unit-7", organisation: "")), prefix: "/keys/unit")
        let error = #expect(throws: PolicyError.self) { try store.loadPublicKey(paths.publicPath, role: .chief) }
        #expect(error?.code == .wrongKeyRole)
    }

    @Test func aUnitKeyWhoseNameIsNotAUnitIdIsRefusedWhenSavedAndWhenRead() throws {
        let key = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "unit 7", organisation: ""))
        let saving = #expect(throws: PolicyError.self) { try store.save(key, prefix: "/keys/unit") }
        #expect(saving?.message.contains("unit id 'unit 7' has ' '") == true)
        #expect(!fs.exists("/keys/unit.key"))
        let reading = #expect(throws: PolicyError.self) { try KeyFile.parsePublic(KeyFile.render(key.publicKey), source: "unit.pub") }
        #expect(reading?.code == .malformedKeyFile)
        #expect(reading?.message.contains("unit.pub: field 'name'") == true)
    }

    @Test func refusesToOverwriteAnExistingKey() throws {
        _ = try store.save(PolicySigningKey.generate(holder: holder), prefix: "/keys/chief")
        #expect(throws: PolicyError.self) { try store.save(PolicySigningKey.generate(holder: holder), prefix: "/keys/chief") }
    }

    @Test func damagedOrEditedFilesNameTheProblem() throws {
        let key = PolicySigningKey.generate(holder: holder)
        let text = KeyFile.render(key.publicKey)
        let cases: [(String, String)] = [
            (text.replacingOccurrences(of: "role: chief", with: "role: sheriff"), "role 'sheriff'"),
            (text.replacingOccurrences(of: "key-id: \(key.id)", with: "key-id: AAAAAAAAAAAAAAAAAAAAAA"), "does not match"),
            (text.replacingOccurrences(of: "format: ", with: "formt: "), "line 2: unknown field 'formt'"),
            (text + "role: unit\n", "appears twice"),
            (text.replacingOccurrences(of: "kind: ed25519-public", with: "kind: ed25519-private"), "expected ed25519-public"),
            (text.replacingOccurrences(of: "name: Chief A. Example\n", with: ""), "missing field 'name'"),
        ]
        for (edited, expected) in cases {
            let error = #expect(throws: PolicyError.self) { try KeyFile.parsePublic(edited, source: "chief.pub") }
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("chief.pub") == true)
        }
    }
}
