import MilepostCore

/// What the vote needs of one plate read in one frame of a pass.
public protocol PassReading: Sendable {
    var text: String { get }
    /// Per mille.
    var confidence: Int { get }
    /// Where the plate is in the frame, pixels.
    var frameBox: PlateBox { get }
}

/// One plate of a pass after the vote: the best frame's reading of the winning text, that
/// frame's index in the pass, and how many of the pass's frames read it so.
public struct VotedPlate<Reading: PassReading>: Sendable {
    public var reading: Reading
    public var frameIndex: Int
    public var agreement: PassAgreement

    public init(reading: Reading, frameIndex: Int, agreement: PassAgreement) {
        self.reading = reading
        self.frameIndex = frameIndex
        self.agreement = agreement
    }
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

    /// `frames[i]` is what was read in frame `i` of the pass (empty when nothing was).
    public static func vote<Reading: PassReading>(_ frames: [[Reading]]) -> [VotedPlate<Reading>] {
        var groups: [[Member<Reading>]] = []
        for (frameIndex, readings) in frames.enumerated() {
            var taken: Set<Int> = []
            for observation in readings {
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
            .sorted { ($0.frameIndex, $0.reading.frameBox.x) < ($1.frameIndex, $1.reading.frameBox.x) }
    }

    private struct Member<Reading: PassReading> {
        var frameIndex: Int
        var observation: Reading
        /// The text as the store will keep it, so that `O` and `0` vote together.
        var key: String
    }

    private static func key(_ text: String) -> String {
        (try? PlateText(normalizing: text))?.description ?? text.uppercased()
    }

    /// Edit distance and shift in plate widths, or nil when the two are not one plate.
    private static func distance<Reading>(_ a: Member<Reading>, _ b: Member<Reading>) -> (text: Int, shift: Double)? {
        let text = editDistance(Array(a.key.utf8), Array(b.key.utf8))
        let boxA = a.observation.frameBox, boxB = b.observation.frameBox
        let dx = Double(boxA.x) + Double(boxA.width) / 2 - Double(boxB.x) - Double(boxB.width) / 2
        let dy = Double(boxA.y) + Double(boxA.height) / 2 - Double(boxB.y) - Double(boxB.height) / 2
        let width = Double(max(1, max(boxA.width, boxB.width)))
        let shift = (dx * dx + dy * dy).squareRoot() / width
        if text == 0 { return (text, shift) }
        guard text <= maximumEditDistance, shift <= Double(maximumShiftWidths) else { return nil }
        return (text, shift)
    }

    private static func result<Reading>(of members: [Member<Reading>], framesRead: Int) -> VotedPlate<Reading> {
        var scores: [String: (score: Int, surest: Int)] = [:]
        for member in members {
            let confidence = member.observation.confidence
            let previous = scores[member.key] ?? (0, 0)
            scores[member.key] = (previous.score + confidence + 1, max(previous.surest, confidence))
        }
        let winner = scores.max { a, b in (a.value.score, a.value.surest, b.key) < (b.value.score, b.value.surest, a.key) }!.key
        let agreeing = members.filter { $0.key == winner }
        let evidence = agreeing.max { a, b in (a.observation.confidence, b.frameIndex) < (b.observation.confidence, a.frameIndex) }!
        return VotedPlate(reading: evidence.observation, frameIndex: evidence.frameIndex,
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
