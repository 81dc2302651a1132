// Layer normalisation as one primitive: mean and variance per row in one pass, the affine map fused, and the
// closed-form backward. Built from elementwise ops it takes ~10 passes forward and ~20 backward over the
// activations; fused it takes two and three. Rows are split over the kernel threads (a fixed partition, so
// results do not depend on timing); the weight and bias gradients are summed per chunk, then in chunk order.
import Kernels

extension Tensor {
    /// Normalises each row of the last `normalizedCount` elements to zero mean and unit (biased) variance, then
    /// applies `weight` and `bias` (each of `normalizedCount` elements, optional), as PyTorch's `layer_norm`.
    public static func layerNorm(_ x: Tensor, normalizedCount d: Int, weight: Tensor? = nil, bias: Tensor? = nil,
                                 epsilon: Double = 1e-5) -> Tensor {
        precondition(x.dtype.isComputeFloat && d > 0 && x.count % d == 0 && (x.rank > 0 && x.count > 0),
                     "layerNorm: input \(x.shape) does not end in \(d) normalised elements")
        if let weight { precondition(weight.count == d && weight.dtype == x.dtype, "layerNorm: weight \(weight.shape) must hold \(d) \(x.dtype) values") }
        if let bias { precondition(bias.count == d && bias.dtype == x.dtype, "layerNorm: bias \(bias.shape) must hold \(d) \(x.dtype) values") }
        let rows = x.count / d
        let xc = x.detached().materialized()
        let wc = weight?.detached().materialized(), bc = bias?.detached().materialized()
        let out = Tensor(uninitialized: x.shape, dtype: x.dtype)
        // Per-row mean and 1/σ, kept for the backward pass.
        let stats = Tensor(uninitialized: [rows, 2], dtype: .float64)
        if x.dtype == .float32 {
            layerNormForward(Float.self, xc, wc, bc, out, stats, rows: rows, d: d, eps: epsilon)
        } else {
            layerNormForward(Double.self, xc, wc, bc, out, stats, rows: rows, d: d, eps: epsilon)
        }
        var inputs = [x]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        let wShape = weight?.shape, bShape = bias?.shape, xShape = x.shape
        return record(.layerNorm, out, inputs: inputs) { g in
            let gc = g.materialized()
            let dx = Tensor(uninitialized: xShape, dtype: g.dtype)
            let dw = Tensor(zeroed: [d], dtype: .float64), db = Tensor(zeroed: [d], dtype: .float64)
            if g.dtype == .float32 {
                layerNormBackward(Float.self, gc, xc, wc, stats, dx, dw, db, rows: rows, d: d)
            } else {
                layerNormBackward(Double.self, gc, xc, wc, stats, dx, dw, db, rows: rows, d: d)
            }
            var grads: [Tensor?] = [x.requiresGradient ? dx : nil]
            if let weight { grads.append(weight.requiresGradient ? dw.to(g.dtype).reshaped(wShape!) : nil) }
            if let bias { grads.append(bias.requiresGradient ? db.to(g.dtype).reshaped(bShape!) : nil) }
            return grads
        }
    }

    private static func layerNormForward<T: TensorFloat>(_: T.Type, _ x: Tensor, _ w: Tensor?, _ b: Tensor?, _ out: Tensor,
                                                         _ stats: Tensor, rows: Int, d: Int, eps: Double) {
        let px = SendablePointer(x.basePointer(T.self) + x.offset), po = SendablePointer(out.basePointer(T.self))
        let ps = SendablePointer(stats.basePointer(Double.self))
        let pw = w.map { SendablePointer($0.basePointer(T.self) + $0.offset) }, pb = b.map { SendablePointer($0.basePointer(T.self) + $0.offset) }
        parallelChunks(rows, minimumPerThread: Swift.max(1, 16384 / d)) { range in
            for r in range {
                let row = px.raw + r * d, o = po.raw + r * d
                var sum = 0.0
                for j in 0..<d { sum += Double(row[j]) }
                let mean = sum / Double(d)
                var squares = 0.0
                for j in 0..<d {
                    let c = Double(row[j]) - mean
                    squares += c * c
                }
                let inv = 1 / (squares / Double(d) + eps).squareRoot()
                ps.raw[2 * r] = mean
                ps.raw[2 * r + 1] = inv
                let m = T(mean), s = T(inv)
                switch (pw, pb) {
                case let (w?, b?): for j in 0..<d { o[j] = (row[j] - m) * s * w.raw[j] + b.raw[j] }
                case let (w?, nil): for j in 0..<d { o[j] = (row[j] - m) * s * w.raw[j] }
                case let (nil, b?): for j in 0..<d { o[j] = (row[j] - m) * s + b.raw[j] }
                case (nil, nil): for j in 0..<d { o[j] = (row[j] - m) * s }
                }
            }
        }
    }

    /// With x̂ = (x − μ)/σ and ĝ = g·w: dx = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))/σ, dw = Σ g·x̂, db = Σ g (over rows).
    private static func layerNormBackward<T: TensorFloat>(_: T.Type, _ g: Tensor, _ x: Tensor, _ w: Tensor?, _ stats: Tensor,
                                                          _ dx: Tensor, _ dw: Tensor, _ db: Tensor, rows: Int, d: Int) {
        let pg = SendablePointer(g.basePointer(T.self) + g.offset), px = SendablePointer(x.basePointer(T.self) + x.offset)
        let ps = SendablePointer(stats.basePointer(Double.self)), pdx = SendablePointer(dx.basePointer(T.self))
        // A missing weight acts as ones.
        let ones = UnsafeMutablePointer<T>.allocate(capacity: d)
        defer { ones.deallocate() }
        ones.initialize(repeating: 1, count: d)
        let pw = SendablePointer(w.map { $0.basePointer(T.self) + $0.offset } ?? ones)
        // Per-chunk partial sums of dw and db (at most 8 chunks), added in chunk order afterwards.
        let chunks = Swift.max(1, Swift.min(KernelThreads.count, 8, rows))
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: 2 * chunks * d)
        defer { partial.deallocate() }
        partial.initialize(repeating: 0, count: 2 * chunks * d)
        let pp = SendablePointer(partial)
        parallelChunks(chunks) { chunkRange in
            for chunk in chunkRange {
                let pdw = pp.raw + 2 * chunk * d, pdb = pdw + d
                for r in (rows * chunk / chunks)..<(rows * (chunk + 1) / chunks) {
                    let gr = pg.raw + r * d, xr = px.raw + r * d, o = pdx.raw + r * d
                    let m = T(ps.raw[2 * r]), s = T(ps.raw[2 * r + 1])
                    var sumG = 0.0, sumGX = 0.0
                    for j in 0..<d {
                        let xhat = (xr[j] - m) * s
                        let gj = gr[j]
                        pdb[j] += Double(gj)
                        pdw[j] += Double(gj * xhat)
                        let ghat = gj * pw.raw[j]
                        sumG += Double(ghat)
                        sumGX += Double(ghat * xhat)
                    }
                    let meanG = T(sumG / Double(d)), meanGX = T(sumGX / Double(d))
                    for j in 0..<d {
                        let xhat = (xr[j] - m) * s
                        o[j] = (gr[j] * pw.raw[j] - meanG - xhat * meanGX) * s
                    }
                }
            }
        }
        let dwOut = dw.basePointer(Double.self), dbOut = db.basePointer(Double.self)
        for chunk in 0..<chunks {
            for j in 0..<d {
                dwOut[j] += partial[2 * chunk * d + j]
                dbOut[j] += partial[2 * chunk * d + d + j]
            }
        }
    }
}
