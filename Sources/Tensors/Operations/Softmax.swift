// Softmax and log-softmax along an axis, stable for large inputs, with their gradients.
import Kernels
import RealModule

extension Tensor {
    /// Softmax along `axis`: exp(x − max) / Σ exp(x − max).
    public func softmax(axis: Int = -1) -> Tensor {
        let a = normalizeAxis(axis, op: "softmax")
        let out = softmaxForward(axis: a, log: false)
        let y = out.detached()
        return Tensor.record(.softmax, out, inputs: [self]) { g in
            // dx = y ⊙ (g − Σ g⊙y)
            [y * (g - (g * y).sum(axes: [a], keepDims: true))]
        }
    }

    /// Log-softmax along `axis`: x − logsumexp(x). Never NaN for finite rows, even at ±1e4.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let a = normalizeAxis(axis, op: "logSoftmax")
        let out = softmaxForward(axis: a, log: true)
        let y = out.detached()
        return Tensor.record(.logSoftmax, out, inputs: [self]) { g in
            // dx = g − exp(y) · Σ g
            [g - y.exp() * g.sum(axes: [a], keepDims: true)]
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
