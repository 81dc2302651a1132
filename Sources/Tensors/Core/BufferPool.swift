// A cache of large freed buffers, so training loops that allocate the same sizes every step reuse memory
// instead of asking the system for fresh pages each time.
//
// glibc returns blocks above its mmap threshold (128 KiB by default) to the kernel on free, so the next step's
// allocation of the same size page-faults its way through fresh zero pages: the cost that makes PyTorch's first
// conv layer 10× slower here unless MALLOC_MMAP_THRESHOLD_ is raised (shared/reference/ANCHOR-FIGURES.md, note 4).
// Keeping freed blocks ≥ 256 KiB in a bounded pool avoids that for every tensor op, with no process-wide setting.
// New blocks of 4 MiB and more come from LargeBuffers (Kernels), which advises them onto huge pages.
import Kernels
import Synchronization

/// The process-wide pool of reusable large buffers.
final class BufferPool: Sendable {
    static let shared = BufferPool()

    /// Buffers below this size go straight to malloc/free (glibc already reuses them).
    static let minimumPooledBytes = 1 << 18
    /// Sizes are rounded up to this granularity so near-equal requests share a class.
    static let granularity = 1 << 16

    private struct State {
        var free: [Int: [UnsafeMutableRawPointer]] = [:]
        var cachedBytes = 0
    }

    /// Unique ownership of raw pointers is guaranteed by the pool's protocol: a pointer is either in `free`
    /// (owned by the pool) or handed to exactly one storage.
    private let state = Mutex(UncheckedPointers(State()))
    private struct UncheckedPointers: @unchecked Sendable {
        var value: State
        init(_ v: State) { value = v }
    }

    /// At most this many bytes stay cached (`SWIFTLEARN_POOL_MB`, default 256 MB; 0 disables the pool).
    let capacity: Int = {
        if let s = getenvString("SWIFTLEARN_POOL_MB"), let mb = Int(s), mb >= 0 { return mb << 20 }
        return 256 << 20
    }()

    /// Buffers above an eighth of the capacity are not cached: one huge tensor should not evict many small ones.
    var largestPooled: Int { capacity / 8 }

    static func roundedSize(_ bytes: Int) -> Int { (bytes + granularity - 1) / granularity * granularity }

    /// A buffer of at least `byteCount` bytes, 64-byte aligned; `allocatedBytes` is what `release` needs back.
    func acquire(byteCount: Int, alignment: Int) -> (pointer: UnsafeMutableRawPointer, allocatedBytes: Int) {
        guard byteCount >= BufferPool.minimumPooledBytes, byteCount <= largestPooled else {
            return (LargeBuffers.allocate(byteCount: byteCount, alignment: alignment), byteCount)
        }
        let size = BufferPool.roundedSize(byteCount)
        let cached: UnsafeMutableRawPointer? = state.withLock { s in
            guard var list = s.value.free[size], let p = list.popLast() else { return nil }
            s.value.free[size] = list.isEmpty ? nil : list
            s.value.cachedBytes -= size
            return p
        }
        return (cached ?? LargeBuffers.allocate(byteCount: size, alignment: alignment), size)
    }

    /// Returns a buffer from ``acquire(byteCount:alignment:)``: kept if it fits under the capacity, else freed.
    func release(_ pointer: UnsafeMutableRawPointer, allocatedBytes: Int) {
        guard allocatedBytes >= BufferPool.minimumPooledBytes, allocatedBytes <= largestPooled else {
            pointer.deallocate()
            return
        }
        let kept = state.withLock { s -> Bool in
            guard s.value.cachedBytes + allocatedBytes <= capacity else { return false }
            s.value.free[allocatedBytes, default: []].append(pointer)
            s.value.cachedBytes += allocatedBytes
            return true
        }
        if !kept { pointer.deallocate() }
    }

    /// Scratch memory for `count` elements of `T` from the pool, for kernels' temporary buffers.
    func withScratch<T, R>(_: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        let (p, n) = acquire(byteCount: Swift.max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
        defer { release(p, allocatedBytes: n) }
        return try body(p.bindMemory(to: T.self, capacity: Swift.max(count, 1)))
    }

    /// Frees every cached buffer (for tests and memory-tight moments).
    func drain() {
        let all = state.withLock { s -> [UnsafeMutableRawPointer] in
            let ps = s.value.free.values.flatMap { $0 }
            s.value = State()
            return ps
        }
        for p in all { p.deallocate() }
    }

    /// Bytes currently cached.
    var cachedBytes: Int { state.withLock { $0.value.cachedBytes } }
}

import Foundation
private func getenvString(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }
