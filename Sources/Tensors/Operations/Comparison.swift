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
        let out = Tensor(uninitialized: shape, dtype: .bool)
        let po = out.basePointer(UInt8.self)
        let sa = a.broadcastStrides(to: shape), sb = b.broadcastStrides(to: shape)
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

    public static func .== (a: Tensor, b: Tensor) -> Tensor { compare(.eq, a, b) }
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { compare(.ne, a, b) }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { compare(.lt, a, b) }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { compare(.le, a, b) }
    public static func .> (a: Tensor, b: Tensor) -> Tensor { compare(.gt, a, b) }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { compare(.ge, a, b) }
    public static func .== (a: Tensor, b: Double) -> Tensor { compare(.eq, a, .full(b, shape: [], dtype: .float64)) }
    public static func .!= (a: Tensor, b: Double) -> Tensor { compare(.ne, a, .full(b, shape: [], dtype: .float64)) }
    public static func .< (a: Tensor, b: Double) -> Tensor { compare(.lt, a, .full(b, shape: [], dtype: .float64)) }
    public static func .<= (a: Tensor, b: Double) -> Tensor { compare(.le, a, .full(b, shape: [], dtype: .float64)) }
    public static func .> (a: Tensor, b: Double) -> Tensor { compare(.gt, a, .full(b, shape: [], dtype: .float64)) }
    public static func .>= (a: Tensor, b: Double) -> Tensor { compare(.ge, a, .full(b, shape: [], dtype: .float64)) }

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
