import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// How many connections the unit's API holds open and how long an idle one may stay, so that
/// clients, however many and however slow, cannot take the descriptors capture needs.
///
/// The cap pauses accepting: connections beyond it wait in the kernel's listen queue, which
/// costs the process no descriptor, until a held one closes. The idle timeout closes a
/// connection that has not delivered a complete request head or body part for that long,
/// which also ends a client that trickles a header forever; a connection whose request is
/// being answered (an event stream) is not idle.
public struct HTTPServerLimits: Equatable, Sendable {
    /// Connections held open at once.
    public var maximumConnections: Int
    public var idleTimeout: Duration

    public init(maximumConnections: Int = 256, idleTimeout: Duration = .seconds(10)) {
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
    }

    /// Descriptors kept for everything but API connections: the store's ring and index, the
    /// camera, GPIO lines, hotlist reloads, outbox and audit files, webhook connections.
    public static let descriptorReserve = 256
    /// The fewest connections worth serving; below it the open-file limit is a setup error.
    public static let minimumConnections = 16
    /// NIO accepts up to four connections per wake-up before asking again whether to accept,
    /// so the server can briefly hold this many beyond ``maximumConnections``.
    public static let acceptBurst = 3

    /// These limits with the cap lowered, if need be, so that the cap, its accept burst and
    /// ``descriptorReserve`` fit in `openFileLimit` descriptors.
    public func fitted(toOpenFileLimit openFileLimit: Int) throws(HTTPLimitError) -> HTTPServerLimits {
        let room = openFileLimit - Self.descriptorReserve - Self.acceptBurst
        guard room >= Self.minimumConnections else {
            throw .openFileLimitTooLow(openFileLimit, needed: Self.descriptorReserve + Self.acceptBurst + Self.minimumConnections)
        }
        var fitted = self
        fitted.maximumConnections = min(maximumConnections, room)
        return fitted
    }

    /// The HTTP/1 server with the idle timeout.
    public var server: HTTPServerBuilder {
        .http1(configuration: .init(idleTimeout: TimeAmount(idleTimeout)))
    }

    /// The application configuration for `address` with the connection cap.
    public func configuration(address: BindAddress, logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(address: address, availableConnectionsDelegate: .maximum(maximumConnections, logger: logger))
    }
}

/// Why the API's limits cannot be set as asked.
public enum HTTPLimitError: Error, Equatable, Sendable, CustomStringConvertible {
    case openFileLimitTooLow(Int, needed: Int)

    public var description: String {
        switch self {
        case .openFileLimitTooLow(let limit, let needed):
            return "the open-file limit is \(limit) descriptors; the unit needs at least \(needed) "
                + "(\(HTTPServerLimits.descriptorReserve) for capture, store, hotlists and notices, "
                + "\(HTTPServerLimits.minimumConnections) for API connections); raise RLIMIT_NOFILE (LimitNOFILE= in systemd)"
        }
    }
}
