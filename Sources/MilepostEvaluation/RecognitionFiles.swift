import MilepostCore
import Foundation
import MilepostImaging
import MilepostRecognition

/// Reading files and the model for the recognition commands and benchmarks, with errors that
/// name the file.
public enum RecognitionFiles {
    public struct FileError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public static func read(_ path: String) throws -> [UInt8] {
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
    public static func readImage(_ path: String) throws -> [UInt8] {
        do {
            return try ImageFile.read(path, limits: .default)
        } catch {
            throw FileError(path: path, reason: error.description)
        }
    }

    public static func loadModel(_ path: String) throws -> PlateModel {
        let bytes: [UInt8]
        do {
            bytes = try read(path)
        } catch let error as FileError {
            throw FileError(path: path, reason: "\(error.reason); give the model file with --model PATH")
        }
        do {
            return try WeightsFile.load(bytes)
        } catch {
            throw FileError(path: path, reason: error.description)
        }
    }
}

