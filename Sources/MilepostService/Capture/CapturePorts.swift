import MilepostCore
import MilepostImaging
import MilepostRecognition

// The capture pipeline talks to each capability through one of these small protocols.
// The running unit plugs in the real modules (see `Adapters/`); tests plug in fakes.

/// Decides, before every cycle, whether capture is allowed right now.
public protocol CapturePermission: Sendable {
    func decision() async -> CaptureClearance
}

/// Fires one capture cycle (IR on, trigger pulse, IR off) and returns the frame, or nil when
/// the sequencer skipped the cycle to protect the illuminator.
public protocol CaptureCycleRunner: Sendable {
    func runCycle() async throws -> CapturedFrame?
    /// Puts the outputs in their safe state: IR off, trigger idle.
    func makeSafe() async
}

/// A frame as the camera delivered it.
public struct CapturedFrame: Sendable {
    public var image: LumaImage
    /// Capture time, UTC, in milliseconds since the Unix epoch.
    public var capturedAtMilliseconds: Int64

    public init(image: LumaImage, capturedAtMilliseconds: Int64) {
        self.image = image
        self.capturedAtMilliseconds = capturedAtMilliseconds
    }
}

/// One plate as the reader found it in a frame, before it becomes a `PlateRead`.
public struct PlateObservation: Sendable, Equatable {
    /// Another reading of the same plate, ranked below the text, with its own confidence.
    public struct Alternative: Sendable, Equatable {
        public var text: String
        /// 0...1000 (per mille).
        public var confidence: Int

        public init(text: String, confidence: Int) {
            self.text = text
            self.confidence = confidence
        }
    }

    public var text: String
    /// Overall confidence, 0...1000 (per mille).
    public var confidence: Int
    public var alternatives: [Alternative]
    public var box: PlateBox
    /// The plate crop as a grey JPEG, encoded once by the reader: the store and a hit notice
    /// keep these same bytes.
    public var cropJPEG: [UInt8]

    public init(text: String, confidence: Int, alternatives: [Alternative], box: PlateBox, cropJPEG: [UInt8]) {
        self.text = text
        self.confidence = confidence
        self.alternatives = alternatives
        self.box = box
        self.cropJPEG = cropJPEG
    }
}

extension PlateObservation: PassReading {
    public var frameBox: PlateBox { box }
}

/// Finds and reads plates in a frame.
public protocol PlateReader: Sendable {
    func readPlates(in frame: CapturedFrame) async throws -> [PlateObservation]
}

/// Stores one read durably; returns only once it is durable.
public protocol ReadRecording: Sendable {
    func record(_ read: PlateRead) async throws
}

/// Matches a read against the hotlists its cycle's authorization permits and commits any hit
/// notice to the outbox. Returns how many notices were committed.
public protocol HitChecking: Sendable {
    func check(_ read: PlateRead, frame: CapturedFrame, scope: HitScope) async throws -> Int
}

/// What the authorization in force at a cycle allows a hit to be: taken from that cycle's
/// clearance, so an authorization installed while the unit runs applies from its first cycle.
public struct HitScope: Sendable, Equatable {
    public var authorizationID: String
    public var permittedHotlists: Set<String>
    public var site: Site

    public init(authorizationID: String, permittedHotlists: Set<String>, site: Site) {
        self.authorizationID = authorizationID
        self.permittedHotlists = permittedHotlists
        self.site = site
    }
}
