/// Per-time-step class probabilities in Q16 (65536 = 1), from int8 logits through the
/// model's softmax table; integer arithmetic only.
struct StepProbabilities {
    let steps: Int
    let classes: Int
    /// `[step][class]`, Q16.
    let values: [UInt32]

    init(logits: Int8Tensor, head: ReaderHead) {
        precondition(logits.height == 1 && logits.channels == head.classes)
        steps = logits.width
        classes = head.classes
        var values = [UInt32](repeating: 0, count: steps * classes)
        var raw = [UInt32](repeating: 0, count: classes)
        for t in 0..<steps {
            var top = Int8.min
            for c in 0..<classes { top = max(top, logits[0, t, c]) }
            var sum: UInt64 = 0
            for c in 0..<classes {
                raw[c] = head.softmaxTable[Int(top) - Int(logits[0, t, c])]
                sum += UInt64(raw[c])
            }
            for c in 0..<classes {
                values[t * classes + c] = UInt32((UInt64(raw[c]) << 16 + sum / 2) / sum)
            }
        }
        self.values = values
    }

    @inline(__always)
    subscript(step: Int, cls: Int) -> UInt32 { values[step * classes + cls] }
}
