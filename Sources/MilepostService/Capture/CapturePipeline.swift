import MilepostCore
import MilepostRecognition
import Logging
import Metrics

/// Reads one vehicle pass per presence event: asks the deployment guard, fires a burst of
/// `burstFrames` capture cycles (fewer when the illuminator guard skips one), reads every
/// frame, and votes (`PassVote`) so each plate of the pass is stored and matched once, with
/// the best frame as its evidence. A burst of one frame gives single-frame reads.
///
/// Without a currently valid authorization nothing happens: no trigger, no IR, nothing stored.
/// The guard is asked before every cycle, so revocation or expiry takes effect at the next
/// cycle at the latest; `PermissionWatcher` also makes the outputs safe within its tick.
public actor CapturePipeline {
    private let permission: any CapturePermission
    private let cycles: any CaptureCycleRunner
    private let reader: any PlateReader
    private let recorder: any ReadRecording
    private let hits: any HitChecking
    private let origin: ReadOrigin
    private let burstFrames: Int
    private let logger: Logger
    private let metrics = CaptureMetrics()
    private var lastDecision: CaptureClearance?
    /// What the watchdog judges the unit by.
    public nonisolated let health: UnitHealth

    public init(permission: any CapturePermission, cycles: any CaptureCycleRunner,
                reader: any PlateReader, recorder: any ReadRecording, hits: any HitChecking,
                origin: ReadOrigin, burstFrames: Int = 1, health: UnitHealth = UnitHealth(), logger: Logger) {
        precondition((1...PassAgreement.maximumFrames).contains(burstFrames), "a burst is 1 to \(PassAgreement.maximumFrames) frames")
        self.burstFrames = burstFrames
        self.health = health
        self.permission = permission
        self.cycles = cycles
        self.reader = reader
        self.recorder = recorder
        self.hits = hits
        self.origin = origin
        self.logger = logger
    }

    /// Handles one vehicle-presence event: captures its pass and reads it before returning.
    /// The running unit instead captures with `capturePass` and reads through a
    /// `PassQueue`, so that recognition never holds up the trigger.
    public func handlePresence() async -> CaptureOutcome {
        switch await capturePass() {
        case .refused(let reason): return .refused(reason: reason)
        case .skippedByIlluminatorLimit: return .skippedByIlluminatorLimit
        case .failed(let report): return .completed(report)
        case .captured(let pass): return .completed(await read(pass))
        }
    }

    /// Asks the guard and fires the burst; reads nothing.
    public func capturePass() async -> PassCapture {
        let decision = await permission.decision()
        noteDecision(decision)
        guard case .allowed(let authorizationID, let permittedHotlists, let site) = decision else {
            metrics.refused.increment()
            await cycles.makeSafe()
            if case .refused(let reason) = decision { return .refused(reason: reason) }
            return .refused(reason: "no authorization")
        }

        health.presenceAllowed()
        var frames: [CapturedFrame] = []
        var failures: [StageFailure] = []
        for _ in 0..<burstFrames {
            do {
                guard let captured = try await cycles.runCycle() else {
                    metrics.skipped.increment()
                    break
                }
                frames.append(captured)
            } catch {
                failures.append(fail(.camera, error))
                break
            }
        }
        health.presenceHandled()
        if frames.isEmpty {
            guard failures.isEmpty else {
                var report = CycleReport()
                report.failures = failures
                return .failed(report)
            }
            return .skippedByIlluminatorLimit
        }
        metrics.frames.increment(by: frames.count)
        let scope = HitScope(authorizationID: authorizationID, permittedHotlists: permittedHotlists, site: site)
        return .captured(CapturedPass(frames: frames, scope: scope, captureFailures: failures))
    }

    /// Reads, votes, stores and matches a captured pass.
    public func read(_ pass: CapturedPass) async -> CycleReport {
        var report = CycleReport()
        report.failures = pass.captureFailures
        report.framesCaptured = pass.frames.count
        await process(pass.frames, scope: pass.scope, into: &report)
        return report
    }

    /// Counts a pass the recognition queue had no room for: its frames are dropped unread.
    public nonisolated func dropped(_ pass: CapturedPass) {
        metrics.framesDropped.increment(by: pass.frames.count)
        logger.warning("pass dropped: recognition is behind", metadata: ["frames": "\(pass.frames.count)"])
    }

    /// Re-evaluates the guard without capturing, and makes outputs safe when capture is no
    /// longer allowed. `PermissionWatcher` calls it on every tick.
    @discardableResult
    public func refreshPermission() async -> CaptureClearance {
        let decision = await permission.decision()
        noteDecision(decision)
        if !decision.isAllowed { await cycles.makeSafe() }
        return decision
    }

    private func process(_ frames: [CapturedFrame], scope: HitScope, into report: inout CycleReport) async {
        var frameReadings: [(frame: CapturedFrame, observations: [PlateObservation])] = []
        for frame in frames {
            do {
                frameReadings.append((frame, try await reader.readPlates(in: frame)))
            } catch {
                report.failures.append(fail(.recognition, error))
            }
        }
        let voted: [VotedPlate<PlateObservation>]
        if burstFrames == 1 {
            voted = frameReadings.first.map { single in
                single.observations.map { VotedPlate(reading: $0, frameIndex: 0, agreement: PassAgreement(framesRead: 1, framesAgreed: 1)!) }
            } ?? []
        } else {
            voted = PassVote.vote(frameReadings.map(\.observations))
        }
        report.platesRead = voted.count
        metrics.reads.increment(by: voted.count)
        for plate in voted {
            let frame = frameReadings[plate.frameIndex].frame
            let read: PlateRead
            do {
                read = try plate.reading.plateRead(capturedAt: frame, origin: origin, authorizationID: scope.authorizationID,
                                                  pass: burstFrames == 1 ? nil : plate.agreement)
            } catch {
                report.failures.append(fail(.recognition, error))
                continue
            }
            var line = CycleReport.Plate(plate: read.plate.description, confidence: read.confidence.perMille, agreement: read.pass)
            do {
                try await recorder.record(read)
                report.readsStored += 1
                line.stored = true
                metrics.readsStored.increment()
                health.storeCommitted()
            } catch {
                report.failures.append(fail(.store, error))
                health.storeFailed("\(error)")
            }
            do {
                let notices = try await hits.check(read, frame: frame, scope: scope)
                report.noticesCommitted += notices
                line.notices = notices
            } catch {
                report.failures.append(fail(.hotlist, error))
            }
            report.plates.append(line)
        }
        metrics.notices.increment(by: report.noticesCommitted)
    }

    private func fail(_ stage: StageFailure.Stage, _ error: any Error) -> StageFailure {
        let failure = StageFailure(stage: stage, message: String(describing: error))
        metrics.failures(stage).increment()
        logger.error("capture cycle failed", metadata: ["stage": "\(stage.rawValue)", "error": "\(failure.message)"])
        return failure
    }

    /// Logs changes of capture state. Auditing them is the deployment guard's job: it writes
    /// one audit entry per change of its decision, so the pipeline does not write a second.
    private func noteDecision(_ decision: CaptureClearance) {
        guard decision != lastDecision else { return }
        let previous = lastDecision
        lastDecision = decision
        switch decision {
        case .allowed(let id, let lists, _):
            logger.notice("capture enabled", metadata: ["authorization": "\(id)", "hotlists": "\(lists.sorted())"])
        case .refused(let reason):
            switch previous {
            case nil, .allowed?: logger.notice("capture disabled", metadata: ["reason": "\(reason)"])
            case .refused?: break
            }
        }
    }
}

extension CapturePipeline {
    /// The guard's last answer, for /status; nil before the first check.
    public var currentDecision: CaptureClearance? { lastDecision }
}
