// Reductions over any set of axes, with their gradients.
//
// Every reduction moves the reduced axes last (a view, copied only when needed), so the work is a loop over
// contiguous rows: one output element per row.
import Kernels
import RealModule

enum RowReduction { case sum, prod, max, min, logsumexp }

extension Tensor {
    /// Normalised, sorted, de-duplicated axes; nil means all.
    func reductionAxes(_ axes: [Int]?, op: String) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        let normalized = Array(Set(axes.map { normalizeAxis($0, op: op) })).sorted()
        // A rank-0 tensor accepts axis 0 / -1 (as PyTorch) but has no dimension to reduce.
        return rank == 0 ? [] : normalized
    }

    /// The shape after reducing `axes`.
    func reducedShape(_ axes: [Int], keepDims: Bool) -> [Int] {
        var out: [Int] = []
        for d in 0..<rank {
            if axes.contains(d) {
                if keepDims { out.append(1) }
            } else {
                out.append(shape[d])
            }
        }
        return out
    }

    /// Contiguous data with kept axes first and reduced axes last, and the row length.
    func rowsForReduction(_ axes: [Int]) -> (data: Tensor, rows: Int, rowLength: Int) {
        // Axis 0 of a rank-0 tensor (argmax, cumsum): one row of one element.
        let axes = rank == 0 ? [] : axes
        let kept = (0..<rank).filter { !axes.contains($0) }
        let data = kept + axes == Array(0..<rank) ? materialized() : permutedView(kept + axes).materialized()
        let rowLength = axes.reduce(1) { $0 * shape[$1] }
        return (data, rowLength == 0 ? kept.reduce(1) { $0 * shape[$1] } : count / rowLength, rowLength)
    }

    static func reduceRows<T: TensorFloat>(
        _ kind: RowReduction, _ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, rows: Int, length: Int
    ) {
        for r in 0..<rows {
            let p = src + r * length
            switch kind {
            case .sum:
                if T.self == Float.self && length >= 64 {
                    dst[r] = T(ReductionKernels.sum(UnsafeRawPointer(p).assumingMemoryBound(to: Float.self), count: length))
                } else {
                    var acc = 0.0
                    for i in 0..<length { acc += Double(p[i]) }
                    dst[r] = T(acc)
                }
            case .prod:
                var acc: T = 1
                for i in 0..<length { acc *= p[i] }
                dst[r] = acc
            case .max, .min:
                var best: T = kind == .max ? -T.infinity : T.infinity
                for i in 0..<length {
                    let v = p[i]
                    if v.isNaN { best = v; break }
                    if kind == .max ? v > best : v < best { best = v }
                }
                dst[r] = best
            case .logsumexp:
                // Subtract the max; a row whose max is ±inf returns that max (not NaN), as MLX and JAX.
                var m = -T.infinity
                for i in 0..<length where p[i] > m || p[i].isNaN { m = p[i] }
                if !m.isFinite {
                    dst[r] = m
                    continue
                }
                var acc = 0.0
                for i in 0..<length { acc += Double(T.exp(p[i] - m)) }
                dst[r] = m + T(Double.log(acc))
            }
        }
    }

    /// `dst[j] = Σ_r src[r·inner + j]`, accumulated in Double per column, a whole row at a time (vectorises).
    static func sumLeadingRows<T: TensorFloat>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, rows: Int, inner: Int) {
        let acc = UnsafeMutablePointer<Double>.allocate(capacity: inner)
        defer { acc.deallocate() }
        acc.initialize(repeating: 0, count: inner)
        for r in 0..<rows {
            let row = src + r * inner
            for j in 0..<inner { acc[j] += Double(row[j]) }
        }
        for j in 0..<inner { dst[j] = T(acc[j]) }
    }

    /// Forward of a row reduction over `axes`.
    func reduceForward(_ kind: RowReduction, axes: [Int], keepDims: Bool) -> Tensor {
        precondition(dtype.isComputeFloat, "reduction: dtype \(dtype) is not float32 or float64")
        let leading = kind == .sum && !axes.isEmpty && axes == Array(0..<axes.count) && axes.count < rank && isContiguous
        let (data, rows, length) = leading
            ? (self, 0, axes.reduce(1) { $0 * shape[$1] }) : rowsForReduction(axes)
        var out = Tensor(uninitialized: reducedShape(axes, keepDims: keepDims), dtype: dtype)
        if length == 0 {
            let empty: Double = switch kind {
            case .sum: 0
            case .prod: 1
            case .max, .logsumexp: -.infinity
            case .min: .infinity
            }
            out.fill(empty)
            return out
        }
        if leading {
            // Summing leading axes (bias and broadcast gradients): add whole rows instead of transposing first.
            let inner = count / length
            if dtype == .float32 {
                Tensor.sumLeadingRows(basePointer(Float.self) + offset, out.basePointer(Float.self), rows: length, inner: inner)
            } else {
                Tensor.sumLeadingRows(basePointer(Double.self) + offset, out.basePointer(Double.self), rows: length, inner: inner)
            }
            return out
        }
        if dtype == .float32 {
            Tensor.reduceRows(kind, data.basePointer(Float.self) + data.offset, out.basePointer(Float.self), rows: rows, length: length)
        } else {
            Tensor.reduceRows(kind, data.basePointer(Double.self) + data.offset, out.basePointer(Double.self), rows: rows, length: length)
        }
        return out
    }

    /// Reshapes a reduced result (or its gradient) so it broadcasts against the input.
    func keepDimsShape(_ axes: [Int]) -> [Int] { reducedShape(axes, keepDims: true) }

    /// Sum over `axes` (all when nil).
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes, op: "sum")
        let out = reduceForward(.sum, axes: ax, keepDims: keepDims)
        let inShape = shape, kd = keepDimsShape(ax)
        return Tensor.record(.sum, out, inputs: [self]) { g in [g.reshaped(kd).expanded(to: inShape)] }
    }

    /// Sum over one axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

    /// Mean over `axes` (all when nil).
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes, op: "mean")
        let n = ax.reduce(1) { $0 * shape[$1] }
        return sum(axes: ax, keepDims: keepDims) * (1 / Double(n))
    }

    /// Mean over one axis.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

    /// Variance over `axes` with `correction` (1 = unbiased, PyTorch's default; 0 = population).
    public func variance(axes: [Int]? = nil, correction: Int = 1, keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes, op: "variance")
        let n = ax.reduce(1) { $0 * shape[$1] }
        let centered = self - mean(axes: ax, keepDims: true)
        return (centered * centered).sum(axes: ax, keepDims: keepDims) * (1 / Double(Swift.max(n - correction, 0)))
    }

    /// Standard deviation over `axes` (see ``variance(axes:correction:keepDims:)``).
    public func standardDeviation(axes: [Int]? = nil, correction: Int = 1, keepDims: Bool = false) -> Tensor {
        variance(axes: axes, correction: correction, keepDims: keepDims).sqrt()
    }

    /// Product over `axes`. The gradient is exact also where elements are zero.
    public func prod(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes, op: "prod")
        let out = reduceForward(.prod, axes: ax, keepDims: keepDims)
        let x = self, kd = keepDimsShape(ax)
        return Tensor.record(.prod, out, inputs: [self]) { g in
            [x.productOfOthers(axes: ax) * g.reshaped(kd)]
        }
    }

    /// For each element, the product of the other elements in its reduction group (prefix × suffix products),
    /// which is d prod / d x without dividing by x.
    func productOfOthers(axes: [Int]) -> Tensor {
        let kept = (0..<rank).filter { !axes.contains($0) }
        let perm = kept + axes
        let (data, rows, length) = rowsForReduction(axes)
        let src = data.to(.float64).materialized()
        let out = Tensor(uninitialized: data.shape, dtype: .float64)
        let p = src.basePointer(Double.self) + src.offset, q = out.basePointer(Double.self)
        for r in 0..<rows {
            var prefix = 1.0
            for i in 0..<length { q[r * length + i] = prefix; prefix *= p[r * length + i] }
            var suffix = 1.0
            for i in stride(from: length - 1, through: 0, by: -1) { q[r * length + i] *= suffix; suffix *= p[r * length + i] }
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, d) in perm.enumerated() { inverse[d] = i }
        return out.permutedView(inverse).to(dtype)
    }

    /// Largest element over `axes`. The gradient goes to the maximal elements, split evenly among ties.
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { extremum(.max, axes: axes, keepDims: keepDims) }

    /// Smallest element over `axes` (gradient as ``Swift.max(axes:keepDims:)``).
    public func min(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { extremum(.min, axes: axes, keepDims: keepDims) }

    private func extremum(_ kind: RowReduction, axes: [Int]?, keepDims: Bool) -> Tensor {
        let ax = reductionAxes(axes, op: kind == .max ? "max" : "min")
        let out = reduceForward(kind, axes: ax, keepDims: keepDims)
        let x = self, kd = keepDimsShape(ax), y = out.detached()
        return Tensor.record(kind == .max ? .max : .min, out, inputs: [self]) { g in
            let hit = (x .== y.reshaped(kd)).to(g.dtype)
            let ties = hit.sum(axes: ax, keepDims: true)
            return [hit * (g.reshaped(kd) / ties)]
        }
    }

    /// log Σ exp over `axes`, stable for large inputs; a group whose max is ±inf gives that value.
    public func logsumexp(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes, op: "logsumexp")
        let out = reduceForward(.logsumexp, axes: ax, keepDims: keepDims)
        let x = self, kd = keepDimsShape(ax), y = out.detached()
        return Tensor.record(.logsumexp, out, inputs: [self]) { g in
            // d/dx logsumexp = softmax = exp(x − lse); where lse is −inf every term is 0.
            let w = (x - y.reshaped(kd)).exp()
            return [Tensor.where(w .!= w, Tensor.zeros([], dtype: g.dtype), w) * g.reshaped(kd)]
        }
    }

    /// Index of the largest element along `axis` (first one among ties), as Int64.
    public func argmax(axis: Int, keepDims: Bool = false) -> Tensor { argExtremum(axis: axis, keepDims: keepDims, max: true) }

    /// Index of the smallest element along `axis` (first one among ties), as Int64.
    public func argmin(axis: Int, keepDims: Bool = false) -> Tensor { argExtremum(axis: axis, keepDims: keepDims, max: false) }

    private func argExtremum(axis: Int, keepDims: Bool, max: Bool) -> Tensor {
        let a = normalizeAxis(axis, op: max ? "argmax" : "argmin")
        let (data, rows, length) = rowsForReduction([a])
        precondition(length > 0, "\(max ? "argmax" : "argmin"): axis \(axis) has size 0")
        let src = data.to(.float64).materialized()
        let p = src.basePointer(Double.self) + src.offset
        let out = Tensor(uninitialized: reducedShape([a], keepDims: keepDims), dtype: .int64)
        let q = out.basePointer(Int64.self)
        for r in 0..<rows {
            var best = 0
            for i in 1..<Swift.max(length, 1) {
                let v = p[r * length + i], b = p[r * length + best]
                if b.isNaN { break }
                if v.isNaN || (max ? v > b : v < b) { best = i }
            }
            q[r] = Int64(best)
        }
        return out
    }

    /// Largest values along `axis` with their indices (first among ties), like `torch.max(x, dim)`.
    public func max(axis: Int, keepDims: Bool = false) -> (values: Tensor, indices: Tensor) {
        (self.max(axes: [axis], keepDims: keepDims), argmax(axis: axis, keepDims: keepDims))
    }

    /// Smallest values along `axis` with their indices, like `torch.min(x, dim)`.
    public func min(axis: Int, keepDims: Bool = false) -> (values: Tensor, indices: Tensor) {
        (self.min(axes: [axis], keepDims: keepDims), argmin(axis: axis, keepDims: keepDims))
    }

    /// Vector norm over `axes`: p = 2 (default), 1, any p > 0, or `.infinity` (max |x|).
    public func norm(p: Double = 2, axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        if p == 1 { return abs().sum(axes: axes, keepDims: keepDims) }
        if p == .infinity { return abs().max(axes: axes, keepDims: keepDims) }
        let powered = p == 2 ? self * self : abs().pow(p)
        return Tensor.rootOfSum(powered.sum(axes: axes, keepDims: keepDims), p: p)
    }

    /// `s^(1/p)` whose gradient is 0 where `s` is 0, as PyTorch's norm gradient at a zero vector: the plain root
    /// has an infinite derivative there, and ∞ · 0 is NaN. Zero sums go through a constant branch (the "double
    /// where"), so the value is unchanged and no infinity reaches the gradient.
    static func rootOfSum(_ s: Tensor, p: Double) -> Tensor {
        let isZero = s .== 0
        let safe = Tensor.where(isZero, s.scalarLike(1), s)
        let root = p == 2 ? safe.sqrt() : safe.pow(1 / p)
        return Tensor.where(isZero, s.scalarLike(0), root)
    }

    /// Cumulative sum along `axis`.
    public func cumsum(axis: Int) -> Tensor {
        let a = normalizeAxis(axis, op: "cumsum")
        let out = cumulativeSum(axis: a, reverse: false)
        return Tensor.record(.cumsum, out, inputs: [self]) { g in [g.cumulativeSum(axis: a, reverse: true)] }
    }

    /// Running sums along `axis`, from the end when `reverse` (the gradient of cumsum), accumulated in Float64.
    func cumulativeSum(axis a: Int, reverse: Bool) -> Tensor {
        precondition(dtype.isComputeFloat, "cumsum: dtype \(dtype) is not float32 or float64")
        if rank == 0 { return materialized() }  // torch.tensor(5.).cumsum(0) == 5
        let (data, rows, length) = rowsForReduction([a])
        let src = data.to(.float64).materialized()
        let tmp = Tensor(uninitialized: src.shape, dtype: .float64)
        let p = src.basePointer(Double.self) + src.offset, q = tmp.basePointer(Double.self)
        for r in 0..<rows {
            var acc = 0.0
            if reverse {
                for i in stride(from: length - 1, through: 0, by: -1) { acc += p[r * length + i]; q[r * length + i] = acc }
            } else {
                for i in 0..<length { acc += p[r * length + i]; q[r * length + i] = acc }
            }
        }
        // Undo the move of `a` to the last position.
        let kept = (0..<rank).filter { $0 != a }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, d) in (kept + [a]).enumerated() { inverse[d] = i }
        return tmp.reshaped(kept.map { shape[$0] } + [shape[a]]).permutedView(inverse).to(dtype).materialized()
    }
}
