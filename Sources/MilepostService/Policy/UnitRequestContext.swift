import Hummingbird
import NIOCore

/// The unit's request context: Hummingbird's basic one plus the peer address, so that the
/// audit log records where every install and search came from.
public struct UnitRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

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
