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

    private struct Beam {
        var prefix: [UInt8]
        var blankEnding: UInt64
        var symbolEnding: UInt64
        var total: UInt64 { blankEnding + symbolEnding }
    }

    /// Up to `beamWidth` labelings, most probable first, with absolute probabilities in
    /// thousandths.
    func beamSearch(_ p: StepProbabilities, maxLength: Int = 10) -> [(labels: [Int], confidence: Int)] {
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
