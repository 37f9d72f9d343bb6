/// Runs capture cycles on the board's lines: IR on, wait the lead time, trigger pulse, IR off
/// when the exposure ends. It enforces IR thermal protection and the capture gate, and
/// leaves IR off whenever it is not in the middle of a cycle.
///
/// An actor: presence events may ask for cycles concurrently; a request arriving while a
/// cycle runs is counted as coalesced rather than queued, so a burst cannot build a backlog.
public actor CaptureSequencer {
    public enum Outcome: Equatable, Sendable {
        case captured(CycleRecord)
        /// The gate said no; IR was (kept) off.
        case notAllowed
        /// Another cycle was running; this request is served by it.
        case coalesced
        /// The IR duty budget would not allow a cycle within `maxDelay`.
        case skippedForDutyCycle(earliest: MonotonicInstant?)
        /// The task was cancelled (shutdown); IR and trigger were turned off.
        case cancelled
    }

    /// When each edge happened, on the injected clock.
    public struct CycleRecord: Equatable, Sendable {
        public var irOn: MonotonicInstant
        public var triggerRise: MonotonicInstant
        public var triggerFall: MonotonicInstant
        public var irOff: MonotonicInstant
        /// How long the cycle waited for the duty budget.
        public var delayed: Duration
    }

    public struct Counters: Equatable, Sendable {
        public var captured = 0
        public var delayedForDutyCycle = 0
        public var skippedForDutyCycle = 0
        public var coalesced = 0
        public var notAllowed = 0
        public var failed = 0
    }

    public let timings: SequencerTimings
    private let trigger: any GPIOOutputLine
    private let ir: [any GPIOOutputLine]
    private let clock: any MonotonicClock
    private let gate: any CaptureGate
    private let slack: Duration
    private var limiter: IRDutyLimiter
    private var running = false
    private var shutDown = false
    public private(set) var counters = Counters()

    /// - Parameter slack: added to each cycle's planned IR time when checking the budget, to
    ///   cover the scheduler's lateness on a real clock (recorded times are the real ones).
    public init(trigger: any GPIOOutputLine, ir: [any GPIOOutputLine], timings: SequencerTimings,
                protection: IRProtection, clock: any MonotonicClock, gate: any CaptureGate,
                slack: Duration = .zero) {
        self.trigger = trigger
        self.ir = ir
        self.timings = timings
        self.clock = clock
        self.gate = gate
        self.slack = slack
        limiter = IRDutyLimiter(protection: protection)
    }

    /// IR on-time in the window ending now (for status and tests).
    public func irOnTimeInCurrentWindow() -> Duration {
        let now = clock.now()
        return limiter.onTime(from: now - limiter.protection.window, to: now)
    }

    public func runCycle() async throws(GPIOError) -> Outcome {
        guard !shutDown else {
            counters.notAllowed += 1
            return .notAllowed
        }
        guard gate.isCaptureAllowed() else {
            counters.notAllowed += 1
            if !running { try setIR(false) }
            return .notAllowed
        }
        guard !running else {
            counters.coalesced += 1
            return .coalesced
        }
        running = true
        defer { running = false }

        let requested = clock.now()
        let planned = timings.irOnTime + slack
        guard let earliest = limiter.earliestStart(onTime: planned, notBefore: requested),
              earliest - requested <= limiter.protection.maxDelay else {
            counters.skippedForDutyCycle += 1
            return .skippedForDutyCycle(earliest: limiter.earliestStart(onTime: planned, notBefore: requested))
        }
        if earliest > requested {
            counters.delayedForDutyCycle += 1
            guard await sleep(until: earliest) else { return .cancelled }
            // The gate may have closed while we waited.
            guard !shutDown, gate.isCaptureAllowed() else {
                counters.notAllowed += 1
                return .notAllowed
            }
        }
        do {
            guard let record = try await pulse(delayed: earliest - requested) else {
                try? trigger.setActive(false)
                return .cancelled
            }
            counters.captured += 1
            return .captured(record)
        } catch {
            counters.failed += 1
            try? setIR(false)
            try? trigger.setActive(false)
            throw error
        }
    }

    /// Turns IR and trigger off and releases the lines. Later cycles return `.notAllowed`.
    public func shutdown() {
        shutDown = true
        try? setIR(false)
        try? trigger.setActive(false)
        for line in ir { line.release() }
        trigger.release()
    }

    /// nil when cancelled part-way (IR is off again by then).
    private func pulse(delayed: Duration) async throws(GPIOError) -> CycleRecord? {
        let irOn = clock.now()
        try setIR(true)
        var irOff: MonotonicInstant?
        defer {
            // Always leave IR off and account for the time it was really on, even when a
            // sleep was cancelled or a line failed.
            if irOff == nil {
                try? setIR(false)
                limiter.record(from: irOn, to: clock.now())
            }
        }
        guard await sleep(until: irOn + timings.irLead) else { return nil }
        let triggerRise = clock.now()
        try trigger.setActive(true)
        let irOffDue = triggerRise + timings.exposure
        let triggerFallDue = triggerRise + timings.triggerWidth
        var triggerFall: MonotonicInstant?
        // The trigger may be longer or shorter than the exposure: do the two falls in order.
        for isTrigger in (triggerFallDue <= irOffDue ? [true, false] : [false, true]) {
            guard await sleep(until: isTrigger ? triggerFallDue : irOffDue) else { break }
            if isTrigger {
                triggerFall = clock.now()
                try trigger.setActive(false)
            } else {
                irOff = clock.now()
                try setIR(false)
                limiter.record(from: irOn, to: irOff!)
            }
        }
        guard let triggerFall, let irOff else { return nil }
        return CycleRecord(irOn: irOn, triggerRise: triggerRise, triggerFall: triggerFall, irOff: irOff, delayed: delayed)
    }

    private func setIR(_ on: Bool) throws(GPIOError) {
        var firstError: GPIOError?
        for line in ir {
            do throws(GPIOError) { try line.setActive(on) } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }

    /// False when cancelled.
    private func sleep(until deadline: MonotonicInstant) async -> Bool {
        do {
            try await clock.sleep(until: deadline)
            return true
        } catch {
            return false
        }
    }
}
