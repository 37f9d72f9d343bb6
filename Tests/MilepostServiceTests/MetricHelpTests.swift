import Foundation
import Prometheus
import Testing
@testable import MilepostService

@Suite struct MetricHelpTests {
    /// Every `milepost_…` metric label written in the unit's sources.
    static func labelsInSources() throws -> Set<String> {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        var labels: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        let pattern = try NSRegularExpression(pattern: #"(?:Counter|Gauge|Recorder|Timer|Meter)\(label: "(milepost_[a-z_]+)""#)
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                labels.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return labels
    }

    @Test func everyMetricTheUnitCreatesHasHelpText() throws {
        let labels = try Self.labelsInSources()
        #expect(labels.count >= 16)
        #expect(labels.subtracting(MetricHelp.texts.keys).isEmpty, "no help text for \(labels.subtracting(MetricHelp.texts.keys).sorted())")
    }

    @Test func theExportGivesEachMetricAHelpLineBeforeItsType() {
        let registry = PrometheusCollectorRegistry()
        let factory = DocumentedMetricsFactory(registry: registry)
        factory.makeCounter(label: "milepost_frames_dropped_total", dimensions: []).increment(by: 3)
        factory.makeCounter(label: "milepost_cycle_failures_total", dimensions: [("stage", "camera")]).increment(by: 1)
        factory.makeRecorder(label: "milepost_upload_backlog_ratio", dimensions: [], aggregate: false).record(0.5)
        factory.makeTimer(label: "milepost_recognition_seconds", dimensions: []).recordNanoseconds(12_000_000)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
        let typed = lines.filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(typed.count == 4)
        for name in typed {
            #expect(lines.contains("# HELP \(name) \(MetricHelp.texts[String(name)]!)"), "\(name)")
        }
        #expect(lines.contains("milepost_frames_dropped_total 3"))
    }
}
