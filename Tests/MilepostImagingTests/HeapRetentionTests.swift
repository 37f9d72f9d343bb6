import Testing
@testable import MilepostImaging

@Suite struct HeapRetentionTests {
    /// glibc takes both thresholds (it refuses an mmap threshold above 32 MiB, so this also
    /// checks the chosen value is one it accepts).
    @Test func glibcTakesTheThresholds() {
        #if os(Linux)
        #expect(HeapRetention.keepFrameBuffers())
        #expect(HeapRetention.mmapThreshold <= 32 << 20)
        #endif
    }
}
