import ArgumentParser

@main
struct Milepost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milepost",
        abstract: "The software of a fixed roadside automated licence plate reader unit.",
        version: MilepostVersion.string,
        // Each capability adds its command group here, one line each.
        subcommands: [
            BoardCommand.self,
            CameraCommand.self,
            HotlistCommand.self,
            NoticesCommand.self,
        ]
    )
}
