import CTurboJPEG

/// Owns one libjpeg-turbo handle and frees it on deinit. Not shared between threads:
/// each call creates its own, which costs microseconds against a multi-millisecond decode.
final class TurboJPEGHandle {
    let raw: tjhandle

    private init(raw: tjhandle) {
        self.raw = raw
    }

    static func decompressor() throws(ImagingError) -> TurboJPEGHandle {
        guard let raw = tjInitDecompress() else {
            throw .corrupt("could not create a libjpeg-turbo decompressor: \(lastGlobalError())")
        }
        return TurboJPEGHandle(raw: raw)
    }

    static func compressor() throws(ImagingError) -> TurboJPEGHandle {
        guard let raw = tjInitCompress() else {
            throw .encoderFailed("could not create a libjpeg-turbo compressor: \(lastGlobalError())")
        }
        return TurboJPEGHandle(raw: raw)
    }

    var lastError: String {
        String(cString: tjGetErrorStr2(raw))
    }

    deinit {
        tjDestroy(raw)
    }

    private static func lastGlobalError() -> String {
        String(cString: tjGetErrorStr2(nil))
    }
}
