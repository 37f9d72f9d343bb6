import Foundation
import MilepostSystem

/// What `milepost notices watch` does with each notice: a text block for the officer's
/// terminal, the plate crop and context image saved beside it, and the notice's sequence
/// recorded so a restarted watcher resumes where it stopped.
public struct NoticeWatchOutput: Sendable {
    public let directory: String
    let fileSystem: any FileSystem

    public init(directory: String, fileSystem: any FileSystem) throws(FileError) {
        self.directory = directory
        self.fileSystem = fileSystem
        try fileSystem.makeDirectories(directory)
    }

    var resumeFile: String { PathNames.join(directory, ".last-event-id") }

    /// The last notice saved by an earlier run, if any.
    public func lastSaved() -> UInt64? {
        (try? fileSystem.readWholeFile(resumeFile)).flatMap { UInt64(String(decoding: $0, as: UTF8.self)) }
    }

    /// Saves the images, then the resume point; returns the text to print.
    public func save(_ stored: StoredNotice) throws(FileError) -> String {
        let notice = stored.notice
        let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(notice.capturedAtMillis) / 1000))
        var lines = [
            "=== notice \(stored.sequence) (\(notice.id)) \(time)",
            "*** \(notice.banner) ***",
            "plate \(notice.plate)  state \(notice.state ?? "?")  read confidence \(Int((notice.readConfidence * 100).rounded()))%",
        ]
        for hit in notice.hits {
            lines.append("  \(hit.codeTitle) (\(hit.code)) on \(hit.list) v\(hit.listVersion), priority \(hit.priority): \(hit.reason)"
                + (hit.caseNumber.map { " (case \($0))" } ?? ""))
            lines.append("    hotlist plate \(hit.hotlistPlate) \(hit.hotlistState ?? ""), \(hit.match), source \(hit.source)")
        }
        lines.append("  unit \(notice.unit), \(notice.site), \(notice.location.description) (\(notice.location.latitude), \(notice.location.longitude))")
        for (suffix, image) in [("plate", notice.plateCrop), ("context", notice.contextImage)] {
            guard let image else { continue }
            let path = PathNames.join(directory, "\(stored.sequence)-\(suffix).jpg")
            try fileSystem.replaceAtomically(path, with: [UInt8](image))
            lines.append("  \(suffix) image: \(path)")
        }
        try fileSystem.replaceAtomically(resumeFile, with: Array(String(stored.sequence).utf8))
        return lines.joined(separator: "\n")
    }
}
