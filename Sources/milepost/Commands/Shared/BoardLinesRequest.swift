import ArgumentParser
import MilepostHardware

extension BoardOptions {
    /// Loads the board (or exits 2, see `load()`) and requests its GPIO lines for `consumer`,
    /// with events stamped by the system monotonic clock; or prints why not and exits 1.
    /// The caller releases the lines.
    func loadRequestingLines(consumer: String) throws -> (board: BoardFile, lines: BoardLines, clock: SystemMonotonicClock) {
        let board = try load()
        let clock = SystemMonotonicClock()
        do {
            return (board, try BoardLines(board: board, provider: board.makeGPIOProvider(clock: clock), consumer: consumer), clock)
        } catch {
            printError("cannot request the board's lines: \(error)")
            throw ExitCode(1)
        }
    }
}
