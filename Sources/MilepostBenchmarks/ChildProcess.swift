import Foundation
import Glibc

/// This executable run again as a child, with its standard output as a stream of lines.
final class ChildProcess: @unchecked Sendable {  // Process is not Sendable; kill and wait are safe from any thread
    private let process: Process
    let lines: AsyncStream<String>

    init(arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        let (lines, continuation) = AsyncStream<String>.makeStream()
        self.lines = lines
        self.process = process
        try process.run()
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread {
            var pending = ""
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                pending += String(decoding: data, as: UTF8.self)
                while let newline = pending.firstIndex(of: "\n") {
                    continuation.yield(String(pending[..<newline]))
                    pending.removeSubrange(...newline)
                }
            }
            continuation.finish()
        }
    }

    func kill() { Glibc.kill(process.processIdentifier, SIGKILL) }
    func wait() { process.waitUntilExit() }
}
