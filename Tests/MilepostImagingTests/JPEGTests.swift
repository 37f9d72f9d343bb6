import MilepostCore
import Testing
@testable import MilepostImaging

@Suite struct JPEGTests {
    /// A gradient with a sharp-edged block: smooth areas survive JPEG almost exactly.
    static func sampleImage(width: Int = 64, height: Int = 48) -> LumaImage {
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                pixels[y * width + x] = UInt8((x * 255) / (width - 1))
            }
        }
        return LumaImage(width: width, height: height, pixels: pixels)
    }

    @Test func greyRoundTripKeepsSizeAndPixelsClose() throws {
        let image = Self.sampleImage()
        let encoded = try JPEG.encodeGrey(image, quality: 100)
        let decoded = try JPEG.decodeLuma(encoded)
        #expect(decoded.width == image.width)
        #expect(decoded.height == image.height)
        let worst = zip(decoded.pixels, image.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 3)
    }

    @Test func headerIsReadWithoutDecoding() throws {
        let encoded = try JPEG.encodeGrey(Self.sampleImage(width: 40, height: 24))
        let header = try JPEG.readHeader(encoded)
        #expect(header.width == 40)
        #expect(header.height == 24)
    }

    @Test func emptyDataIsRefused() {
        #expect(throws: ImagingError.empty) { try JPEG.decodeLuma([]) }
    }

    @Test func pngIsRefusedAsNotJPEG() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]
        #expect(throws: ImagingError.notJPEG(firstBytes: [0x89, 0x50, 0x4E, 0x47])) {
            try JPEG.decodeLuma(png)
        }
    }

    @Test func truncatedJPEGIsCorrupt() throws {
        let encoded = try JPEG.encodeGrey(Self.sampleImage(width: 256, height: 128))
        let truncated = Array(encoded.prefix(encoded.count / 2))
        do {
            _ = try JPEG.decodeLuma(truncated)
            Issue.record("a truncated JPEG decoded without error")
        } catch {
            guard case .corrupt = error else {
                Issue.record("expected .corrupt, got \(error)")
                return
            }
        }
    }

    @Test func absurdHeaderDimensionsAreRefusedBeforeDecoding() throws {
        var encoded = try JPEG.encodeGrey(Self.sampleImage())
        let sof = try #require(Self.startOfFrameOffset(encoded))
        // SOF layout: FF C0, length(2), precision(1), height(2), width(2).
        encoded[sof + 5] = 0xEA; encoded[sof + 6] = 0x60  // height 60000
        encoded[sof + 7] = 0xEA; encoded[sof + 8] = 0x60  // width 60000
        #expect(throws: ImagingError.dimensionsTooLarge(width: 60000, height: 60000, limits: .default)) {
            try JPEG.decodeLuma(encoded)
        }
    }

    @Test func customLimitsApply() throws {
        let encoded = try JPEG.encodeGrey(Self.sampleImage(width: 64, height: 48))
        let limits = DecodeLimits(maxWidth: 32, maxHeight: 32, maxPixels: 1024)
        #expect(throws: ImagingError.dimensionsTooLarge(width: 64, height: 48, limits: limits)) {
            try JPEG.decodeLuma(encoded, limits: limits)
        }
    }

    @Test func encodingAnEmptyImageIsRefused() {
        let empty = LumaImage(width: 0, height: 0, pixels: [])
        #expect(throws: ImagingError.invalidDimensions(width: 0, height: 0)) {
            try JPEG.encodeGrey(empty)
        }
    }

    @Test func errorMessagesNameTheProblem() {
        #expect(ImagingError.notJPEG(firstBytes: [0x89, 0x50]).description.contains("89 50"))
        let tooLarge = ImagingError.dimensionsTooLarge(width: 60000, height: 60000, limits: .default)
        #expect(tooLarge.description.contains("60000x60000"))
    }

    static func startOfFrameOffset(_ data: [UInt8]) -> Int? {
        var index = 2
        while index + 3 < data.count {
            guard data[index] == 0xFF else { return nil }
            let marker = data[index + 1]
            if marker == 0xC0 || marker == 0xC1 || marker == 0xC2 { return index }
            let length = Int(data[index + 2]) << 8 | Int(data[index + 3])
            index += 2 + length
        }
        return nil
    }
}
