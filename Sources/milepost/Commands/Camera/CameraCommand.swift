import ArgumentParser

struct CameraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera",
        abstract: "Camera tools for installers.",
        subcommands: [CameraSnapshotCommand.self]
    )
}
