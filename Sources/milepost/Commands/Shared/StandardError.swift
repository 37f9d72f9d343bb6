import Foundation

/// Writes one line to standard error: status, refusals and problems the commands report
/// beside their output.
func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes `error: MESSAGE` to standard error.
func printError(_ message: String) {
    printToStandardError("error: \(message)")
}
