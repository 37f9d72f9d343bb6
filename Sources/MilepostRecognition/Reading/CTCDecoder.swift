/// One reading of a plate with its confidence in thousandths (0...1000).
public struct PlateCandidate: Equatable, Sendable {
    public let text: String
    public let confidence: Int

    public init(text: String, confidence: Int) {
        self.text = text
        self.confidence = confidence
    }
}

/// CTC decoding of the reader's output, integer-only: greedy (best class per step,
/// repeats merged, blanks dropped) and prefix beam search for ranked alternatives.
///
/// Beam probabilities are kept as UInt64 fixed-point values that are renormalised by a
/// power of two at every step (the exponent is tracked exactly), so a candidate's absolute
/// probability is recovered at the end without floating point.
struct CTCDecoder {
    let head: ReaderHead
    let beamWidth: Int
    /// Classes below this Q16 probability at a step are not used to extend a beam.
    let pruneBelow: UInt32 = 33  // 0.0005

    func greedy(_ p: StepProbabilities) -> [Int] {
        var out: [Int] = []
        var previous = head.blank
        for t in 0..<p.steps {
            var best = 0
            for c in 1..<p.classes where p[t, c] > p[t, best] { best = c }
            if best != previous && best != head.blank { out.append(best) }
            previous = best
        }
        return out
    }

    /// The first and last time steps whose best class is a character (not blank), or nil
    /// when every step is blank: where the text lies across the crop.
    func characterSpan(_ p: StepProbabilities) -> ClosedRange<Int>? {
        var first: Int?, last = 0
        for t in 0..<p.steps {
            var best = 0
            for c in 1..<p.classes where p[t, c] > p[t, best] { best = c }
            if best != head.blank {
                if first == nil { first = t }
                last = t
            }
        }
        return first.map { $0...last }
    }

    /// A beam whose prefix is packed into one integer: character i (class + 1, 6 bits) at
    /// bits `54 - 6i`, so comparing keys compares prefixes lexicographically (a prefix
    /// precedes its extensions). Ten characters fit.
    private struct PackedBeam {
        var key: UInt64
        var length: Int
        var last: Int  // class of the last character, or -1 for the empty prefix
        var blankEnding: UInt64
        var symbolEnding: UInt64
        var total: UInt64 { blankEnding &+ symbolEnding }
    }

    static let longestPacked = 10

    @inline(__always)
    private static func precedes(_ a: PackedBeam, _ b: PackedBeam) -> Bool {
        a.total != b.total ? a.total > b.total : a.key < b.key
    }

    /// Up to `beamWidth` labelings, most probable first, with absolute probabilities in
    /// thousandths. Prefix beam search; beam probabilities are UInt64 fixed point,
    /// renormalised by a power of two at every step (see the type's comment).
    func beamSearch(_ p: StepProbabilities, maxLength: Int = 10) -> [(labels: [Int], confidence: Int)] {
        precondition(maxLength <= Self.longestPacked && p.classes < 63)
        let one: UInt64 = 1 << 40
        var beams = [PackedBeam(key: 0, length: 0, last: -1, blankEnding: one, symbolEnding: 0)]
        beams.reserveCapacity(beamWidth)
        var next: [PackedBeam] = []
        next.reserveCapacity(beamWidth * (p.classes + 1))
        var index = PrefixIndex(capacity: beamWidth * (p.classes + 1))
        var exponent = 0  // true probability = value / 2^(40 + exponent)
        let blank = head.blank
        for t in 0..<p.steps {
            next.removeAll(keepingCapacity: true)
            index.removeAll()
            let row = t * p.classes
            let pBlank = UInt64(p.values[row + blank])
            for beam in beams {
                let stayBlank = (beam.total * pBlank) >> 16
                let staySymbol = beam.last >= 0 ? (beam.symbolEnding * UInt64(p.values[row + beam.last])) >> 16 : 0
                if let i = index.position(of: beam.key, orInsert: next.count) {
                    next[i].blankEnding += stayBlank
                    next[i].symbolEnding += staySymbol
                } else {
                    next.append(PackedBeam(key: beam.key, length: beam.length, last: beam.last, blankEnding: stayBlank, symbolEnding: staySymbol))
                }
                guard beam.length < maxLength else { continue }
                let shift = UInt64(54 - 6 * beam.length)
                for c in 0..<p.classes where c != blank {
                    let pc = p.values[row + c]
                    if pc < pruneBelow { continue }
                    // A repeated symbol only starts a new character after a blank.
                    let source = c == beam.last ? beam.blankEnding : beam.total
                    let extended = (source * UInt64(pc)) >> 16
                    if extended == 0 { continue }
                    let key = beam.key | (UInt64(c + 1) << shift)
                    if let i = index.position(of: key, orInsert: next.count) {
                        next[i].symbolEnding += extended
                    } else {
                        next.append(PackedBeam(key: key, length: beam.length + 1, last: c, blankEnding: 0, symbolEnding: extended))
                    }
                }
            }
            // The best `beamWidth` (more probable first, then the smaller key), by insertion:
            // the same beams in the same order as sorting everything, without sorting everything.
            beams.removeAll(keepingCapacity: true)
            for candidate in next {
                if beams.count == beamWidth, !Self.precedes(candidate, beams[beamWidth - 1]) { continue }
                if beams.count == beamWidth { beams.removeLast() }
                var i = beams.count
                beams.append(candidate)
                while i > 0, Self.precedes(candidate, beams[i - 1]) {
                    beams[i] = beams[i - 1]
                    i -= 1
                }
                beams[i] = candidate
            }
            // Renormalise so the best beam lies in [2^39, 2^40].
            let top = beams.first?.total ?? 0
            if top == 0 { return [] }
            let bits = 64 - top.leadingZeroBitCount  // top in [2^(bits-1), 2^bits)
            let shift = 40 - bits
            if shift > 0 {
                for i in beams.indices { beams[i].blankEnding <<= UInt64(shift); beams[i].symbolEnding <<= UInt64(shift) }
            } else if shift < 0 {
                for i in beams.indices { beams[i].blankEnding >>= UInt64(-shift); beams[i].symbolEnding >>= UInt64(-shift) }
            }
            exponent += shift
        }
        return beams.map { beam in
            let scaled = beam.total * 1000
            let confidence = exponent + 40 >= 64 ? 0 : Int(scaled >> UInt64(exponent + 40))
            let labels = (0..<beam.length).map { i in Int((beam.key >> UInt64(54 - 6 * i)) & 63) - 1 }
            return (labels, min(1000, confidence))
        }
    }

