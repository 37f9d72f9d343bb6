import ArgumentParser
import Foundation
import MilepostHardware
import MilepostRecognition
import MilepostService
import MilepostSystem

/// `milepost config check`: everything `milepost run` reads before it starts, checked without
/// starting: the configuration, the board file, the model, the webhook secrets, the state
/// directory and the HTTP address. Each problem names the file, key or setting.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check unit.json, its board file, model, webhook secrets, state directory and HTTP port without running.",
        discussion: "Prints one line per check and exits 1 if any failed. Safe on a running unit, except that its own port then shows as in use."
    )

    @OptionGroup var files: UnitFilesOptions

    func run() throws {
        let (config, boardDir, model) = (files.config, files.boardDir, files.model)
        var failed = 0
        func check(_ what: String, _ body: () throws -> String) {
            do {
                print("ok    \(what): \(try body())")
            } catch {
                failed += 1
                print("FAIL  \(what): \(error)")
            }
        }
        var settings: UnitConfig?
        check(config) {
            let loaded = try UnitConfig.load(path: config, stateDirectory: nil)
            settings = loaded
            return "unit \(loaded.unitID), board \(loaded.board), state \(loaded.stateDirectory)"
        }
        guard var settings else { throw ExitCode(1) }
        if let board = files.board { settings.board = board }
        check("board file \(boardDir)/\(settings.board).json") {
            let file = try BoardLoader(directory: boardDir).load(settings.board)
            return file.gpio.simulatedChip != nil ? "simulated board" : "\(file.description)"
        }
        check("model \(model)") {
            guard FileManager.default.fileExists(atPath: model) else {
                throw ValidationError("no such file; give the installed model with --model")
            }
            _ = try WeightsFile.load([UInt8](try Data(contentsOf: URL(fileURLWithPath: model))))
            return "loads"
        }
        for receiver in settings.webhookReceivers ?? [] {
            check("webhook receiver \(receiver.name)") {
                _ = try receiver.load(fileSystem: DiskFileSystem())
                return "\(receiver.url)"
            }
        }
        check("state directory \(settings.stateDirectory)") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: settings.stateDirectory, isDirectory: &isDirectory) else {
                throw ValidationError("does not exist; provision the unit (docs/installer-guide.md) or fix stateDirectory in \(config)")
            }
            guard isDirectory.boolValue else { throw ValidationError("is not a directory (stateDirectory in \(config))") }
            guard FileManager.default.isWritableFile(atPath: settings.stateDirectory) else {
                throw ValidationError("is not writable by this user; the service runs as its owner")
            }
            return "writable"
        }
        check("HTTP address \(settings.httpHost):\(settings.httpPort)") {
            do {
                try ListenAddressProbe.check(host: settings.httpHost, port: settings.httpPort)
            } catch {
                throw ValidationError("\(error); change httpHost or httpPort in \(config)")
            }
            return "free"
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// `milepost config`: the unit's configuration.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check the unit's configuration.", subcommands: [ConfigCheckCommand.self])
}
