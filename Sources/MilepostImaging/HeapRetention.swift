#if canImport(CGlibcMalloc)
import CGlibcMalloc
#endif

/// Keeps freed frame-sized buffers in the process's heap instead of handing them back to the
/// kernel. A 1280x720 luma plane is 900 KB, above glibc's default mmap threshold, so every
/// frame's buffers were mapped, faulted in page by page (zeroed by the kernel) and unmapped
/// again: 41,000 page faults and a tenth of the CPU time over 76 frames
/// (docs/recognition-experiments.md, performance). With them kept, the next frame reuses the same pages.
public enum HeapRetention {
    /// Allocations below this many bytes come from the heap (glibc's ceiling is 32 MiB on 64-bit).
    public static let mmapThreshold: Int32 = 16 << 20
    /// Free memory at the top of the heap is returned to the kernel only beyond this.
    public static let trimThreshold: Int32 = 64 << 20

    /// Sets both thresholds; true when the C library took them (false elsewhere than glibc).
    @discardableResult
    public static func keepFrameBuffers() -> Bool {
        #if canImport(CGlibcMalloc)
        return mallopt(M_MMAP_THRESHOLD, mmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, trimThreshold) == 1
        #else
        return false
        #endif
    }
}
