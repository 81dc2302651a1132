// Elementwise unary math and activations, each with its derivative beside it.
import Kernels
import RealModule

/// The elementwise unary primitives (with their scalar parameter where they take one).
enum UnaryOp: Sendable {
    case neg, abs, exp, log, log1p, expm1, sqrt, rsqrt, sin, cos, tanh, sigmoid
    case relu, leakyRelu(Double), geluExact, geluTanh, silu, softplus(beta: Double, threshold: Double)
    case clamp(Double, Double), powScalar(Double)

    var kind: OpKind {
        switch self {
        case .neg: .neg
        case .abs: .abs
        case .exp: .exp
        case .log: .log
        case .log1p: .log1p
        case .expm1: .expm1
        case .sqrt: .sqrt
        case .rsqrt: .rsqrt
        case .sin: .sin
        case .cos: .cos
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        case .relu: .relu
        case .leakyRelu: .leakyRelu
        case .geluExact: .geluExact
        case .geluTanh: .geluTanh
        case .silu: .silu
        case .softplus: .softplus
        case .clamp: .clamp
        case .powScalar: .powScalar
        }
    }

    /// The C kernel for contiguous Float32 input, where one exists.
    var kernel: VectorKernels.Map? {
        switch self {
        case .exp: .exp
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        case .geluExact: .geluErf
        case .geluTanh: .geluTanh
        case .silu: .silu
        default: nil
        }
    }

    @inline(__always)
    func apply<T: TensorFloat>(_ x: T) -> T {
        switch self {
        case .neg: return -x
        case .abs: return Swift.abs(x)
        case .exp: return T.exp(x)
        case .log: return T.log(x)
        case .log1p: return T.log(onePlus: x)
        case .expm1: return T.expMinusOne(x)
        case .sqrt: return x.squareRoot()
        case .rsqrt: return 1 / x.squareRoot()
        case .sin: return T.sin(x)
        case .cos: return T.cos(x)
        case .tanh: return T.tanh(x)
        case .sigmoid: return UnaryOp.sigmoid(x)
        case .relu: return x > 0 ? x : (x.isNaN ? x : 0)
        case .leakyRelu(let slope): return x > 0 ? x : x * T(slope)
        case .geluExact: return x * (1 + T.erf(x / T.sqrt(2))) / 2
        case .geluTanh: return x * (1 + T.tanh(T(UnaryOp.geluC) * (x + T(0.044715) * x * x * x))) / 2
        case .silu: return x * UnaryOp.sigmoid(x)
        case .softplus(let beta, let threshold):
            // Linear above the threshold, as PyTorch, so large inputs do not overflow.
            let bx = T(beta) * x
            return bx > T(threshold) ? x : T.log(onePlus: T.exp(bx)) / T(beta)
        case .clamp(let lo, let hi): return UnaryOp.clampValue(x, T(lo), T(hi))
        case .powScalar(let p): return ieeePow(x, T(p))
        }
    }

    static let geluC = 0.7978845608028654  // sqrt(2/pi)

    /// `torch.clamp` of one value: NaN stays NaN, a NaN bound gives NaN, and when `lo > hi` every value becomes
    /// `hi` (max is applied after min).
    @inline(__always)
    static func clampValue<T: TensorFloat>(_ v: T, _ lo: T, _ hi: T) -> T {
        if lo.isNaN || hi.isNaN { return .nan }
        let c = v < lo ? lo : v  // NaN < lo is false: NaN passes through both selects
        return c > hi ? hi : c
    }

    @inline(__always)
    static func sigmoid<T: TensorFloat>(_ x: T) -> T {
        // Two branches keep exp's argument non-positive, so neither overflows.
        if x >= 0 { return 1 / (1 + T.exp(-x)) }
        let e = T.exp(x)
        return e / (1 + e)
    }
}

