import MilepostCore
import MilepostImaging
@testable import MilepostService

struct FakeFailure: Error, CustomStringConvertible {
    let description: String
}

actor FakePermission: CapturePermission {
    var current: CaptureClearance
    init(_ decision: CaptureClearance) { current = decision }
    func set(_ decision: CaptureClearance) { current = decision }
    func decision() async -> CaptureClearance { current }
}

actor FakeCycles: CaptureCycleRunner {
    enum Next { case frame, skip, fail }
    var next: Next = .frame
    private(set) var cyclesFired = 0
    private(set) var safeCalls = 0
    private(set) var illuminatorOn = false

    /// Frames left before `next` becomes `after`; nil: `next` for ever.
    private var framesBeforeSwitch: Int?
    private var after: Next = .frame

    func setNext(_ value: Next) { next = value }

    /// `count` frames, then `after` for every later cycle.
    func setFrames(before after: Next, count: Int) {
        next = .frame
        self.after = after
        framesBeforeSwitch = count
    }

    func runCycle() async throws -> CapturedFrame? {
        if let remaining = framesBeforeSwitch {
            if remaining == 0 { next = after; framesBeforeSwitch = nil } else { framesBeforeSwitch = remaining - 1 }
        }
        switch next {
        case .skip: return nil
        case .fail: throw FakeFailure(description: "camera /dev/video0 disappeared")
        case .frame:
            cyclesFired += 1
            illuminatorOn = true
            defer { illuminatorOn = false }
            return CapturedFrame(image: LumaImage(width: 4, height: 2, pixels: [UInt8](repeating: 9, count: 8)),
                                 capturedAtMilliseconds: 1_700_000_000_000 + Int64(cyclesFired))
        }
    }

    func makeSafe() async {
        safeCalls += 1
        illuminatorOn = false
    }
}

struct FakeReader: PlateReader {
    let plates: [String]
    func readPlates(in frame: CapturedFrame) async throws -> [PlateObservation] {
        plates.map {
            PlateObservation(text: $0, confidence: 900, alternatives: [], box: PlateBox(x: 1, y: 1, width: 2, height: 1),
                             cropJPEG: [0xFF, 0xD8, 7])
        }
    }
}

actor FakeRecorder: ReadRecording {
    var failWith: String?
    private(set) var stored: [PlateRead] = []
    func setFailure(_ message: String?) { failWith = message }
    func record(_ read: PlateRead) async throws {
        if let failWith { throw FakeFailure(description: failWith) }
        stored.append(read)
    }
}

actor FakeHits: HitChecking {
    let hotPlates: Set<PlateText>
    private(set) var scopesSeen: [HitScope] = []
    var permittedSeen: [Set<String>] { scopesSeen.map(\.permittedHotlists) }
    init(hotPlates: [String]) { self.hotPlates = Set(hotPlates.map { try! PlateText(normalizing: $0) }) }
    private(set) var readsSeen: [PlateRead] = []
    func check(_ read: PlateRead, frame: CapturedFrame, scope: HitScope) async throws -> Int {
        scopesSeen.append(scope)
        readsSeen.append(read)
        return hotPlates.contains(read.plate) ? 1 : 0
    }
}

extension ReadOrigin {
    static let testUnit = ReadOrigin(unitID: "unit-7", cameraID: "cam0")
}
