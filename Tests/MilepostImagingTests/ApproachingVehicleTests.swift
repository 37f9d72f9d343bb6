import MilepostCore
import MilepostImaging
import Testing

@Suite struct ApproachingVehicleTests {
    /// A grey 100x60 scene with one white 4x4 square centred at (70, 40).
    static let scene: LumaImage = {
        var pixels = [UInt8](repeating: 60, count: 100 * 60)
        for y in 38..<42 { for x in 68..<72 { pixels[y * 100 + x] = 255 } }
        return LumaImage(width: 100, height: 60, pixels: pixels)
    }()

    static func brightest(_ image: LumaImage) -> (x: Int, y: Int) {
        let index = image.pixels.indices.max { image.pixels[$0] < image.pixels[$1] }!
        return (index % image.width, index / image.width)
    }

    @Test func theLastStepIsThePhotographAndEarlierStepsAreSmallerAndFurtherAway() {
        let vehicle = ApproachingVehicle(farScale: 0.5, farShift: (0, 0), noise: 0, blursFarSteps: false)
        #expect(vehicle.frame(Self.scene, step: 2, of: 3, seed: 1) == Self.scene)
        // At half size about the centre (50, 30), the square at (70, 40) appears near (60, 35).
        let far = vehicle.frame(Self.scene, step: 0, of: 3, seed: 1)
        let spot = Self.brightest(far)
        #expect(abs(spot.x - 60) <= 2 && abs(spot.y - 35) <= 2, "the square is at \(spot)")
    }

    @Test func theFarHalfOfThePassIsSoftened() {
        let far = ApproachingVehicle(farScale: 1, farShift: (0, 0), noise: 0).frame(Self.scene, step: 0, of: 3, seed: 1)
        // The square's corner pixel (68, 38) sees 4 of its 9 neighbours white: (4*255 + 5*60 + 4) / 9.
        #expect(far[68, 38] == 147)
        #expect(far[50, 10] == 60)
    }

    @Test func noiseIsBoundedAndTheSameSeedGivesTheSameFrame() {
        let vehicle = ApproachingVehicle(noise: 3)
        let a = vehicle.frame(Self.scene, step: 2, of: 3, seed: 42)
        #expect(a == vehicle.frame(Self.scene, step: 2, of: 3, seed: 42))
        #expect(a != vehicle.frame(Self.scene, step: 2, of: 3, seed: 43))
        #expect(zip(a.pixels, Self.scene.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 3 })
    }
}
