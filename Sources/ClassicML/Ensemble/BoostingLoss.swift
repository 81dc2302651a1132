// The losses gradient boosting minimises: their baseline prediction, per-row gradients and hessians, mean value
// (for early stopping) and, for the non-smooth ones, the leaf values that replace Newton's step.
import Foundation
import Kernels

/// What a ``HistGradientBoostingRegressor`` minimises.
public enum RegressionLoss: Codable, Sendable, Equatable {
    /// Half the squared error (`loss="squared_error"`); baseline: the mean.
    case squaredError
    /// The absolute error (`loss="absolute_error"`); baseline and leaves: medians of the residuals.
    case absoluteError
    /// The pinball loss of quantile `q ∈ (0, 1)` (`loss="quantile"`); baseline and leaves: `q`-quantiles of the
    /// residuals. Predicts the conditional `q`-quantile (for conformalized quantile regression).
    case quantile(Double)
}

/// A loss over raw predictions, with `trees` raw outputs per row (one except for multinomial).
enum BoostingLoss: Sendable, Equatable {
    case squaredError
    case absoluteError
    case quantile(Double)
    /// Log loss of two classes; the raw prediction is the log-odds of class 1.
    case binomial
    /// Log loss of `k ≥ 3` classes; one raw prediction per class (softmax).
    case multinomial(Int)

    init(_ loss: RegressionLoss) {
        switch loss {
        case .squaredError: self = .squaredError
        case .absoluteError: self = .absoluteError
        case let .quantile(q): self = .quantile(q)
        }
    }

    /// Raw outputs (trees per iteration).
    var trees: Int {
        if case let .multinomial(k) = self { return k }
        return 1
    }

    /// The hessian of every row when it does not depend on the row (then only gradients are computed).
    var constantHessian: Double? {
        switch self {
        case .squaredError, .absoluteError, .quantile: 1
        case .binomial, .multinomial: nil
        }
    }

    /// The quantile a non-smooth loss's leaves take of their residuals (nil: leaves keep Newton's −G/(H+λ)).
    var leafQuantile: Double? {
        switch self {
        case .absoluteError: 0.5
        case let .quantile(q): q
        default: nil
        }
    }

    /// The constant raw prediction that minimises the loss on `y` (class codes for the classification losses).
    func baseline(_ y: [Double]) -> [Double] {
        let eps = Double.ulpOfOne
        switch self {
        case .squaredError: return [y.reduce(0, +) / Double(y.count)]
        case .absoluteError: return [Quantiles.median(y)]
        case let .quantile(q): return [Quantiles.linear(y.sorted(), q)]
        case .binomial:
            let p = min(max(y.reduce(0, +) / Double(y.count), eps), 1 - eps)
            return [log(p / (1 - p))]
        case let .multinomial(k):
            var counts = [Double](repeating: 0, count: k)
            for c in y { counts[Int(c)] += 1 }
            let logs = counts.map { log(min(max($0 / Double(y.count), eps), 1 - eps)) }
            let mean = logs.reduce(0, +) / Double(k)
            return logs.map { $0 - mean }
        }
    }

    /// Gradients (and hessians unless constant) for every output `t` and row `i` at `[t · n + i]`, from raw
    /// predictions laid out the same way. Rows are independent, so they are spread over the kernel threads; each
    /// value is computed by the same expression whatever the thread count.
    func gradients(_ y: [Double], raw: [Double], gradients g: inout [Float], hessians h: inout [Float]) {
        let n = y.count
        guard n > 0 else { return }
        y.withUnsafeBufferPointer { yb in
            raw.withUnsafeBufferPointer { rb in
                g.withUnsafeMutableBufferPointer { gb in
                    h.withUnsafeMutableBufferPointer { hb in
                        let yp = SendablePointer(yb.baseAddress!), rp = SendablePointer(rb.baseAddress!)
                        let gp = SendablePointer(gb.baseAddress!), hp = SendablePointer(hb.baseAddress!)
                        parallelChunks(n, minimumPerThread: Self.rowsPerThread) { rows in
                            self.gradients(rows, n: n, y: yp.raw, raw: rp.raw, gradients: gp.raw, hessians: hp.raw)
                        }
                    }
                }
            }
        }
    }

    /// Rows per thread below which the per-row loops stay on one thread.
    private static let rowsPerThread = 8192

    private func gradients(_ rows: Range<Int>, n: Int, y: UnsafePointer<Double>, raw: UnsafePointer<Double>,
                           gradients g: UnsafeMutablePointer<Float>, hessians h: UnsafeMutablePointer<Float>) {
        switch self {
        case .squaredError:
            for i in rows { g[i] = Float(raw[i] - y[i]) }
        case .absoluteError:
            for i in rows { g[i] = raw[i] > y[i] ? 1 : -1 }
        case let .quantile(q):
            for i in rows { g[i] = Float(y[i] >= raw[i] ? -q : 1 - q) }
        case .binomial:
            for i in rows {
                let p = 1 / (1 + exp(-raw[i]))
                g[i] = Float(p - y[i])
                h[i] = Float(p * (1 - p))
            }
        case let .multinomial(k):
            Self.softmaxBlocks(rows, n: n, classes: k, raw: raw) { block, p, sums, _ in
                for t in 0..<k {
                    let pt = p + t * block.count
                    for (j, i) in block.enumerated() {
                        let q = pt[j] / sums[j]
                        g[t * n + i] = Float(q - (t == Int(y[i]) ? 1 : 0))
                        h[t * n + i] = Float(q * (1 - q))
                    }
                }
            }
        }
    }

