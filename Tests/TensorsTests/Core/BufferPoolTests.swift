// The large-buffer pool: reuse, bounds, and no aliasing between live tensors.
import Testing
@testable import Tensors

@Suite("Buffer pool")
struct BufferPoolTests {
    @Test("a freed large buffer is reused for the next allocation of the same size class")
    func reuse() {
        let pool = BufferPool()
        let (p, n) = pool.acquire(byteCount: 1 << 20, alignment: 64)
        pool.release(p, allocatedBytes: n)
        #expect(pool.cachedBytes == n)
        let (q, m) = pool.acquire(byteCount: (1 << 20) - 100, alignment: 64)
        #expect(q == p && m == n && pool.cachedBytes == 0)
        pool.release(q, allocatedBytes: m)
        pool.drain()
        #expect(pool.cachedBytes == 0)
    }

    @Test("small and oversized buffers bypass the pool; the capacity is respected")
    func bounds() {
        let pool = BufferPool()
        let (small, sn) = pool.acquire(byteCount: 1000, alignment: 64)
        pool.release(small, allocatedBytes: sn)
        #expect(pool.cachedBytes == 0)
        let (huge, hn) = pool.acquire(byteCount: pool.largestPooled + 1, alignment: 64)
        pool.release(huge, allocatedBytes: hn)
        #expect(pool.cachedBytes == 0)
        var held: [(UnsafeMutableRawPointer, Int)] = []
        for _ in 0..<40 { held.append(pool.acquire(byteCount: pool.largestPooled, alignment: 64)) }
        for (p, n) in held { pool.release(p, allocatedBytes: n) }
        #expect(pool.cachedBytes <= pool.capacity)
        pool.drain()
    }

    @Test("live tensors never share a pooled buffer, and values survive reuse")
    func noAliasing() {
        var tensors: [Tensor] = []
        for i in 0..<8 {
            _ = Tensor.full(Double(-i), shape: [1 << 17])  // freed at once: its buffer returns to the pool
            tensors.append(Tensor.full(Double(i), shape: [1 << 17]))
        }
        for (i, t) in tensors.enumerated() {
            #expect(t.scalars.allSatisfy { $0 == Float(i) })
            for u in tensors[(i + 1)...] { #expect(!t.sharesStorage(with: u)) }
        }
    }
}
