import Foundation
import MilepostCore

/// What an officer receives when a read matches a hotlist. It has no field that could hold
/// registered-owner data, and its entry text (reason, case number, source) is screened by
/// `EntryTextRules` both when a notice is built and when one is read back from an outbox:
/// text that does not pass is withheld, whatever list or older release it came from.
public struct HitNotice: Codable, Sendable, Equatable {
    public static let banner =
        "UNCONFIRMED: verify plate and state visually and confirm with NCIC or dispatch before acting"

    /// One hotlist entry the read matched; the first in `hits` ranks highest.
    public struct Hit: Codable, Sendable, Equatable {
        public var list: String
        public var listVersion: Int
        public var priority: String
        public var code: String
        public var codeTitle: String
        public var reason: String
        public var caseNumber: String?
        public var hotlistPlate: String
        public var hotlistState: String?
        public var source: String
        public var match: String
        public var score: Double
    }

    public var id: String
    public var plate: String
    public var state: String?
    public var hits: [Hit]
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var capturedAtMillis: Int64
    public var unit: UnitID
    public var site: String
    /// The site's coordinates and description; `site` repeats the description for readers
    /// that show only a line.
    public var location: Site
    public var readConfidence: Double
    /// For a read voted from a vehicle pass: the burst's frames read, and how many agreed.
    public var framesRead: Int?
    public var framesAgreed: Int?
    public var plateCrop: Data?
    public var contextImage: Data?
    public var banner: String

    public var primary: Hit { hits[0] }
    public var isHighPriority: Bool { hits.contains { $0.priority == ListPriority.high.name } }

    /// Builds the notice for one vehicle pass from its ranked hits (best first; not empty).
    public init(id: String, hits: [HotlistHit], capture: CaptureContext) {
        precondition(!hits.isEmpty, "a notice needs at least one hit")
        self.id = id
        let read = hits[0].read
        plate = read.plate.description
        state = read.state
        self.hits = hits.map { hit in
            Hit(list: hit.list.name, listVersion: hit.listVersion, priority: hit.list.priority.name,
                code: hit.entry.code.rawValue, codeTitle: hit.entry.code.title, reason: hit.entry.reason,
                caseNumber: hit.entry.caseNumber, hotlistPlate: hit.entry.plate.description,
                hotlistState: hit.entry.state, source: hit.entry.source, match: hit.kind.summary, score: hit.score
            ).screened
        }
        capturedAtMillis = read.captureTime.millisecondsSinceEpoch
        unit = read.unitID
        site = capture.site.description
        location = capture.site
        readConfidence = read.confidence.fraction
        framesRead = read.pass?.framesRead
        framesAgreed = read.pass?.framesAgreed
        plateCrop = read.crop.isEmpty ? nil : Data(read.crop)
        contextImage = capture.contextJPEG.map { Data($0) }
        banner = Self.banner
    }
}

extension HitNotice.Hit {
    /// The hit with any entry text that breaks `EntryTextRules` withheld.
    var screened: Self {
        var hit = self
        hit.reason = EntryTextRules.forwardable(remark: reason)
        hit.caseNumber = caseNumber.map(EntryTextRules.forwardable(identifier:))
        hit.source = EntryTextRules.forwardable(identifier: source)
        return hit
    }

    /// Notices committed to an outbox before the rules existed are screened as they are read.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            list: try container.decode(String.self, forKey: .list),
            listVersion: try container.decode(Int.self, forKey: .listVersion),
            priority: try container.decode(String.self, forKey: .priority),
            code: try container.decode(String.self, forKey: .code),
            codeTitle: try container.decode(String.self, forKey: .codeTitle),
            reason: try container.decode(String.self, forKey: .reason),
            caseNumber: try container.decodeIfPresent(String.self, forKey: .caseNumber),
            hotlistPlate: try container.decode(String.self, forKey: .hotlistPlate),
            hotlistState: try container.decodeIfPresent(String.self, forKey: .hotlistState),
            source: try container.decode(String.self, forKey: .source),
            match: try container.decode(String.self, forKey: .match),
            score: try container.decode(Double.self, forKey: .score))
        self = screened
    }
}

/// Where the read was taken and the scene around it, as the capture loop knows them; the
/// unit, the time and the plate crop come with the read itself.
public struct CaptureContext: Sendable {
    public var site: Site
    public var contextJPEG: [UInt8]?

    public init(site: Site, contextJPEG: [UInt8]?) {
        self.site = site
        self.contextJPEG = contextJPEG
    }
}
