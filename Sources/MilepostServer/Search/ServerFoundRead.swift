import Foundation
import MilepostCore

/// One stored read as a server search returns it: every field but the crop and scene (the
/// crop is fetched on request, `GET /api/reads/{unit}/{seq}/crop`). The server holds no DPPA
/// personal information, so none can leave through a search.
public struct ServerFoundRead: Codable, Equatable, Sendable {
    public var unit: String
    public var seq: Int64
    public var capturedAt: UTCTime
    public var plate: String
    public var state: String?
    /// Per mille.
    public var confidence: Int
    public var camera: String
    public var authorization: String
    public var readID: String

    public init(unit: String, seq: Int64, capturedAt: UTCTime, plate: String, state: String?, confidence: Int, camera: String,
                authorization: String, readID: String) {
        self.unit = unit
        self.seq = seq
        self.capturedAt = capturedAt
        self.plate = plate
        self.state = state
        self.confidence = confidence
        self.camera = camera
        self.authorization = authorization
        self.readID = readID
    }
}

/// How search results are written: one JSON object a line, or CSV with a header line.
public enum SearchResultFormat: String, Codable, Sendable, CaseIterable {
    case jsonl
    case csv

    public var contentType: String {
        switch self {
        case .jsonl: return "application/jsonl; charset=utf-8"
        case .csv: return "text/csv; charset=utf-8"
        }
    }

    static let csvColumns = ["unit", "seq", "capturedAt", "plate", "state", "confidence", "camera", "authorization", "readID"]

    /// What comes before the first read.
    var header: String {
        switch self {
        case .jsonl: return ""
        case .csv: return Self.csvColumns.joined(separator: ",") + "\r\n"
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func line(_ read: ServerFoundRead) throws -> String {
        switch self {
        case .jsonl:
            return String(decoding: try Self.encoder.encode(read), as: UTF8.self) + "\n"
        case .csv:
            let fields = [read.unit, "\(read.seq)", read.capturedAt.description, read.plate, read.state ?? "", "\(read.confidence)",
                          read.camera, read.authorization, read.readID]
            return fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        }
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
