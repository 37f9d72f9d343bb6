import ArgumentParser

@main
struct Milepost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milepost",
        abstract: "The software of a fixed roadside automated licence plate reader unit.",
        version: MilepostVersion.string,
        // Each capability adds its command group here, one line each.
        subcommands: [
            RunCommand.self, ConfigCommand.self,
            BoardCommand.self,
            CameraCommand.self,
            RecognizeCommand.self, EvaluateCommand.self,
            StoreCommand.self,
            KeysCommand.self, AuthCommand.self, AuditCommand.self, SearchCommand.self,
            HotlistCommand.self,
            NoticesCommand.self,
            TokensCommand.self,
        ]
    )
}
