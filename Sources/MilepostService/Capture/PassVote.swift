import MilepostCore

/// One frame of a vehicle pass and the plates the reader found in it.
public struct FrameReading: Sendable {
    public var frame: CapturedFrame
    public var observations: [PlateObservation]

    public init(frame: CapturedFrame, observations: [PlateObservation]) {
        self.frame = frame
        self.observations = observations
    }
}

/// One plate of a pass after the vote: the best frame's observation of the winning text, that
/// frame, and how many of the pass's frames read it so.
public struct VotedPlate: Sendable, Equatable {
    public var observation: PlateObservation
    public var frameIndex: Int
    public var agreement: PassAgreement
}

/// Groups the readings of a burst's frames into plates and votes on each plate's text, so a
/// pass gives one read per plate rather than one per frame.
///
/// Two readings in different frames are the same plate when their texts are within
/// `maximumEditDistance` of each other and their boxes' centres within `maximumShiftWidths`
/// plate widths (a vehicle moves between frames), or when their texts are the same. A frame
/// gives a plate at most one reading. Each text a plate was read as scores the sum of its
/// readings' confidences; the highest wins (then the surest single reading, then the text's
/// order, so the vote is deterministic). The winning text's surest reading is the evidence.
public enum PassVote {
    public static let maximumEditDistance = 2
    public static let maximumShiftWidths = 3

    public static func vote(_ frames: [FrameReading]) -> [VotedPlate] {
        var groups: [[Member]] = []
        for (frameIndex, reading) in frames.enumerated() {
            var taken: Set<Int> = []
            for observation in reading.observations {
                let member = Member(frameIndex: frameIndex, observation: observation, key: key(observation.text))
                let candidates = groups.indices.filter { !taken.contains($0) && !groups[$0].contains { $0.frameIndex == frameIndex } }
                let best = candidates.compactMap { index in distance(member, groups[index].last!).map { (index, $0) } }
                    .min { ($0.1.text, $0.1.shift) < ($1.1.text, $1.1.shift) }
                if let (index, _) = best {
                    groups[index].append(member)
                    taken.insert(index)
                } else {
                    groups.append([member])
                    taken.insert(groups.count - 1)
                }
            }
        }
        let framesRead = min(frames.count, PassAgreement.maximumFrames)
        return groups.map { result(of: $0, framesRead: framesRead) }
            .sorted { ($0.frameIndex, $0.observation.box.x) < ($1.frameIndex, $1.observation.box.x) }
    }

    private struct Member {
        var frameIndex: Int
        var observation: PlateObservation
        /// The text as the store will keep it, so that `O` and `0` vote together.
        var key: String
    }

    private static func key(_ text: String) -> String {
        (try? PlateText(normalizing: text))?.description ?? text.uppercased()
    }

    /// Edit distance and shift in plate widths, or nil when the two are not one plate.
    private static func distance(_ a: Member, _ b: Member) -> (text: Int, shift: Double)? {
        let text = editDistance(Array(a.key.utf8), Array(b.key.utf8))
        let boxA = a.observation.box, boxB = b.observation.box
        let dx = Double(boxA.x) + Double(boxA.width) / 2 - Double(boxB.x) - Double(boxB.width) / 2
        let dy = Double(boxA.y) + Double(boxA.height) / 2 - Double(boxB.y) - Double(boxB.height) / 2
        let width = Double(max(1, max(boxA.width, boxB.width)))
        let shift = (dx * dx + dy * dy).squareRoot() / width
        if text == 0 { return (text, shift) }
        guard text <= maximumEditDistance, shift <= Double(maximumShiftWidths) else { return nil }
        return (text, shift)
    }

    private static func result(of members: [Member], framesRead: Int) -> VotedPlate {
        var scores: [String: (score: Int, surest: Int)] = [:]
        for member in members {
            let confidence = member.observation.confidence
            let previous = scores[member.key] ?? (0, 0)
            scores[member.key] = (previous.score + confidence + 1, max(previous.surest, confidence))
        }
        let winner = scores.max { a, b in (a.value.score, a.value.surest, b.key) < (b.value.score, b.value.surest, a.key) }!.key
        let agreeing = members.filter { $0.key == winner }
        let evidence = agreeing.max { a, b in (a.observation.confidence, b.frameIndex) < (b.observation.confidence, a.frameIndex) }!
        return VotedPlate(observation: evidence.observation, frameIndex: evidence.frameIndex,
                          agreement: PassAgreement(framesRead: max(framesRead, 1), framesAgreed: min(agreeing.count, max(framesRead, 1)))!)
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
