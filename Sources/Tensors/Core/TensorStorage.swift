// The one reference type behind a Tensor: an aligned byte buffer.
//
// Tensors are values: a Tensor that is about to write checks `isKnownUniquelyReferenced` and copies first
// if the buffer is shared, so a buffer that two tensors see is never written. That is why this class may be
// `@unchecked Sendable`: after publication it is only read, or it is owned by exactly one value.
import Foundation

/// An aligned, fixed-size byte buffer owned by one or more tensors.
public final class TensorStorage: @unchecked Sendable {
    /// The buffer's size in bytes.
    public let byteCount: Int
    let bytes: UnsafeMutableRawPointer
    /// What the pool handed out (≥ byteCount), needed to give the buffer back.
    private let allocatedBytes: Int

    /// 64-byte alignment: one cache line, and what AVX-512 loads prefer.
    static let alignment = 64

    /// Allocates `byteCount` bytes; the contents are undefined unless `zeroed`.
    init(byteCount: Int, zeroed: Bool = false) {
        self.byteCount = byteCount
        // At least one byte, so empty tensors still have a valid, unique pointer. Large buffers come from the pool.
        let buffer = BufferPool.shared.acquire(byteCount: Swift.max(byteCount, 1), alignment: Self.alignment)
        bytes = buffer.pointer
        allocatedBytes = buffer.allocatedBytes
        if zeroed { bytes.initializeMemory(as: UInt8.self, repeating: 0, count: Swift.max(byteCount, 1)) }
    }

    /// Copies `source` into a new buffer.
    convenience init(copying source: UnsafeRawBufferPointer) {
        self.init(byteCount: source.count)
        if let base = source.baseAddress, source.count > 0 { bytes.copyMemory(from: base, byteCount: source.count) }
    }

    deinit { BufferPool.shared.release(bytes, allocatedBytes: allocatedBytes) }
}
