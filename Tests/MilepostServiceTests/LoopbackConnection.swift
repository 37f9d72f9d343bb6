import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP client socket on 127.0.0.1 for tests that need to misbehave as HTTP clients do
/// (say nothing, send half a header); waits poll without blocking a thread.
final class LoopbackConnection {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): errno \(code)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(fd) }

    /// Sends `text`; false once the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Whether the server has closed its end (end of file or reset), without consuming data.
    var isClosedByServer: Bool {
        var byte: UInt8 = 0
        let received = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Everything the server sends until it has sent `marker` or `timeout` passes.
    func receive(until marker: String, within timeout: Duration) async throws -> String {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                received += buffer[0..<count]
                if String(decoding: received, as: UTF8.self).contains(marker) { break }
            } else if count == 0 {
                break
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        return String(decoding: received, as: UTF8.self)
    }
}

/// Connections the server listening on `port` (127.0.0.1) has accepted and still holds open,
/// read from /proc/net/tcp: established sockets on that local port that belong to a process
/// (inode not 0). Connections still in the listen queue have no inode yet.
func acceptedConnections(onPort port: Int) throws -> Int {
    // Read to the end: /proc files state no size, and a one-shot read stops at a page.
    let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/net/tcp"))
    defer { try? file.close() }
    let table = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
    let localSuffix = ":" + String(format: "%04X", port)
    // Counted by inode: the kernel lists the table in pieces, so a socket can appear twice
    // while other tests open and close theirs.
    var inodes = Set<Substring>()
    for line in table.split(separator: "\n").dropFirst() {
        let fields = line.split(separator: " ")
        if fields.count > 9, fields[1].hasSuffix(localSuffix), fields[3] == "01", fields[9] != "0" {
            inodes.insert(fields[9])
        }
    }
    return inodes.count
}
