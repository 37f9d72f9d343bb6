import Foundation
import MilepostService

extension UnitConfig {
    /// The unit configuration at `path`, with `--state-dir` (when given) in place of its
    /// state directory.
    static func load(path: String, stateDirectory: String?) throws -> UnitConfig {
        var settings = try UnitConfig.load(from: URL(fileURLWithPath: path))
        if let stateDirectory { settings.stateDirectory = stateDirectory }
        return settings
    }
}
