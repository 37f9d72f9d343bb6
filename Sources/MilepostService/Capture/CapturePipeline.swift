import MilepostCore
import Logging
import Metrics

/// Runs one capture cycle per presence event, asking the deployment guard first.
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
    private let logger: Logger
    private let metrics = CaptureMetrics()
    private var lastDecision: CaptureClearance?
    /// What the watchdog judges the unit by.
    public nonisolated let health: UnitHealth

    public init(permission: any CapturePermission, cycles: any CaptureCycleRunner,
                reader: any PlateReader, recorder: any ReadRecording, hits: any HitChecking,
                origin: ReadOrigin, health: UnitHealth = UnitHealth(), logger: Logger) {
        self.health = health
        self.permission = permission
        self.cycles = cycles
        self.reader = reader
        self.recorder = recorder
        self.hits = hits
        self.origin = origin
        self.logger = logger
    }

    /// Handles one vehicle-presence event.
    public func handlePresence() async -> CaptureOutcome {
        let decision = await permission.decision()
        noteDecision(decision)
        guard case .allowed(let authorizationID, let permittedHotlists, let site) = decision else {
            metrics.refused.increment()
            await cycles.makeSafe()
            if case .refused(let reason) = decision { return .refused(reason: reason) }
            return .refused(reason: "no authorization")
        }

        health.presenceAllowed()
        let frame: CapturedFrame
        do {
            guard let captured = try await cycles.runCycle() else {
                metrics.skipped.increment()
                health.presenceHandled()
                return .skippedByIlluminatorLimit
            }
            health.presenceHandled()
            frame = captured
        } catch {
            var report = CycleReport()
            report.failures.append(fail(.camera, error))
            return .completed(report)
        }
        metrics.frames.increment()
        let scope = HitScope(authorizationID: authorizationID, permittedHotlists: permittedHotlists, site: site)
        return .completed(await process(frame, scope: scope))
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

    private func process(_ frame: CapturedFrame, scope: HitScope) async -> CycleReport {
        var report = CycleReport()
        let observations: [PlateObservation]
        do {
            observations = try await reader.readPlates(in: frame)
        } catch {
            report.failures.append(fail(.recognition, error))
            return report
        }
        report.platesRead = observations.count
        metrics.reads.increment(by: observations.count)
        for observation in observations {
            let read: PlateRead
            do {
                read = try observation.plateRead(capturedAt: frame, origin: origin, authorizationID: scope.authorizationID)
            } catch {
                report.failures.append(fail(.recognition, error))
                continue
            }
            do {
                try await recorder.record(read)
                report.readsStored += 1
                metrics.readsStored.increment()
                health.storeCommitted()
            } catch {
                report.failures.append(fail(.store, error))
                health.storeFailed("\(error)")
            }
            do {
                report.noticesCommitted += try await hits.check(read, frame: frame, scope: scope)
            } catch {
                report.failures.append(fail(.hotlist, error))
            }
        }
        metrics.notices.increment(by: report.noticesCommitted)
        return report
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
