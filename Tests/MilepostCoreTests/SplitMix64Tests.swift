import MilepostCore
import Testing

@Suite struct SplitMix64Tests {
    @Test func theFirstOutputsMatchTheReferenceImplementation() {
        // SplitMix64 seeded with 0, from its reference implementation.
        var generator = SplitMix64(seed: 0)
        #expect([generator.next(), generator.next(), generator.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }
}
