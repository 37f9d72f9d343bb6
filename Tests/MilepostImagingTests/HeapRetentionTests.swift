#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import MilepostImaging

@Suite struct HeapRetentionTests {
    /// glibc takes both thresholds (it refuses an mmap threshold above 32 MiB, so this also
    /// checks the chosen value is one it accepts).
    /// AddressSanitizer replaces malloc, and its mallopt takes nothing.
    static let glibcAllocator = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") == nil

    @Test(.enabled(if: glibcAllocator, "AddressSanitizer's allocator replaces glibc's"))
    func glibcTakesTheThresholds() {
        #if os(Linux)
        #expect(HeapRetention.keepFrameBuffers())
        #expect(HeapRetention.mmapThreshold <= 32 << 20)
        #endif
    }
}
