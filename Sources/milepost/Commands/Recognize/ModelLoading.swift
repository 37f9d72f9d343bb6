import Foundation
import MilepostImaging
import MilepostRecognition

/// Reading files and the model for the recognition commands, with errors that name the file.
enum RecognitionFiles {
    static let defaultModelPath = "Config/model/milepost-plates.mpw"

    struct FileError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): \(reason)" }
    }

    static func read(_ path: String) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as CocoaError {
            let reason: String
            switch error.code {
            case .fileReadNoSuchFile: reason = "no such file"
            case .fileReadNoPermission: reason = "permission denied"
            default: reason = "cannot be read (\(error.code.rawValue))"
            }
            throw FileError(path: path, reason: reason)
        }
    }

    /// An image file's bytes; one above the decode limits' file size is refused unread.
    static func readImage(_ path: String) throws -> [UInt8] {
        do {
            return try ImageFile.read(path, limits: .default)
        } catch {
            throw FileError(path: path, reason: error.description)
        }
    }

    static func loadModel(_ path: String) throws -> PlateModel {
        let bytes = try read(path)
        do {
            return try WeightsFile.load(bytes)
        } catch {
            throw FileError(path: path, reason: error.description)
        }
    }

    /// A grey frame from JPEG bytes; dimensions are checked from the header before decoding.
    static func decodeFrame(_ bytes: [UInt8]) throws(ImagingError) -> GreyImage {
        let luma = try JPEG.decodeLuma(bytes, limits: .default)
        return GreyImage(width: luma.width, height: luma.height, pixels: luma.pixels)
    }

    /// A grey image from PNG bytes when `path` ends in .png, else from JPEG bytes.
    static func decodeImage(_ bytes: [UInt8], path: String) throws -> GreyImage {
        path.lowercased().hasSuffix(".png") ? try PNGGrey.decode(bytes) : try decodeFrame(bytes)
    }
}

/// Minimal JSON text building with a fixed key order.
enum JSONText {
    static func string(_ s: String) -> String {
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
    static func milliseconds(_ d: Duration) -> String {
        let micros = d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000
        let frac = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    static func reading(_ r: PlateReading) -> String {
        let box = "{\"x\":\(r.box.x),\"y\":\(r.box.y),\"width\":\(r.box.width),\"height\":\(r.box.height)}"
        let characters = r.characterConfidences.map(String.init).joined(separator: ",")
        return "{\"text\":\(string(r.text)),\"confidence\":\(r.confidence),\"characterConfidences\":[\(characters)],"
            + "\"box\":\(box),\"candidates\":\(candidates(r.candidates))}"
    }

    static func candidates(_ list: [PlateCandidate]) -> String {
        "[" + list.map { "{\"text\":\(string($0.text)),\"confidence\":\($0.confidence)}" }.joined(separator: ",") + "]"
    }
}
