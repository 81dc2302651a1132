// Where large tensor buffers come from: memory the kernel may back with 2 MiB pages.
//
// Streaming kernels over tens of megabytes spend part of their time on TLB misses and page walks when the
// buffer sits on 4 KiB pages. Linux backs a region with transparent huge pages when asked (madvise) if the
// system setting is `madvise` or `always`; the region must be 2 MiB-aligned for the pages to line up.
// NumPy does the same for every array of 4 MiB or more, which is why its buffers (and PyTorch tensors made
// from them) stream faster than plain malloc'd ones.
import CKernels

/// Allocation of large raw buffers, advised onto transparent huge pages on Linux.
public enum LargeBuffers {
    /// Buffers of at least this many bytes are 2 MiB-aligned and advised (NumPy's threshold).
    public static let hugePageThreshold = 4 << 20
    /// The x86-64 and arm64 (4 KiB granule) huge-page size.
    public static let hugePageSize = 2 << 20

    /// `byteCount` bytes aligned to at least `alignment`; free with `deallocate()` as any raw allocation.
    /// From ``hugePageThreshold`` up the buffer is 2 MiB-aligned and, on Linux, advised onto huge pages
    /// before it is first touched. The advice is a hint: where huge pages are disabled it changes nothing.
    public static func allocate(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer {
        precondition(byteCount >= 0 && alignment > 0 && alignment & (alignment - 1) == 0,
                     "LargeBuffers.allocate: byteCount \(byteCount) must be ≥ 0 and alignment \(alignment) a power of two")
        guard byteCount >= hugePageThreshold else {
            return UnsafeMutableRawPointer.allocate(byteCount: Swift.max(byteCount, 1), alignment: alignment)
        }
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: Swift.max(alignment, hugePageSize))
        _ = sl_advise_huge_pages(pointer, byteCount)
        return pointer
    }
}
