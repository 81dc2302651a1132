// Slicing with ranges and steps (views), flipping (views with negative strides), and their gradients.

/// One entry of a tensor subscript: an index, a range with a step, or a new axis (spelled `.newAxis`; the whole
/// axis is `.all`, a stepped range `.stride(start, end, step)`).
public enum TensorRange: Sendable {
    case index(Int)
    case range(start: Int?, end: Int?, step: Int)
    case newAxisMarker
}

/// Things that can appear in a tensor subscript: `Int`, Swift ranges, and ``TensorRange`` values.
public protocol TensorRangeExpression {
    var tensorRange: TensorRange { get }
}
extension TensorRange: TensorRangeExpression { public var tensorRange: TensorRange { self } }
extension Int: TensorRangeExpression { public var tensorRange: TensorRange { .index(self) } }
extension Range: TensorRangeExpression where Bound == Int {
    public var tensorRange: TensorRange { .range(start: lowerBound, end: upperBound, step: 1) }
}
extension ClosedRange: TensorRangeExpression where Bound == Int {
    public var tensorRange: TensorRange { .range(start: lowerBound, end: upperBound + 1, step: 1) }
}
extension PartialRangeFrom: TensorRangeExpression where Bound == Int {
    public var tensorRange: TensorRange { .range(start: lowerBound, end: nil, step: 1) }
}
extension PartialRangeUpTo: TensorRangeExpression where Bound == Int {
    public var tensorRange: TensorRange { .range(start: nil, end: upperBound, step: 1) }
}
extension PartialRangeThrough: TensorRangeExpression where Bound == Int {
    public var tensorRange: TensorRange { .range(start: nil, end: upperBound + 1, step: 1) }
}


extension Tensor {
    /// NumPy-style indexing: `x[0]`, `x[1..<3, TensorRange.all]`, `x[.all, .stride(0, nil, 2)]`.
    /// Integer indices drop their dimension; unlisted trailing dimensions are kept whole. Returns a view.
    public subscript(_ ranges: any TensorRangeExpression...) -> Tensor {
        var starts: [Int] = [], ends: [Int] = [], steps: [Int] = []
        var finalShape: [Int] = []
        var axis = 0
        let items = ranges.map(\.tensorRange)
        let consumed = items.filter { if case .newAxisMarker = $0 { return false } else { return true } }.count
        precondition(consumed <= rank, "subscript: \(consumed) indices for a tensor of rank \(rank)")
        for item in items {
            switch item {
            case .newAxisMarker:
                finalShape.append(1)
                continue
            case .index(let i):
                let j = i < 0 ? i + shape[axis] : i
                precondition(j >= 0 && j < shape[axis], "subscript: index \(i) out of range for axis \(axis) of size \(shape[axis])")
                starts.append(j); ends.append(j + 1); steps.append(1)
            case .range(let s, let e, let step):
                precondition(step > 0, "subscript: step must be positive, got \(step) (use flipped(axes:) to reverse)")
                let n = shape[axis]
                func clampIndex(_ v: Int) -> Int { Swift.min(Swift.max(v < 0 ? v + n : v, 0), n) }
                let a = clampIndex(s ?? 0), b = Swift.max(clampIndex(e ?? n), clampIndex(s ?? 0))
                starts.append(a); ends.append(b); steps.append(step)
                finalShape.append((b - a + step - 1) / step)
            }
            axis += 1
        }
        while axis < rank {
            starts.append(0); ends.append(shape[axis]); steps.append(1)
            finalShape.append(shape[axis])
            axis += 1
        }
        return slice(starts: starts, ends: ends, steps: steps).reshaped(finalShape)
    }

