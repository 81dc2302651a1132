// Vector-search kernels (CKernels/vector_search.c): one query against many stored rows, and the Float32 running
// k-smallest selection that follows a GEMM of scores in exact search.
import CKernels

/// Distances from one query to rows of a contiguous row-major matrix, on the widest SIMD path the CPU has.
public enum RowDistances {
    /// `out[i] = q · base[rows[i]]` (inner product) for `i < count`; with `rows == nil`, rows `0 ..< count`.
    @inlinable
    public static func dot(
        query q: UnsafePointer<Float>, base: UnsafePointer<Float>, dimension: Int, rows: UnsafePointer<Int32>?,
        count: Int, into out: UnsafeMutablePointer<Float>
    ) {
        sl_sdot_rows(q, base, dimension, rows, count, out)
    }

    /// `out[i] = ‖q − base[rows[i]]‖²` for `i < count`; rows as ``dot(query:base:dimension:rows:count:into:)``.
    @inlinable
    public static func squaredL2(
        query q: UnsafePointer<Float>, base: UnsafePointer<Float>, dimension: Int, rows: UnsafePointer<Int32>?,
        count: Int, into out: UnsafeMutablePointer<Float>
    ) {
        sl_sl2sq_rows(q, base, dimension, rows, count, out)
    }
}

/// Keeps the `k` smallest Float32 entries of each row of a matrix that arrives in column blocks.
public enum SmallestSelectionFloat {
    /// Float32 twin of ``SmallestSelection/merge(rows:columns:block:stride:bias:offset:k:keys:indices:filled:)``:
    /// merges `block[i·stride + j] + bias[j]` (no bias when `nil`) into each row's running list, keys ascending,
    /// equal keys in index order. NaN entries are never taken. Start every `filled[i]` at 0.
    public static func merge(
        rows: Int, columns: Int, block: UnsafePointer<Float>, stride: Int, bias: UnsafePointer<Float>?, offset: Int,
        k: Int, keys: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int>, filled: UnsafeMutablePointer<Int>
    ) {
        sl_stopk_merge(rows, columns, block, stride, bias, offset, k, keys, indices, filled)
    }
}
