import Glibc

/// Why a server could not listen where its configuration says.
public struct ListenAddressError: Error, Equatable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var reason: String

    public var description: String { "cannot listen on \(host):\(port): \(reason)" }
}

/// Binds each address `host` resolves to, on `port`, and lets go at once: a server about to
/// start learns that its port is taken, or its host not an address of this machine, in words
/// that name them, before it opens anything else. (Another process may still take the port in
/// between; the server's own bind then fails, and `ListenAddressError.explaining` words that.)
public enum ListenAddressProbe {
    public static func check(host: String, port: Int) throws(ListenAddressError) {
        guard (0...65_535).contains(port) else { throw ListenAddressError(host: host, port: port, reason: "\(port) is not a TCP port (0 to 65535)") }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw ListenAddressError(host: host, port: port, reason: "'\(host)' does not resolve (\(String(cString: gai_strerror(status))))")
        }
        defer { freeaddrinfo(first) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            let info = address.pointee
            let descriptor = socket(info.ai_family, info.ai_socktype, info.ai_protocol)
            if descriptor >= 0 {
                var one: Int32 = 1
                setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
                let bound = bind(descriptor, info.ai_addr, info.ai_addrlen)
                let failure = errno
                close(descriptor)
                if bound != 0 { throw ListenAddressError(host: host, port: port, reason: explanation(errno: failure, address: info)) }
            }
            entry = info.ai_next
        }
    }

    static func explanation(errno code: Int32, address: addrinfo) -> String {
        let family = address.ai_family == AF_INET6 ? "IPv6" : "IPv4"
        switch code {
        case EADDRINUSE: return "the port is already in use on its \(family) address by another process (stop it, or choose another port)"
        case EACCES: return "ports below 1024 need privileges this process does not have (choose a port from 1024 up)"
        case EADDRNOTAVAIL: return "the \(family) address it resolves to is not an address of this machine"
        default: return "bind failed on its \(family) address: \(String(cString: strerror(code)))"
        }
    }
}

extension ListenAddressError {
    /// The same words for a bind that failed inside the server (errno from its error), or nil
    /// when `errorCode` is not a bind failure this explains.
    public static func explaining(errorCode code: Int32, host: String, port: Int) -> ListenAddressError? {
        switch code {
        case EADDRINUSE: return ListenAddressError(host: host, port: port, reason: "the port is already in use by another process (stop it, or choose another port)")
        case EACCES: return ListenAddressError(host: host, port: port, reason: "ports below 1024 need privileges this process does not have")
        case EADDRNOTAVAIL: return ListenAddressError(host: host, port: port, reason: "not an address of this machine")
        default: return nil
        }
    }
}
