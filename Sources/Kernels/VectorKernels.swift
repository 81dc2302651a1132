// Elementwise maps and reductions over contiguous Float32 buffers, split across threads when large.
import CKernels

/// Elementwise maps over contiguous Float32 buffers. `y` may alias `x`.
public enum VectorKernels {
    /// Below this length a map runs on one thread (a thread wake-up costs about as much as 64k floats).
    static let parallelLength = 1 << 18

    /// The maps implemented in the C kernels.
    public enum Map: Sendable {
        case exp, tanh, sigmoid, geluTanh, geluErf, silu
    }

    /// Binary operations on two buffers (or a buffer and a scalar).
    public enum Binary: Int32, Sendable {
        case add = 0, sub = 1, mul = 2, div = 3
    }

    /// `y[i] = f(x[i])`.
    public static func map(_ f: Map, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let px = SendablePointer(x), py = SendablePointer(y)
        parallelChunks(count, minimumPerThread: parallelLength) { r in
            let xs = px.raw + r.lowerBound, ys = py.raw + r.lowerBound, n = r.count
            switch f {
            case .exp: sl_vexp(xs, ys, n)
            case .tanh: sl_vtanh(xs, ys, n)
            case .sigmoid: sl_vsigmoid(xs, ys, n)
            case .geluTanh: sl_vgelu_tanh(xs, ys, n)
            case .geluErf: sl_vgelu_erf(xs, ys, n)
            case .silu: sl_vsilu(xs, ys, n)
            }
        }
    }

    /// `y[i] = a·x[i] + b`.
    /// `y = exp(x)` in Float64 (≤ 2 ulp, libm's values outside the normal range and for NaN); single-threaded.
    /// `y` must not overlap `x`.
    public static func exp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        sl_vexp_f64(x, y, count)
    }

    public static func affine(_ x: UnsafePointer<Float>, a: Float, b: Float, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let px = SendablePointer(x), py = SendablePointer(y)
        parallelChunks(count, minimumPerThread: parallelLength) { r in
            sl_vaffine(px.raw + r.lowerBound, a, b, py.raw + r.lowerBound, r.count)
        }
    }

    /// `z[i] = x[i] op y[i]`.
    public static func binary(
        _ op: Binary, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, count: Int
    ) {
        let px = SendablePointer(x), py = SendablePointer(y), pz = SendablePointer(z)
        parallelChunks(count, minimumPerThread: parallelLength) { r in
            sl_vbinary(op.rawValue, px.raw + r.lowerBound, py.raw + r.lowerBound, pz.raw + r.lowerBound, r.count)
        }
    }

    /// `z[i] = x[i] op s`.
    public static func binary(
        _ op: Binary, _ x: UnsafePointer<Float>, scalar s: Float, _ z: UnsafeMutablePointer<Float>, count: Int
    ) {
        let px = SendablePointer(x), pz = SendablePointer(z)
        parallelChunks(count, minimumPerThread: parallelLength) { r in
            sl_vbinary_scalar(op.rawValue, px.raw + r.lowerBound, s, pz.raw + r.lowerBound, r.count)
        }
    }
}

/// Reductions over contiguous Float32 buffers.
public enum ReductionKernels {
    /// Chunk length of the parallel sum; fixed so the association order depends only on the length.
    static let sumChunk = 1 << 16

    /// The sum of `count` floats. Chunks of 65,536 are summed by the C kernel and the chunk sums are added in
    /// order in Float64, so the result does not depend on the thread count.
    public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        if count <= sumChunk { return sl_sum(x, count) }
        let chunks = (count + sumChunk - 1) / sumChunk
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: chunks)
        defer { partial.deallocate() }
        let px = SendablePointer(x), pp = SendablePointer(partial)
        parallelChunks(chunks, minimumPerThread: 4) { r in
            for c in r {
                let start = c * sumChunk
                pp.raw[c] = Double(sl_sum(px.raw + start, min(sumChunk, count - start)))
            }
        }
        var total = 0.0
        for c in 0..<chunks { total += partial[c] }
        return Float(total)
    }

    /// The largest of `count` floats (NaN if any is NaN); `-inf` when `count == 0`.
    public static func max(_ x: UnsafePointer<Float>, count: Int) -> Float {
        sl_max(x, count)
    }

    /// Softmax (or log-softmax) of each row of a `rows × cols` row-major matrix.
    public static func softmaxRows(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, log: Bool
    ) {
        let px = SendablePointer(x), py = SendablePointer(y)
        parallelChunks(rows, minimumPerThread: Swift.max(1, VectorKernels.parallelLength / Swift.max(cols, 1))) { r in
            let off = r.lowerBound * cols
            if log {
                sl_log_softmax_rows(px.raw + off, py.raw + off, r.count, cols)
            } else {
                sl_softmax_rows(px.raw + off, py.raw + off, r.count, cols)
            }
        }
    }
}
