import Hummingbird
import NIOCore

/// A request context that carries who made the request once `AccessMiddleware` has checked
/// their token. Route groups written generic over it can ask for a role
/// (`ServerAccess.requireRole`).
public protocol ServerAuthenticatedContext: RequestContext {
    /// The token's holder; nil only on routes that need no token (`/health`, the ingest route).
    var identity: ServerIdentity? { get set }
}

/// The server's request context: Hummingbird's basic one, the peer address for the audit log,
/// and the authenticated holder.
public struct ServerRequestContext: ServerAuthenticatedContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var identity: ServerIdentity?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

extension RequestContext {
    /// The peer's IP address for the audit log, or "unknown" when the transport has none.
    var auditSource: String {
        guard let address = (self as? any RemoteAddressRequestContext)?.remoteAddress else { return "unknown" }
        return address.ipAddress ?? address.pathname ?? "\(address)"
    }
}
