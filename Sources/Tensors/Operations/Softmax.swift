// Softmax and log-softmax along an axis, stable for large inputs, with their gradients.
import Kernels
import RealModule

extension Tensor {
    /// Softmax along `axis`: exp(x − max) / Σ exp(x − max).
    public func softmax(axis: Int = -1) -> Tensor {
        let a = normalizeAxis(axis, op: "softmax")
        // A rank-0 tensor is a row of one element (torch.softmax(t(5.), 0) == 1).
        if rank == 0 { return reshaped([1]).softmax(axis: 0).reshaped([]) }
        let out = softmaxForward(axis: a, log: false)
        let y = out.detached()
        let last = a == rank - 1
        return Tensor.record(.softmax, out, inputs: [self]) { g in
            // dx = y ⊙ (g − Σ g⊙y): one pass per row over the last axis, composed ops otherwise.
            if last, let fused = Tensor.softmaxBackwardRows(g, y, log: false) { return [fused] }
            return [y * (g - (g * y).sum(axes: [a], keepDims: true))]
        }
    }

    /// Log-softmax along `axis`: x − logsumexp(x). Never NaN for finite rows, even at ±1e4.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let a = normalizeAxis(axis, op: "logSoftmax")
        if rank == 0 { return reshaped([1]).logSoftmax(axis: 0).reshaped([]) }  // as softmax
        let out = softmaxForward(axis: a, log: true)
        let y = out.detached()
        let last = a == rank - 1
        return Tensor.record(.logSoftmax, out, inputs: [self]) { g in
            // dx = g − exp(y) · Σ g
            if last, let fused = Tensor.softmaxBackwardRows(g, y, log: true) { return [fused] }
            return [g - y.exp() * g.sum(axes: [a], keepDims: true)]
        }
    }

    /// The softmax (or log-softmax) gradient over contiguous rows of the last axis, in two passes per row.
    static func softmaxBackwardRows(_ g: Tensor, _ y: Tensor, log: Bool) -> Tensor? {
        guard g.dtype == y.dtype, g.shape == y.shape, y.rank >= 1 else { return nil }
        let gc = g.materialized(), yc = y.materialized()
        let out = Tensor(uninitialized: y.shape, dtype: y.dtype)
        let cols = y.shape[y.rank - 1]
        guard cols > 0 else { return out }
        if y.dtype == .float32 {
            softmaxBackwardTyped(Float.self, gc, yc, out, rows: y.count / cols, cols: cols, log: log)
        } else {
            softmaxBackwardTyped(Double.self, gc, yc, out, rows: y.count / cols, cols: cols, log: log)
        }
        return out
    }

    private static func softmaxBackwardTyped<T: TensorFloat>(_: T.Type, _ g: Tensor, _ y: Tensor, _ out: Tensor, rows: Int, cols: Int,
                                                             log: Bool) {
        let pg = SendablePointer(g.basePointer(T.self) + g.offset), py = SendablePointer(y.basePointer(T.self) + y.offset)
        let po = SendablePointer(out.basePointer(T.self))
        parallelChunks(rows, minimumPerThread: Swift.max(1, 16384 / cols)) { range in
            for r in range {
                let gr = pg.raw + r * cols, yr = py.raw + r * cols, o = po.raw + r * cols
                var dot: T = 0
                if log {
                    for i in 0..<cols { dot += gr[i] }
                    for i in 0..<cols { o[i] = gr[i] - T.exp(yr[i]) * dot }
                } else {
                    for i in 0..<cols { dot += gr[i] * yr[i] }
                    for i in 0..<cols { o[i] = yr[i] * (gr[i] - dot) }
                }
            }
        }
    }

    private func softmaxForward(axis a: Int, log: Bool) -> Tensor {
        precondition(dtype.isComputeFloat, "softmax: dtype \(dtype) is not float32 or float64")
        // Move the axis last (a view), run over contiguous rows, move it back.
        let last = rank - 1
        var order = Array(0..<rank)
        if a != last { order.swapAt(a, last) }
        let moved = a == last ? materialized() : permutedView(order).materialized()
        let cols = shape[a]
        let rows = cols == 0 ? 0 : count / cols
        let out = Tensor(uninitialized: moved.shape, dtype: dtype)
        if dtype == .float32 {
            ReductionKernels.softmaxRows(
                moved.basePointer(Float.self) + moved.offset, out.basePointer(Float.self), rows: rows, cols: cols, log: log)
        } else {
            let p = moved.basePointer(Double.self) + moved.offset, q = out.basePointer(Double.self)
            for r in 0..<rows {
                let x = p + r * cols, y = q + r * cols
                var m = -Double.infinity
                for i in 0..<cols where x[i] > m { m = x[i] }
                var s = 0.0
                for i in 0..<cols { s += Double.exp(x[i] - m) }
                let lse = Double.log(s)
                for i in 0..<cols { y[i] = log ? x[i] - m - lse : Double.exp(x[i] - m) / s }
            }
        }
        return a == last ? out : out.permutedView(order).materialized()
    }
}
