import Metrics

/// The pipeline's counters, exported at /metrics through swift-prometheus.
struct CaptureMetrics: Sendable {
    let frames = Counter(label: "milepost_frames_captured_total")
    let reads = Counter(label: "milepost_plates_read_total")
    let readsStored = Counter(label: "milepost_reads_stored_total")
    let notices = Counter(label: "milepost_hit_notices_total")
    let refused = Counter(label: "milepost_cycles_refused_total")
    let skipped = Counter(label: "milepost_cycles_skipped_illuminator_total")
    let framesDropped = Counter(label: "milepost_frames_dropped_total")

    func failures(_ stage: StageFailure.Stage) -> Counter {
        Counter(label: "milepost_cycle_failures_total", dimensions: [("stage", stage.rawValue)])
    }
}
