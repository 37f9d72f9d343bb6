/// What the seals of an audit log show, entry by entry (part of `AuditVerifier`).
///
/// Without the initial key only the order of the epochs can be checked; with it, every MAC.
/// Entries without a seal before the first sealed one are legacy entries (from before the unit
/// was given a seal key); one after a sealed entry is a problem.
struct AuditSealVerifier {
    let initialKey: AuditSealKey?
    let logName: String
    /// An epoch holds at least its closing entry, so no epoch number can exceed the line count.
    let lineCount: Int
    private var derived: AuditSealKey?
    private(set) var sawSeal = false
    private(set) var legacyEntries = 0
    private(set) var closedEpochs = 0
    /// The line of the last entry that closed an epoch (0: none).
    private(set) var lastClosingLine = 0
    private var expectedEpoch = 0

    init(initialKey: AuditSealKey?, logName: String, lineCount: Int) {
        self.initialKey = initialKey
        self.logName = logName
        self.lineCount = lineCount
        derived = initialKey
    }

    /// Checks one decoded entry and its line; returns the problems found.
    mutating func check(_ entry: AuditEntry, line: ArraySlice<UInt8>, lineNumber: Int) -> [String] {
        guard let seal = entry.seal else {
            if sawSeal {
                return ["\(logName) line \(lineNumber): entry \(entry.seq) has no seal, after sealed entries: written without the unit's seal key, or forged"]
            }
            legacyEntries += 1
            return []
        }
        sawSeal = true
        var problems = [String]()
        if seal.epoch != expectedEpoch {
            problems.append("\(logName) line \(lineNumber): entry \(entry.seq) is sealed in epoch \(seal.epoch), but epoch \(expectedEpoch) is the open one: "
                + "entries were removed, forged or sealed out of order")
        }
        if let macProblem = checkMAC(seal, line: line) {
            problems.append("\(logName) line \(lineNumber): entry \(entry.seq): \(macProblem)")
        }
        expectedEpoch = seal.epoch
        if AuditSealing.closingEvents.contains(entry.event) {
            closedEpochs += 1
            lastClosingLine = lineNumber
            expectedEpoch += 1
        }
        return problems
    }

    private mutating func checkMAC(_ seal: AuditSeal, line: ArraySlice<UInt8>) -> String? {
        guard let body = AuditSealing.body(of: line, seal: seal) else {
            return "its seal is not where the unit writes it (the line was altered)"
        }
        guard let initialKey else { return nil }
        guard seal.epoch <= lineCount else { return "sealed in epoch \(seal.epoch), more epochs than the log has entries (forged)" }
        // Keys only evolve forwards: an epoch before the last one derived starts again from K0.
        var start = derived ?? initialKey
        if start.epoch > seal.epoch { start = initialKey }
        let key = start.evolved(to: seal.epoch)
        derived = key
        guard key.mac(body) == seal.mac else {
            return "its seal does not verify under the key of epoch \(seal.epoch): the entry was altered or forged after the unit sealed it"
        }
        return nil
    }
}
