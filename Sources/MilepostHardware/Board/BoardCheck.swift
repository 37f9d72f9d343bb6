/// What `milepost board check` finds for each line: requested fine (with its state) or why not.
public struct LineCheck: Sendable {
    public var role: String
    public var spec: LineSpec
    public var result: Result<String, GPIOError>
}

public enum BoardCheck {
    /// Requests every line of the board one by one, reads its state and releases it again,
    /// so one bad line does not hide the others.
    public static func checkLines(of board: BoardFile, provider: any GPIOProvider, consumer: String = "milepost-check") -> [LineCheck] {
        var open: [String: any GPIOChip] = [:]
        defer { for chip in open.values { chip.close() } }
        var results: [LineCheck] = []
        for (role, spec) in board.gpio.rolesAndLines {
            let result: Result<String, GPIOError>
            do throws(GPIOError) {
                let chip: any GPIOChip
                if let existing = open[spec.chip] {
                    chip = existing
                } else {
                    chip = try provider.openChip(spec.chip)
                    open[spec.chip] = chip
                }
                let settings = spec.settings(consumer: "\(consumer)-\(role)")
                if role == "presence" || role == "tamper" {
                    let line = try chip.requestInput(spec.line, settings: settings)
                    defer { line.release() }
                    result = .success("input on \(chip.name) [\(chip.label)], currently \(try line.isActive() ? "active" : "inactive")")
                } else {
                    let line = try chip.requestOutput(spec.line, settings: settings, initiallyActive: false)
                    defer { line.release() }
                    result = .success("output on \(chip.name) [\(chip.label)], set inactive")
                }
            } catch {
                result = .failure(error)
            }
            results.append(LineCheck(role: role, spec: spec, result: result))
        }
        return results
    }
}
