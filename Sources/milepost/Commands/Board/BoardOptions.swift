import ArgumentParser
import MilepostHardware

/// `--board` and `--board-dir`, shared by the board and camera commands.
struct BoardOptions: ParsableArguments {
    @Option(help: "The board file to use, by name (a file NAME.json in the board directory).")
    var board: String = "sim"

    @Option(name: .customLong("board-dir"), help: "Where board files are.")
    var boardDirectory: String = "./Board"

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

func printError(_ message: String) {
    var standardError = StandardError()
    print("error: \(message)", to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleStream.writeToStandardError(string)
    }
}

enum FileHandleStream {
    static func writeToStandardError(_ string: String) {
        var bytes = Array(string.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(2, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