    /// Rows per block of ``softmaxBlocks(_:n:classes:raw:_:)``: `classes × 256` exponentials stay in L1.
    private static let softmaxBlockRows = 256

    /// The unnormalised softmax of each row of `rows`, block by block: for a block, `body(block, p, sums, maxima)`
    /// gets `p[t · block.count + j] = exp(raw[t·n + i] − mᵢ)` (`i = block.lowerBound + j`, `mᵢ = maxima[j]` the row's
    /// largest raw value) and `sums[j] = Σₜ p[t·block.count + j]`, summed in class order. The exponentials are computed a class
    /// at a time over the block's contiguous raw values by the vector kernel (≤ 2 ulp), not a libm call each.
    private static func softmaxBlocks(_ rows: Range<Int>, n: Int, classes k: Int, raw: UnsafePointer<Double>,
                                      _ body: (Range<Int>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>) -> Void) {
        let size = softmaxBlockRows
        withUnsafeTemporaryAllocation(of: Double.self, capacity: (2 * k + 2) * size) { buffer in
            let base = buffer.baseAddress!
            let shifted = base, p = base + k * size, maxima = base + 2 * k * size, sums = maxima + size
            for start in stride(from: rows.lowerBound, to: rows.upperBound, by: size) {
                let block = start..<min(start + size, rows.upperBound), count = block.count
                for j in 0..<count { maxima[j] = -.infinity }
                for t in 0..<k {
                    let r = raw + t * n + start
                    for j in 0..<count { maxima[j] = max(maxima[j], r[j]) }
                }
                for t in 0..<k {
                    let r = raw + t * n + start, d = shifted + t * count
                    for j in 0..<count { d[j] = r[j] - maxima[j] }
                }
                VectorKernels.exp(shifted, p, count: k * count)
                for j in 0..<count { sums[j] = 0 }
                for t in 0..<k {
                    let pt = p + t * count
                    for j in 0..<count { sums[j] += pt[j] }
                }
                body(block, p, sums, maxima)
            }
        }
    }

    /// The mean loss of raw predictions `raw` (laid out as in ``gradients(_:raw:gradients:hessians:)``). The
    /// per-row losses are computed over the kernel threads and summed in row order, so the result does not depend
    /// on the thread count.
    func mean(_ y: [Double], raw: [Double]) -> Double {
        let n = y.count
        guard n > 0 else { return .nan }
        var losses = [Double](repeating: 0, count: n)
        y.withUnsafeBufferPointer { yb in
            raw.withUnsafeBufferPointer { rb in
                losses.withUnsafeMutableBufferPointer { lb in
                    let yp = SendablePointer(yb.baseAddress!), rp = SendablePointer(rb.baseAddress!), lp = SendablePointer(lb.baseAddress!)
                    parallelChunks(n, minimumPerThread: Self.rowsPerThread) { rows in
                        self.losses(rows, n: n, y: yp.raw, raw: rp.raw, into: lp.raw)
                    }
                }
            }
        }
        var total = 0.0
        for l in losses { total += l }
        return total / Double(n)
    }

    private func losses(_ rows: Range<Int>, n: Int, y: UnsafePointer<Double>, raw: UnsafePointer<Double>,
                        into out: UnsafeMutablePointer<Double>) {
        switch self {
        case .squaredError:
            for i in rows { out[i] = 0.5 * (y[i] - raw[i]) * (y[i] - raw[i]) }
        case .absoluteError:
            for i in rows { out[i] = abs(y[i] - raw[i]) }
        case let .quantile(q):
            for i in rows { out[i] = y[i] >= raw[i] ? q * (y[i] - raw[i]) : (1 - q) * (raw[i] - y[i]) }
        case .binomial:
            // log(1 + e^r) − y·r, without overflow for large r.
            for i in rows {
                let r = raw[i]
                out[i] = (r > 0 ? r + log1p(exp(-r)) : log1p(exp(r))) - y[i] * r
            }
        case let .multinomial(k):
            Self.softmaxBlocks(rows, n: n, classes: k, raw: raw) { block, _, sums, maxima in
                for (j, i) in block.enumerated() { out[i] = maxima[j] + log(sums[j]) - raw[Int(y[i]) * n + i] }
            }
        }
    }
}

/// Order statistics as NumPy computes them (`np.median`, `np.percentile` with linear interpolation).
enum Quantiles {
    static func median(_ values: [Double]) -> Double {
        let v = values.sorted(), n = v.count
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
    }

    /// The `q`-quantile of ascending `v`: virtual index `(n−1)·q`, interpolated between its neighbours (NumPy's
    /// lerp, which is exact at both ends).
    static func linear(_ v: [Double], _ q: Double) -> Double {
        let n = v.count
        guard n > 1 else { return v[0] }
        // scikit-learn passes 100·q to np.percentile, which divides by 100 again.
        let position = Double(n - 1) * (100 * q / 100)
        let lower = min(Int(position.rounded(.down)), n - 1), upper = min(lower + 1, n - 1)
        let t = position - Double(lower), a = v[lower], b = v[upper]
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
    }
}
