import MilepostRecognition

/// Minimal JSON text building with a fixed key order: the lines of `milepost recognize`.
public enum JSONText {
    public static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Milliseconds with three decimals from a Duration.
    public static func milliseconds(_ d: Duration) -> String {
        let micros = d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000
        let frac = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    public static func reading(_ r: PlateReading) -> String {
        let box = "{\"x\":\(r.box.x),\"y\":\(r.box.y),\"width\":\(r.box.width),\"height\":\(r.box.height)}"
        let characters = r.characterConfidences.map(String.init).joined(separator: ",")
        return "{\"text\":\(string(r.text)),\"confidence\":\(r.confidence),\"characterConfidences\":[\(characters)],"
            + "\"box\":\(box),\"candidates\":\(candidates(r.candidates))}"
    }

    public static func candidates(_ list: [PlateCandidate]) -> String {
        "[" + list.map { "{\"text\":\(string($0.text)),\"confidence\":\($0.confidence)}" }.joined(separator: ",") + "]"
    }
}
