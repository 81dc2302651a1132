// Elementwise binary ops with NumPy broadcasting, and the gradient of each beside its forward.
import Kernels
import RealModule

/// The elementwise binary primitives.
enum BinaryOp: Sendable {
    case add, sub, mul, div, pow, minimum, maximum

    var kind: OpKind {
        switch self {
        case .add: .add
        case .sub: .sub
        case .mul: .mul
        case .div: .div
        case .pow: .pow
        case .minimum: .minimum
        case .maximum: .maximum
        }
    }

    var kernel: VectorKernels.Binary? {
        switch self {
        case .add: .add
        case .sub: .sub
        case .mul: .mul
        case .div: .div
        default: nil
        }
    }

    @inline(__always)
    func apply<T: TensorFloat>(_ a: T, _ b: T) -> T {
        switch self {
        case .add: a + b
        case .sub: a - b
        case .mul: a * b
        case .div: a / b
        case .pow: ieeePow(a, b)
        // NaN propagates, as in PyTorch's minimum/maximum.
        case .minimum: a.isNaN || b.isNaN ? T.nan : Swift.min(a, b)
        case .maximum: a.isNaN || b.isNaN ? T.nan : Swift.max(a, b)
        }
    }
}

/// xʸ with C `pow` semantics, as PyTorch: RealModule's `pow(x, y)` returns NaN for every negative base and
/// for 0⁰, where torch gives (−2)³ = −8, x⁰ = 1 (NaN⁰ too) and NaN only for a negative base with a non-integer
/// exponent.
@inline(__always)
func ieeePow<T: TensorFloat>(_ x: T, _ y: T) -> T {
    if y == 0 { return 1 }
    if x >= 0 || x.isNaN { return T.pow(x, y) }
    // Negative base: real only for integer exponents (±inf and every float ≥ 2⁵³ count as even integers).
    guard y.rounded(.towardZero) == y else { return .nan }
    let magnitude = T.pow(-x, y)
    let half = y / 2
    return half.rounded(.towardZero) == half ? magnitude : -magnitude
}