    private struct Beam {
        var prefix: [UInt8]
        var blankEnding: UInt64
        var symbolEnding: UInt64
        var total: UInt64 { blankEnding + symbolEnding }
    }

    /// The plain form of `beamSearch` (prefixes as arrays, a dictionary keyed by them): the
    /// tests hold the fast form to it, result for result.
    func beamSearchReference(_ p: StepProbabilities, maxLength: Int = 10) -> [(labels: [Int], confidence: Int)] {
        let one: UInt64 = 1 << 40
        var beams = [Beam(prefix: [], blankEnding: one, symbolEnding: 0)]
        var exponent = 0  // true probability = value / 2^(40 + exponent)
        let blank = head.blank
        for t in 0..<p.steps {
            var next: [Beam] = []
            var index: [[UInt8]: Int] = [:]
            func add(_ prefix: [UInt8], blankEnding: UInt64, symbolEnding: UInt64) {
                if let i = index[prefix] {
                    next[i].blankEnding += blankEnding
                    next[i].symbolEnding += symbolEnding
                } else {
                    index[prefix] = next.count
                    next.append(Beam(prefix: prefix, blankEnding: blankEnding, symbolEnding: symbolEnding))
                }
            }
            let pBlank = UInt64(p[t, blank])
            for beam in beams {
                let last = beam.prefix.last.map(Int.init)
                let stayBlank = (beam.total * pBlank) >> 16
                var staySymbol: UInt64 = 0
                if let last { staySymbol = (beam.symbolEnding * UInt64(p[t, last])) >> 16 }
                add(beam.prefix, blankEnding: stayBlank, symbolEnding: staySymbol)
                guard beam.prefix.count < maxLength else { continue }
                for c in 0..<p.classes where c != blank {
                    let pc = p[t, c]
                    if pc < pruneBelow { continue }
                    // A repeated symbol only starts a new character after a blank.
                    let source = c == last ? beam.blankEnding : beam.total
                    let extended = (source * UInt64(pc)) >> 16
                    if extended == 0 { continue }
                    add(beam.prefix + [UInt8(c)], blankEnding: 0, symbolEnding: extended)
                }
            }
            next.sort { $0.total != $1.total ? $0.total > $1.total : $0.prefix.lexicographicallyPrecedes($1.prefix) }
            if next.count > beamWidth { next.removeLast(next.count - beamWidth) }
            // Renormalise so the best beam lies in [2^39, 2^40].
            let top = next.first?.total ?? 0
            if top == 0 { return [] }
            let bits = 64 - top.leadingZeroBitCount  // top in [2^(bits-1), 2^bits)
            let shift = 40 - bits
            if shift > 0 {
                for i in next.indices { next[i].blankEnding <<= UInt64(shift); next[i].symbolEnding <<= UInt64(shift) }
            } else if shift < 0 {
                for i in next.indices { next[i].blankEnding >>= UInt64(-shift); next[i].symbolEnding >>= UInt64(-shift) }
            }
            exponent += shift
            beams = next
        }
        return beams.map { beam in
            let scaled = beam.total * 1000
            let confidence = exponent + 40 >= 64 ? 0 : Int(scaled >> UInt64(exponent + 40))
            return (beam.prefix.map(Int.init), min(1000, confidence))
        }
    }

    /// Confidence (thousandths) of each character of `labels`: walking the steps in order,
    /// the highest probability the character reaches before the steps still needed by the
    /// characters after it.
    func characterConfidences(_ labels: [Int], _ p: StepProbabilities) -> [Int] {
        var out: [Int] = []
        var t = 0
        for (i, c) in labels.enumerated() {
            let lastStep = p.steps - (labels.count - i)
            guard t <= lastStep else { out.append(0); continue }
            var best = t
            for s in t...lastStep where p[s, c] > p[best, c] { best = s }
            out.append(Int((UInt64(p[best, c]) * 1000 + 32768) >> 16))
            t = best + 1
        }
        return out
    }
}