extension Tensor {
    static func unaryForward(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        precondition(x.dtype.isComputeFloat, "\(op.kind): dtype \(x.dtype) is not float32 or float64; convert with to(.float32)")
        let out = Tensor(uninitialized: x.shape, dtype: x.dtype)
        if x.dtype == .float32 {
            if let k = op.kernel, x.isContiguous {
                VectorKernels.map(k, x.basePointer(Float.self) + x.offset, out.basePointer(Float.self), count: x.count)
                return out
            }
            if let fast = unaryContiguous(op, x) { return fast }
            stridedUnary(op, x, out, Float.self)
        } else {
            if let fast = unaryContiguous(op, x) { return fast }
            stridedUnary(op, x, out, Double.self)
        }
        return out
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    private static func stridedUnary<T: TensorFloat>(_ op: UnaryOp, _ x: Tensor, _ out: Tensor, _: T.Type) {
        let px = x.basePointer(T.self), po = out.basePointer(T.self)
        forEachRow(shape: x.shape, out.strides, 0, x.strides, x.offset) { o, i, n, so, si in
            switch op {
            case .neg: for k in 0..<n { po[o + k * so] = -px[i + k * si] }
            case .relu:
                for k in 0..<n {
                    let v = px[i + k * si]
                    po[o + k * so] = v > 0 ? v : (v.isNaN ? v : 0)
                }
            default: for k in 0..<n { po[o + k * so] = op.apply(px[i + k * si]) }
            }
        }
    }

    /// Forward plus the derivative rule of each unary op.
    static func unary(_ op: UnaryOp, _ x: Tensor, site: CallSite? = nil) -> Tensor {
        let out = unaryForward(op, x)
        guard x.requiresGradient, GradientMode.isRecording else { return out }
        let y = out.detached()
        let pullback: Pullback
        switch op {
        case .neg: pullback = { g in [-g] }
        case .abs: pullback = { g in [g * x.sign()] }
        case .exp: pullback = { g in [g * y] }
        case .log: pullback = { g in [g / x] }
        case .log1p: pullback = { g in [g / (x + 1)] }
        case .expm1: pullback = { g in [g * (y + 1)] }
        case .sqrt: pullback = { g in [g / (y * 2)] }
        case .rsqrt: pullback = { g in [g * y * y * y * -0.5] }  // d(x^-1/2) = -x^-3/2 / 2
        case .sin: pullback = { g in [g * x.cos()] }
        case .cos: pullback = { g in [-g * x.sin()] }
        case .tanh: pullback = { g in [g * (1 - y * y)] }
        case .sigmoid: pullback = { g in [g * y * (1 - y)] }
        case .relu: pullback = { g in [Tensor.reluBackward(g, x)] }
        case .leakyRelu(let slope):
            pullback = { g in [Tensor.where(x .> 0, g, g * slope)] }
        case .geluExact:
            // d/dx x·Φ(x) = Φ(x) + x·φ(x).
            pullback = { g in
                let cdf = (1 + (x * (1 / 2.0.squareRoot())).erf()) * 0.5
                let pdf = (x * x * -0.5).exp() * (1 / (2 * Double.pi).squareRoot())
                return [g * (cdf + x * pdf)]
            }
        case .geluTanh:
            pullback = { g in
                let inner = (x + x * x * x * 0.044715) * UnaryOp.geluC
                let t = inner.tanh()
                let dInner = (1 + x * x * (3 * 0.044715)) * UnaryOp.geluC
                return [g * ((1 + t) * 0.5 + x * 0.5 * (1 - t * t) * dInner)]
            }
        case .silu:
            pullback = { g in
                let s = x.sigmoid()
                return [g * s * (1 + x * (1 - s))]
            }
        case .softplus(let beta, let threshold):
            pullback = { g in [Tensor.where(x * beta .> threshold, g, g * (x * beta).sigmoid())] }
        case .clamp(let lo, let hi):
            pullback = { g in [Tensor.where((x .>= lo) & (x .<= hi), g, Tensor.zeros([], dtype: g.dtype))] }
        case .powScalar(let p):
            // d(x⁰)/dx is 0 (as PyTorch), not 0 · 0⁻¹ = NaN at x = 0.
            pullback = { g in [p == 0 ? Tensor.zeros(like: g) : g * p * Tensor.unaryForward(.powScalar(p - 1), x)] }
        }
        return record(op.kind, out, inputs: [x], site: site, pullback: pullback)
    }

    public static prefix func - (x: Tensor) -> Tensor { unary(.neg, x) }
    /// |x|
    public func abs(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.abs, self, site: CallSite(fileID: file, line: line)) }
    /// eˣ
    public func exp(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.exp, self, site: CallSite(fileID: file, line: line)) }
    /// Natural logarithm.
    public func log(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.log, self, site: CallSite(fileID: file, line: line)) }
    /// ln(1 + x), accurate near 0.
    public func log1p(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.log1p, self, site: CallSite(fileID: file, line: line)) }
    /// eˣ − 1, accurate near 0.
    public func expm1(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.expm1, self, site: CallSite(fileID: file, line: line)) }
    /// √x
    public func sqrt(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.sqrt, self, site: CallSite(fileID: file, line: line)) }
    /// 1/√x
    public func rsqrt(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.rsqrt, self, site: CallSite(fileID: file, line: line)) }
    /// sin x
    public func sin(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.sin, self, site: CallSite(fileID: file, line: line)) }
    /// cos x
    public func cos(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.cos, self, site: CallSite(fileID: file, line: line)) }
    /// tanh x
    public func tanh(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.tanh, self, site: CallSite(fileID: file, line: line)) }
    /// 1 / (1 + e⁻ˣ), computed without overflow.
    public func sigmoid(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.sigmoid, self, site: CallSite(fileID: file, line: line)) }
    /// Swift.max(x, 0)
    public func relu(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.relu, self, site: CallSite(fileID: file, line: line)) }
    /// x for x > 0, slope·x otherwise.
    public func leakyRelu(slope: Double = 0.01, file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.leakyRelu(slope), self, site: CallSite(fileID: file, line: line)) }
    /// GELU: x·Φ(x) exactly (`approximate: false`, PyTorch's default) or with the tanh approximation.
    public func gelu(approximate: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(approximate ? .geluTanh : .geluExact, self, site: CallSite(fileID: file, line: line)) }
    /// SiLU (swish): x·σ(x).
    public func silu(file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.silu, self, site: CallSite(fileID: file, line: line)) }
    /// log(1 + e^(βx))/β, linear where βx > threshold (PyTorch's defaults).
    public func softplus(beta: Double = 1, threshold: Double = 20) -> Tensor {
        Tensor.unary(.softplus(beta: beta, threshold: threshold), self)
    }
    /// Limits every element to `[min, max]`; the gradient is zero outside.
    public func clamped(min lo: Double = -.infinity, max hi: Double = .infinity) -> Tensor {
        Tensor.unary(.clamp(lo, hi), self)
    }
    /// xᵖ for a constant exponent.
    public func pow(_ p: Double, file: String = #fileID, line: Int = #line) -> Tensor { Tensor.unary(.powScalar(p), self, site: CallSite(fileID: file, line: line)) }

    /// The sign of each element (−1, 0, 1; NaN stays NaN). Not differentiable (zero gradient).
    public func sign() -> Tensor {
        let x = detached()
        return Tensor.where(x .> 0, x.scalarLike(1), Tensor.where(x .< 0, x.scalarLike(-1), x * 0))
    }

    /// The error function, elementwise (not differentiable: used inside gradient rules).
    func erf() -> Tensor {
        var out = Tensor(uninitialized: shape, dtype: dtype)
        let src = materialized()
        if dtype == .float32 {
            let p = src.basePointer(Float.self) + src.offset, q = out.basePointer(Float.self)
            for i in 0..<count { q[i] = Float.erf(p[i]) }
        } else {
            let p = src.basePointer(Double.self) + src.offset, q = out.basePointer(Double.self)
            for i in 0..<count { q[i] = Double.erf(p[i]) }
        }
        out.node = nil
        return out
    }
}
