import Crypto
import NIOSSL

/// The API's TLS from `https` in unit.json: the certificate chain and private key, and the
/// SHA-256 fingerprint of the unit's own certificate, which `milepost run` prints so a client
/// of a self-signed unit can check whom it talks to.
public struct UnitTLS: Sendable {
    public let configuration: TLSConfiguration
    /// The leaf certificate's SHA-256 over its DER bytes, as `AB:CD:…` (as `openssl x509
    /// -fingerprint -sha256` shows it).
    public let fingerprint: String

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(loading settings: UnitHTTPSSettings) throws(LoadError) {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(settings.certificateFile)
            guard let leaf = chain.first else {
                throw LoadError(description: "https.certificateFile \(settings.certificateFile) holds no certificate")
            }
            let key = try NIOSSLPrivateKey(file: settings.privateKeyFile, format: .pem)
            configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
            fingerprint = SHA256.hash(data: try leaf.toDERBytes())
                .map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(separator: ":")
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(description: "https.certificateFile \(settings.certificateFile) and https.privateKeyFile \(settings.privateKeyFile) "
                + "are not a PEM certificate and private key (ECDSA P-256 or RSA): \(error)")
        }
    }
}
