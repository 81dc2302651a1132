// The kernels of the kernel SVMs (libsvm's four) and their evaluation in blocks through the matrix multiply.
import Foundation
import Kernels

/// How the kernel's γ is chosen (scikit-learn's `gamma`).
public enum KernelGamma: Codable, Equatable, Sendable {
    /// `1 / (features · Var(X))`, the variance over every entry of the training matrix (scikit-learn's default).
    case scale
    /// `1 / features`.
    case auto
    /// A fixed γ > 0.
    case value(Double)
}

/// The kernel `K(x, z)` of ``SVC`` and ``SVR`` (libsvm's kernel types).
public enum SVMKernel: Codable, Equatable, Sendable {
    /// `x·z`.
    case linear
    /// `exp(−γ‖x − z‖²)`.
    case rbf(gamma: KernelGamma = .scale)
    /// `(γ x·z + coef0)^degree`.
    case polynomial(degree: Int = 3, gamma: KernelGamma = .scale, coef0: Double = 0)
    /// `tanh(γ x·z + coef0)`.
    case sigmoid(gamma: KernelGamma = .scale, coef0: Double = 0)

    var gammaSetting: KernelGamma? {
        switch self {
        case .linear: nil
        case let .rbf(gamma), let .polynomial(_, gamma, _), let .sigmoid(gamma, _): gamma
        }
    }

    func validate() throws(ClassicMLError) {
        if case let .value(g) = gammaSetting, !(g > 0 && g.isFinite) {
            throw .invalidHyperparameter(name: "gamma", value: "\(g)", expected: "a finite value > 0, .scale or .auto")
        }
        if case let .polynomial(degree, _, coef0) = self {
            guard degree >= 0 else { throw .invalidHyperparameter(name: "degree", value: "\(degree)", expected: "≥ 0") }
            guard coef0.isFinite else { throw .invalidHyperparameter(name: "coef0", value: "\(coef0)", expected: "a finite number") }
        }
        if case let .sigmoid(_, coef0) = self, !coef0.isFinite {
            throw .invalidHyperparameter(name: "coef0", value: "\(coef0)", expected: "a finite number")
        }
    }

    /// The kernel with γ resolved on the training matrix (row-major Float64, `rows × columns`).
    func resolved(_ x: [Double], columns: Int) -> KernelFunction {
        var gamma = 0.0
        switch gammaSetting {
        case .none: break
        case .auto: gamma = 1 / Double(columns)
        case let .value(g): gamma = g
        case .scale:
            let n = Double(x.count)
            let mean = x.reduce(0, +) / n
            let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            gamma = variance > 0 ? 1 / (Double(columns) * variance) : 1
        }
        switch self {
        case .linear: return KernelFunction(kind: .linear, gamma: 1, coef0: 0, degree: 1)
        case .rbf: return KernelFunction(kind: .rbf, gamma: gamma, coef0: 0, degree: 0)
        case let .polynomial(degree, _, coef0): return KernelFunction(kind: .polynomial, gamma: gamma, coef0: coef0, degree: degree)
        case let .sigmoid(_, coef0): return KernelFunction(kind: .sigmoid, gamma: gamma, coef0: coef0, degree: 0)
        }
    }
}

/// A kernel with its numbers fixed, evaluated a block at a time: `K = f(A·Bᵀ)` by one SGEMM, with squared row
/// norms for the RBF distance `‖a‖² + ‖b‖² − 2a·b`. Values are Float32, as libsvm caches them.
struct KernelFunction: Codable, Equatable, Sendable {
    enum Kind: String, Codable, Sendable { case linear, rbf, polynomial, sigmoid }
    let kind: Kind
    let gamma: Double
    let coef0: Double
    let degree: Int

    /// Rows of a matrix in the form the kernel blocks read: Float32 values and squared norms.
    struct Rows: Sendable {
        let values: [Float]
        let norms: [Float]
        let count: Int
        let columns: Int

        init(_ x: [Double], rows: Int, columns: Int) {
            values = x.map { Float($0) }
            var norms = [Float](repeating: 0, count: rows)
            for i in 0..<rows {
                var s = 0.0
                for j in 0..<columns { let v = x[i * columns + j]; s += v * v }
                norms[i] = Float(s)
            }
            self.norms = norms
            count = rows
            self.columns = columns
        }

        init(gathering indices: [Int], from rows: Rows) {
            var values = [Float](), norms = [Float]()
            values.reserveCapacity(indices.count * rows.columns)
            for i in indices {
                values.append(contentsOf: rows.values[(i * rows.columns)..<((i + 1) * rows.columns)])
                norms.append(rows.norms[i])
            }
            self.values = values
            self.norms = norms
            count = indices.count
            columns = rows.columns
        }
    }

    /// `K(x, x)` of one row with squared norm `norm` (the diagonal of the Gram matrix).
    func selfValue(norm: Double) -> Double {
        switch kind {
        case .linear: norm
        case .rbf: 1
        case .polynomial: integerPower(gamma * norm + coef0, degree)
        case .sigmoid: Foundation.tanh(gamma * norm + coef0)
        }
    }

    /// `out[r, c] = K(a[aStart + r], b[c])` for `r < aCount`, `c < b.count`, with row stride `b.count`.
    func block(_ a: Rows, aStart: Int, aCount: Int, _ b: Rows, into out: UnsafeMutablePointer<Float>, multithreaded: Bool) {
        let n = b.count, cols = a.columns, count = aCount * n
        guard count > 0 else { return }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                MatrixMultiply.sgemm(transB: true, m: aCount, n: n, k: cols, a: pa.baseAddress! + aStart * cols, lda: cols,
                                     b: pb.baseAddress!, ldb: cols, c: out, ldc: n, multithreaded: multithreaded)
            }
        }
        let g = Float(gamma), c0 = Float(coef0)
        switch kind {
        case .linear:
            return
        case .rbf:
            for r in 0..<aCount {
                let na = a.norms[aStart + r], row = out + r * n
                b.norms.withUnsafeBufferPointer { nb in
                    for c in 0..<n { row[c] = -g * max(0, na + nb[c] - 2 * row[c]) }
                }
            }
            mapInPlace(.exp, out, count: count, multithreaded: multithreaded)
        case .polynomial:
            for i in 0..<count { out[i] = Float(integerPower(Double(g * out[i] + c0), degree)) }
        case .sigmoid:
            for i in 0..<count { out[i] = g * out[i] + c0 }
            mapInPlace(.tanh, out, count: count, multithreaded: multithreaded)
        }
    }

    private func mapInPlace(_ f: VectorKernels.Map, _ p: UnsafeMutablePointer<Float>, count: Int, multithreaded: Bool) {
        if multithreaded {
            VectorKernels.map(f, p, p, count: count)
        } else {
            KernelThreads.with(1) { VectorKernels.map(f, p, p, count: count) }
        }
    }
}

/// `x^n` for a non-negative integer `n` by repeated squaring (libsvm's `powi`).
func integerPower(_ x: Double, _ n: Int) -> Double {
    var result = 1.0, base = x, e = n
    while e > 0 {
        if e & 1 == 1 { result *= base }
        base *= base
        e >>= 1
    }
    return result
}
