import MilepostCore
import Foundation
import Testing
@testable import MilepostImaging

@Suite struct PNGTests {
    // Hand-checked BT.601 luma, (299 R + 587 G + 114 B + 500) / 1000 rounded down:
    // red 76245 + 500 -> 76, green 149685 + 500 -> 150, blue 29070 + 500 -> 29,
    // white 255000 + 500 -> 255, (10, 20, 30) 18150 + 500 -> 18.
    static let colours: [(rgb: [UInt8], luma: UInt8)] = [
        ([255, 0, 0], 76), ([0, 255, 0], 150), ([0, 0, 255], 29), ([255, 255, 255], 255), ([10, 20, 30], 18), ([0, 0, 0], 0),
    ]

    @Test func greyIsReadAsStored() throws {
        let rows: [[UInt8]] = [[0, 1, 127], [128, 254, 255]]
        let png = PNGEncoder(width: 3, height: 2, colourType: .grey).encode(rows: rows)
        let image = try PNG.decodeLuma(png)
        #expect(image == LumaImage(width: 3, height: 2, pixels: rows.flatMap { $0 }))
    }

    @Test func rgbBecomesBT601Luma() throws {
        let png = PNGEncoder(width: 3, height: 2, colourType: .rgb).encode(rows: [
            Self.colours[0..<3].flatMap(\.rgb), Self.colours[3..<6].flatMap(\.rgb),
        ])
        #expect(try PNG.decodeLuma(png).pixels == Self.colours.map(\.luma))
    }

    @Test func alphaIsIgnoredNotComposited() throws {
        let alphas: [UInt8] = [0, 128, 255, 0, 1, 255]
        let rgba = zip(Self.colours, alphas).flatMap { $0.rgb + [$1] }
        let png = PNGEncoder(width: 6, height: 1, colourType: .rgba).encode(rows: [rgba])
        #expect(try PNG.decodeLuma(png).pixels == Self.colours.map(\.luma))

        let greyAlpha = PNGEncoder(width: 3, height: 1, colourType: .greyAlpha).encode(rows: [[10, 0, 200, 128, 255, 255]])
        #expect(try PNG.decodeLuma(greyAlpha).pixels == [10, 200, 255])
    }

    @Test func paletteEntriesBecomeTheirLuma() throws {
        var encoder = PNGEncoder(width: 4, height: 1, colourType: .palette)
        encoder.palette = Self.colours[0..<3].flatMap(\.rgb)
        encoder.transparency = [0, 255, 128]
        let png = encoder.encode(rows: [[2, 0, 1, 0]])
        #expect(try PNG.decodeLuma(png).pixels == [29, 76, 150, 76])
    }

    @Test func sixteenBitSamplesScaleToEightBits() throws {
        // v * 257 is the 16-bit sample of the 8-bit value v.
        var grey = PNGEncoder(width: 3, height: 1, colourType: .grey)
        grey.bitDepth = 16
        let greyPNG = grey.encode(rows: [[0x00, 0x00, 0x80, 0x80, 0xFF, 0xFF]])
        #expect(try PNG.decodeLuma(greyPNG).pixels == [0, 128, 255])

        var rgb = PNGEncoder(width: 1, height: 1, colourType: .rgb)
        rgb.bitDepth = 16
        let rgbPNG = rgb.encode(rows: [[0x0A, 0x0A, 0x14, 0x14, 0x1E, 0x1E]])
        #expect(try PNG.decodeLuma(rgbPNG).pixels == [18])
    }

    @Test func oneBitGreyExpandsToBlackAndWhite() throws {
        var encoder = PNGEncoder(width: 8, height: 1, colourType: .grey)
        encoder.bitDepth = 1
        let png = encoder.encode(rows: [[0b1010_0001]])
        #expect(try PNG.decodeLuma(png).pixels == [255, 0, 255, 0, 0, 0, 0, 255])
    }

    @Test func aLargeImageSpanningSeveralStoredBlocksDecodes() throws {
        let width = 300, height = 300
        let rows = (0..<height).map { y in (0..<width).map { x in UInt8((x + y) % 256) } }
        let image = try PNG.decodeLuma(PNGEncoder(width: width, height: height, colourType: .grey).encode(rows: rows))
        #expect(image.pixels == rows.flatMap { $0 })
    }

    @Test func emptyAndForeignDataAreRefused() throws {
        #expect(throws: ImagingError.empty) { try PNG.decodeLuma([]) }
        let jpeg = try JPEG.encodeGrey(JPEGTests.sampleImage())
        #expect(throws: ImagingError.notPNG(firstBytes: Array(jpeg.prefix(8)))) { try PNG.decodeLuma(jpeg) }
        #expect(ImagingError.notPNG(firstBytes: [0xFF, 0xD8]).description
            == "not a PNG image (starts with FF D8, expected 89 50 4E 47 0D 0A 1A 0A)")
    }

    @Test func damagedImageDataIsCorruptWithLibpngsReason() throws {
        var png = PNGEncoder(width: 4, height: 4, colourType: .grey).encode(rows: Array(repeating: [1, 2, 3, 4], count: 4))
        png[try #require(PNGEncoder.imageDataOffset(png)) + 8] ^= 0xFF
        let reason = try corruptReason(png)
        #expect(reason.hasPrefix("IDAT"), "libpng said: \(reason)")
    }

    @Test func truncatedDataIsCorrupt() throws {
        let png = PNGEncoder(width: 16, height: 16, colourType: .grey).encode(rows: Array(repeating: Array(0..<16), count: 16))
        for length in [12, 40, png.count / 2, png.count - 13] {
            _ = try corruptReason(Array(png.prefix(length)))
        }
    }

    @Test func absurdDimensionsAreRefusedBeforeDecoding() throws {
        let png = PNGEncoder(width: 60_000, height: 2, colourType: .grey).encode(rows: [[0], [0]])
        #expect(throws: ImagingError.pngDimensionsTooLarge(width: 60_000, height: 2, limits: .default)) { try PNG.decodeLuma(png) }
        let limits = DecodeLimits(maxWidth: 2, maxHeight: 2, maxPixels: 4)
        let small = PNGEncoder(width: 3, height: 1, colourType: .grey).encode(rows: [[0, 0, 0]])
        #expect(throws: ImagingError.pngDimensionsTooLarge(width: 3, height: 1, limits: limits)) { try PNG.decodeLuma(small, limits: limits) }
    }

    /// libpng's message for data it refused; records an issue when it was accepted or refused otherwise.
    private func corruptReason(_ data: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        do {
            let image = try PNG.decodeLuma(data)
            Issue.record("damaged PNG of \(data.count) bytes decoded to \(image.width)x\(image.height)", sourceLocation: sourceLocation)
            return ""
        } catch {
            guard case .corruptPNG(let reason) = error else {
                Issue.record("expected .corruptPNG, got \(error)", sourceLocation: sourceLocation)
                return ""
            }
            #expect(!reason.isEmpty, sourceLocation: sourceLocation)
            #expect(error.description == "corrupt or truncated PNG: \(reason)", sourceLocation: sourceLocation)
            return reason
        }
    }
}
