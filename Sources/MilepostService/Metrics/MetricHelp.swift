/// The help text of every metric the unit exports, by name: `/metrics` prints it as each
/// metric's `# HELP` line (Prometheus' `promtool check metrics` wants one). A test checks that
/// every metric the sources create is here.
public enum MetricHelp {
    public static let texts: [String: String] = [
        "milepost_frames_captured_total": "Frames captured: every frame of every burst the guard allowed.",
        "milepost_frames_dropped_total": "Frames captured but dropped unread because recognition was behind (the pass queue was full).",
        "milepost_plates_read_total": "Plates read, one per plate of a pass after the vote.",
        "milepost_reads_stored_total": "Reads committed to the read store.",
        "milepost_hit_notices_total": "Hit notices committed to the outbox.",
        "milepost_cycles_refused_total": "Presence events not captured because no valid targeting authorization allowed capture.",
        "milepost_cycles_skipped_illuminator_total": "Capture cycles the IR illuminator duty guard skipped.",
        "milepost_cycle_failures_total": "Pass failures, by stage (camera, recognition, store, hotlist).",
        "milepost_recognition_seconds": "Time to read one frame (detection and reading), seconds.",
        "milepost_store_purge_failures_total": "Retention purges of the read store that failed (they are retried).",
        "milepost_upload_reads_total": "Reads the department server acknowledged.",
        "milepost_upload_failures_total": "Read batches the department server did not acknowledge.",
        "milepost_upload_overwritten_reads_total": "Reads the ring overwrote before they were uploaded (counted and audited).",
        "milepost_upload_backlog_ratio": "Reads not yet uploaded as a fraction of the ring's capacity in reads.",
        "milepost_upload_backlog_reads": "Reads stored but not yet acknowledged by the department server.",
        "milepost_upload_backlog_alarm": "1 while the upload backlog is at or above 80% of the ring, else 0.",
        "milepost_upload_acknowledged_sequence": "The highest read sequence the department server acknowledged.",
    ]

    /// The help for `name`; an unknown name gets a line saying so rather than none.
    public static func text(for name: String) -> String {
        texts[name] ?? "Milepost metric \(name) (no help text written)."
    }
}