extension Tensor {
    /// Forward of a binary op: broadcasts, then runs the C kernel for contiguous Float32 operands or a strided loop.
    static func binaryForward(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(
            a.dtype == b.dtype && a.dtype.isComputeFloat,
            "\(op.kind): dtypes \(a.dtype) and \(b.dtype) must match and be float32 or float64")
        let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape, op: "\(op.kind)")
        let out = Tensor(uninitialized: shape, dtype: a.dtype)
        let n = out.count
        if a.dtype == .float32, let k = op.kernel, a.isContiguous, a.shape == shape {
            let pa = a.basePointer(Float.self) + a.offset, po = out.basePointer(Float.self)
            if b.shape == shape && b.isContiguous {
                VectorKernels.binary(k, pa, b.basePointer(Float.self) + b.offset, po, count: n)
                return out
            }
            if b.count == 1 {
                VectorKernels.binary(k, pa, scalar: Float(b.item), po, count: n)
                return out
            }
        }
        switch a.dtype {
        case .float32: stridedBinary(op, a, b, out, Float.self)
        default: stridedBinary(op, a, b, out, Double.self)
        }
        return out
    }

    private static func stridedBinary<T: TensorFloat>(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ out: Tensor, _: T.Type) {
        let pa = a.basePointer(T.self), pb = b.basePointer(T.self), po = out.basePointer(T.self)
        let sa = a.broadcastStrides(to: out.shape), sb = b.broadcastStrides(to: out.shape)
        forEachRow(shape: out.shape, out.strides, 0, sa, a.offset, sb, b.offset) { o, i, j, n, so, si, sj in
            switch op {
            case .add: for k in 0..<n { po[o + k * so] = pa[i + k * si] + pb[j + k * sj] }
            case .sub: for k in 0..<n { po[o + k * so] = pa[i + k * si] - pb[j + k * sj] }
            case .mul: for k in 0..<n { po[o + k * so] = pa[i + k * si] * pb[j + k * sj] }
            case .div: for k in 0..<n { po[o + k * so] = pa[i + k * si] / pb[j + k * sj] }
            default: for k in 0..<n { po[o + k * so] = op.apply(pa[i + k * si], pb[j + k * sj]) }
            }
        }
    }

    /// Forward plus the gradient rule of each binary op.
    static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        let out = binaryForward(op, a, b)
        guard a.requiresGradient || b.requiresGradient, GradientMode.isRecording else { return out }
        let (sa, sb) = (a.shape, b.shape)
        let (ra, rb) = (a.requiresGradient, b.requiresGradient)
        let pullback: Pullback
        switch op {
        case .add:
            pullback = { g in [ra ? g.sumToShape(sa) : nil, rb ? g.sumToShape(sb) : nil] }
        case .sub:
            pullback = { g in [ra ? g.sumToShape(sa) : nil, rb ? (-g).sumToShape(sb) : nil] }
        case .mul:
            pullback = { g in [ra ? (g * b).sumToShape(sa) : nil, rb ? (g * a).sumToShape(sb) : nil] }
        case .div:
            // d(a/b)/da = 1/b; d(a/b)/db = -a/b².
            pullback = { g in [ra ? (g / b).sumToShape(sa) : nil, rb ? (-g * a / (b * b)).sumToShape(sb) : nil] }
        case .pow:
            // d(a^b)/da = b·a^(b-1); d(a^b)/db = a^b·ln a, taken as 0 where a == 0 and b >= 0 (as PyTorch).
            let result = out.detached()
            pullback = { g in
                // Zero where the exponent is 0 (as PyTorch), not 0 · 0⁻¹ = NaN at a zero base.
                let ga = ra
                    ? Tensor.where(b .== 0, Tensor.zeros([], dtype: g.dtype), g * b * Tensor.binaryForward(.pow, a, b - 1)).sumToShape(sa)
                    : nil
                var gb: Tensor? = nil
                if rb {
                    let zeroBase = (a .== 0) & (b .>= 0)
                    gb = Tensor.where(zeroBase, Tensor.zeros([], dtype: g.dtype), g * result * a.log()).sumToShape(sb)
                }
                return [ga, gb]
            }
        case .minimum, .maximum:
            // The gradient goes to the chosen input; ties split it evenly (as PyTorch).
            pullback = { g in
                let pickA = op == .maximum ? (a .> b) : (a .< b)
                let tie = a .== b
                let half = g * 0.5
                let zero = Tensor.zeros([], dtype: g.dtype)
                let ga = ra ? Tensor.where(tie, half, Tensor.where(pickA, g, zero)).sumToShape(sa) : nil
                let gb = rb ? Tensor.where(tie, half, Tensor.where(pickA, zero, g)).sumToShape(sb) : nil
                return [ga, gb]
            }
        }
        return record(op.kind, out, inputs: [a, b], pullback: pullback)
    }

    /// A rank-0 tensor of this tensor's dtype holding `value`.
    func scalarLike(_ value: Double) -> Tensor { .full(value, shape: [], dtype: dtype.isComputeFloat ? dtype : .float32) }

    public static func + (a: Tensor, b: Tensor) -> Tensor { binary(.add, a, b) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { binary(.sub, a, b) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { binary(.mul, a, b) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { binary(.div, a, b) }

    public static func + (a: Tensor, b: Double) -> Tensor { binary(.add, a, a.scalarLike(b)) }
    public static func - (a: Tensor, b: Double) -> Tensor { binary(.sub, a, a.scalarLike(b)) }
    public static func * (a: Tensor, b: Double) -> Tensor { binary(.mul, a, a.scalarLike(b)) }
    public static func / (a: Tensor, b: Double) -> Tensor { binary(.div, a, a.scalarLike(b)) }
    public static func + (a: Double, b: Tensor) -> Tensor { binary(.add, b.scalarLike(a), b) }
    public static func - (a: Double, b: Tensor) -> Tensor { binary(.sub, b.scalarLike(a), b) }
    public static func * (a: Double, b: Tensor) -> Tensor { binary(.mul, b.scalarLike(a), b) }
    public static func / (a: Double, b: Tensor) -> Tensor { binary(.div, b.scalarLike(a), b) }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }

    /// `self` raised to `exponent`, elementwise with broadcasting.
    public func pow(_ exponent: Tensor) -> Tensor { Tensor.binary(.pow, self, exponent) }

    /// Elementwise minimum with broadcasting (NaN if either is NaN).
    public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { binary(.minimum, a, b) }

    /// Elementwise maximum with broadcasting (NaN if either is NaN).
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { binary(.maximum, a, b) }
}
