import MilepostCore
import MilepostImaging
import XCTest
@testable import MilepostHardware

final class LumaConversionTests: XCTestCase {
    func convert(_ bytes: [UInt8], _ format: PixelFormat, _ width: Int, _ height: Int, bytesPerLine: Int) throws -> LumaImage {
        try bytes.withUnsafeBytes { raw in
            try LumaConversion.convert(raw, format: format, width: width, height: height, bytesPerLine: bytesPerLine, device: "/dev/test")
        }
    }

    func testGreyDropsRowPadding() throws {
        // 3x2 image with 4 bytes per line (one padding byte per row).
        let image = try convert([1, 2, 3, 99, 4, 5, 6, 99], .grey, 3, 2, bytesPerLine: 4)
        XCTAssertEqual(image.pixels, [1, 2, 3, 4, 5, 6])
    }

    func testYUYVKeepsTheYPlane() throws {
        // Y0 U Y1 V for a 2x2 image.
        let image = try convert([10, 128, 20, 129, 30, 130, 40, 131], .yuyv, 2, 2, bytesPerLine: 4)
        XCTAssertEqual(image.pixels, [10, 20, 30, 40])
    }

    func testShortBufferIsABadFrameNotACrash() {
        XCTAssertThrowsError(try convert([1, 2, 3], .grey, 2, 2, bytesPerLine: 2)) { error in
            guard case CameraError.badFrame(let device, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(device, "/dev/test")
            XCTAssertTrue(reason.contains("holds 3 bytes"), reason)
        }
    }

    func testMJPEGDecodesLumaAndChecksTheSize() throws {
        let source = PatternCamera.image(width: 64, height: 48, sequence: 3)
        let jpeg = try JPEG.encodeGrey(source, quality: 95)
        let image = try convert(jpeg, .mjpeg, 64, 48, bytesPerLine: 0)
        XCTAssertEqual(image, try JPEG.decodeLuma(jpeg))
        XCTAssertThrowsError(try convert(jpeg, .mjpeg, 640, 480, bytesPerLine: 0)) { error in
            XCTAssertTrue("\(error)".contains("64x48, expected 640x480"), "\(error)")
        }
        XCTAssertThrowsError(try convert([0xFF, 0xD8, 0, 0], .mjpeg, 64, 48, bytesPerLine: 0)) { error in
            XCTAssertTrue("\(error)".contains("does not decode"), "\(error)")
        }
    }

    func testFourCCRoundTrips() {
        XCTAssertEqual(PixelFormat.yuyv.fourcc, 0x5659_5559)
        XCTAssertEqual(FourCC(code: PixelFormat.mjpeg.fourcc).description, "MJPG")
    }
}