    /// The primitive: a strided view selecting `starts[d] ..< ends[d]` by `steps[d]` in every dimension.
    func slice(starts: [Int], ends: [Int], steps: [Int]) -> Tensor {
        var out = self
        var newShape: [Int] = []
        var newStrides: [Int] = []
        var off = offset
        for d in 0..<rank {
            let n = Swift.max(0, (ends[d] - starts[d] + steps[d] - 1) / steps[d])
            newShape.append(n)
            newStrides.append(strides[d] * steps[d])
            if n > 0 { off += starts[d] * strides[d] }
        }
        if newShape == shape && steps.allSatisfy({ $0 == 1 }) { return self }
        out.shape = newShape
        out.strides = newStrides
        out.offset = off
        let inShape = shape
        return Tensor.record(.slice, out, inputs: [self]) { g in
            [Tensor.embed(g, intoZerosOf: inShape, starts: starts, steps: steps)]
        }
    }

    /// Zeros of `shape` with `g` written at the sliced positions (the gradient of a slice).
    static func embed(_ g: Tensor, intoZerosOf shape: [Int], starts: [Int], steps: [Int]) -> Tensor {
        let out = Tensor.zeros(shape, dtype: g.dtype)
        var off = 0
        var st: [Int] = []
        for d in 0..<shape.count {
            off += starts[d] * out.strides[d]
            st.append(out.strides[d] * steps[d])
        }
        out.writeRegion(g, offset: off, strides: st)
        return out
    }

    /// Copies `src` (shape = the region's shape) into this tensor's storage at `offset` with `strides`.
    /// Only for freshly allocated, uniquely owned outputs.
    func writeRegion(_ src: Tensor, offset: Int, strides st: [Int]) {
        precondition(src.dtype == dtype, "writeRegion: dtype \(src.dtype) into \(dtype)")
        switch dtype.byteSize {
        case 1: writeRegionTyped(UInt8.self, src, offset, st)
        case 2: writeRegionTyped(UInt16.self, src, offset, st)
        case 4: writeRegionTyped(UInt32.self, src, offset, st)
        default: writeRegionTyped(UInt64.self, src, offset, st)
        }
    }

    private func writeRegionTyped<T>(_: T.Type, _ src: Tensor, _ off: Int, _ st: [Int]) {
        let dst = basePointer(T.self), s = src.basePointer(T.self)
        forEachRow(shape: src.shape, st, off, src.strides, src.offset) { o, i, n, so, si in
            for k in 0..<n { dst[o + k * so] = s[i + k * si] }
        }
    }

    /// Reverses the order of elements along `axes` (a view with negative strides).
    public func flipped(axes: [Int]) -> Tensor {
        let ax = Set(axes.map { normalizeAxis($0, op: "flipped") })
        var out = self
        for d in ax where shape[d] > 0 {
            out.offset += (shape[d] - 1) * strides[d]
            out.strides[d] = -strides[d]
        }
        let axesList = Array(ax)
        return Tensor.record(.flip, out, inputs: [self]) { g in [g.flipped(axes: axesList)] }
    }

    /// Elements `start ..< start + length` along `axis` (a view).
    public func narrowed(axis: Int, start: Int, length: Int) -> Tensor {
        let a = normalizeAxis(axis, op: "narrowed")
        precondition(start >= 0 && length >= 0 && start + length <= shape[a], "narrowed: \(start)..<\(start + length) out of range for axis \(a) of size \(shape[a])")
        var starts = [Int](repeating: 0, count: rank), ends = shape
        starts[a] = start
        ends[a] = start + length
        return slice(starts: starts, ends: ends, steps: [Int](repeating: 1, count: rank))
    }
}

extension TensorRangeExpression where Self == TensorRange {
    /// The whole axis (`:` in NumPy).
    public static var all: TensorRange { TensorRange.range(start: nil, end: nil, step: 1) }
    /// A new axis of size 1 (`None` in NumPy).
    public static var newAxis: TensorRange { TensorRange.newAxisMarker }
    /// `start ..< end` by `step` (nil start/end mean the ends of the axis).
    public static func stride(_ start: Int?, _ end: Int?, _ step: Int) -> TensorRange { .range(start: start, end: end, step: step) }
}
