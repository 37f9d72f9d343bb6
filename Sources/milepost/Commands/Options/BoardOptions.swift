import ArgumentParser
import MilepostHardware

/// `--board` and `--board-dir`, shared by the board and camera commands.
struct BoardOptions: ParsableArguments {
    @Option(help: "The board file to use, by name (a file NAME.json in the board directory).")
    var board: String = "sim"

    @Option(name: .customLong("board-dir"), help: "Where board files are.")
    var boardDirectory: String = InstalledFiles.boardDirectory

    /// Loads the board, or prints why not and exits 2.
    func load() throws -> BoardFile {
        do {
            return try BoardLoader(directory: boardDirectory).load(board)
        } catch {
            printError("board file problem: \(error)")
            throw ExitCode(2)
        }
    }
}
