// Comparisons returning Bool masks, and logical operations on masks. Not differentiable.

infix operator .== : ComparisonPrecedence
infix operator .!= : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .> : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence

extension Tensor {
    enum Comparison { case eq, ne, lt, le, gt, ge }

    static func compare(_ c: Comparison, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape, op: "comparison")
        if shape == a.shape, let fast = compareContiguous(c, a, b) { return fast }
        let out = Tensor(uninitialized: shape, dtype: .bool)
        let po = out.basePointer(UInt8.self)
        let sa = a.broadcastStrides(to: shape), sb = b.broadcastStrides(to: shape)
        // Same-dtype float operands (the masks of activation gradients) take a typed loop.
        if a.dtype == b.dtype && a.dtype.isComputeFloat {
            if a.dtype == .float32 { compareTyped(Float.self, c, a, b, out) } else { compareTyped(Double.self, c, a, b, out) }
            return out
        }
        forEachRow(shape: shape, out.strides, 0, sa, a.offset, sb, b.offset) { o, i, j, n, so, si, sj in
            for k in 0..<n {
                let x = a.readDouble(storageIndex: i + k * si), y = b.readDouble(storageIndex: j + k * sj)
                let r: Bool
                switch c {
                case .eq: r = x == y
                case .ne: r = x != y
                case .lt: r = x < y
                case .le: r = x <= y
                case .gt: r = x > y
                case .ge: r = x >= y
                }
                po[o + k * so] = r ? 1 : 0
            }
        }
        return out
    }

    private static func compareTyped<T: TensorFloat>(_: T.Type, _ c: Comparison, _ a: Tensor, _ b: Tensor, _ out: Tensor) {
        let pa = a.basePointer(T.self), pb = b.basePointer(T.self), po = out.basePointer(UInt8.self)
        let sa = a.broadcastStrides(to: out.shape), sb = b.broadcastStrides(to: out.shape)
        forEachRow(shape: out.shape, out.strides, 0, sa, a.offset, sb, b.offset) { o, i, j, n, so, si, sj in
            for k in 0..<n {
                let x = pa[i + k * si], y = pb[j + k * sj]
                let r: Bool = switch c {
                case .eq: x == y
                case .ne: x != y
                case .lt: x < y
                case .le: x <= y
                case .gt: x > y
                case .ge: x >= y
                }
                po[o + k * so] = r ? 1 : 0
            }
        }
    }

    public static func .== (a: Tensor, b: Tensor) -> Tensor { compare(.eq, a, b) }
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { compare(.ne, a, b) }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { compare(.lt, a, b) }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { compare(.le, a, b) }
    public static func .> (a: Tensor, b: Tensor) -> Tensor { compare(.gt, a, b) }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { compare(.ge, a, b) }
    public static func .== (a: Tensor, b: Double) -> Tensor { compare(.eq, a, a.comparand(b)) }
    public static func .!= (a: Tensor, b: Double) -> Tensor { compare(.ne, a, a.comparand(b)) }
    public static func .< (a: Tensor, b: Double) -> Tensor { compare(.lt, a, a.comparand(b)) }
    public static func .<= (a: Tensor, b: Double) -> Tensor { compare(.le, a, a.comparand(b)) }
    public static func .> (a: Tensor, b: Double) -> Tensor { compare(.gt, a, a.comparand(b)) }
    public static func .>= (a: Tensor, b: Double) -> Tensor { compare(.ge, a, a.comparand(b)) }

    /// A rank-0 operand for comparing with `value`: in this tensor's float dtype (so the typed loop runs), else Float64.
    func comparand(_ value: Double) -> Tensor { .full(value, shape: [], dtype: dtype.isComputeFloat ? dtype : .float64) }

    /// Elementwise logical AND of two masks (any nonzero counts as true).
    public static func & (a: Tensor, b: Tensor) -> Tensor { logical(a, b) { $0 && $1 } }
    /// Elementwise logical OR of two masks.
    public static func | (a: Tensor, b: Tensor) -> Tensor { logical(a, b) { $0 || $1 } }
    /// Elementwise logical NOT of a mask.
    public static prefix func ! (a: Tensor) -> Tensor { compare(.eq, a, .full(0, shape: [], dtype: .float64)) }

    static func logical(_ a: Tensor, _ b: Tensor, _ f: (Bool, Bool) -> Bool) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape, op: "logical")
        let out = Tensor(uninitialized: shape, dtype: .bool)
        let po = out.basePointer(UInt8.self)
        let sa = a.broadcastStrides(to: shape), sb = b.broadcastStrides(to: shape)
        forEachRow(shape: shape, out.strides, 0, sa, a.offset, sb, b.offset) { o, i, j, n, so, si, sj in
            for k in 0..<n {
                po[o + k * so] = f(a.readDouble(storageIndex: i + k * si) != 0, b.readDouble(storageIndex: j + k * sj) != 0) ? 1 : 0
            }
        }
        return out
    }

    /// Whether every element equals `other`'s (same shape required).
    public func allEqual(_ other: Tensor) -> Bool {
        shape == other.shape && doubles == other.doubles
    }
}
