import Foundation

/// Where the command finds its model, board files and configuration when not told: in the
/// source tree when run from it (`Config/…`, `Board/`), otherwise where an installed unit keeps
/// them (`/usr/share/milepost`, `/etc/milepost`), so that it works from any directory.
enum InstalledFiles {
    static let shareDirectory = "/usr/share/milepost"
    static let configDirectory = "/etc/milepost"

    static var model: String { firstPresent("Config/model/milepost-plates.mpw", "\(shareDirectory)/model/milepost-plates.mpw") }
    static var boardDirectory: String { firstPresent("Board", "\(shareDirectory)/Board") }
    static var unitConfig: String { firstPresent("Config/unit.json", "\(configDirectory)/unit.json") }

    /// The source tree's path when it exists from here, else the installed one (which the
    /// error then names, if it is missing too).
    static func firstPresent(_ sourceTree: String, _ installed: String) -> String {
        FileManager.default.fileExists(atPath: sourceTree) ? sourceTree : installed
    }
}
