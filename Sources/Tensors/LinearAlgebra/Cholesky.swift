// Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix, with optional diagonal jitter.
import Foundation

/// The Cholesky factorisation `A = L · Lᵀ` with `L` lower triangular and a positive diagonal.
///
/// Only the lower triangle of `A` is read (like `numpy.linalg.cholesky`). With `maxJitter > 0`, a failed
/// factorisation is retried with `jitter · I` added, starting at `1e-10 · mean(diag A)` and growing tenfold up to
/// `maxJitter` (the GPyTorch "psd-safe" pattern); the jitter used is in ``jitter``.
public struct Cholesky: Sendable {
    /// The lower-triangular factor (zeros above the diagonal).
    public let lower: DenseMatrix
    /// The multiple of the identity added to the diagonal before the successful factorisation (0 without jitter).
    public let jitter: Double

    /// Factors `a`.
    ///
    /// - Parameter maxJitter: the largest diagonal jitter to try; 0 (the default) never adds any.
    /// - Throws: ``LinearAlgebraError/notSquare(shape:)``, ``LinearAlgebraError/nonFinite``,
    ///   ``LinearAlgebraError/notPositiveDefinite(pivot:)`` with the first failing pivot.
    public init(_ a: DenseMatrix, maxJitter: Double = 0) throws(LinearAlgebraError) {
        try a.requireSquareFinite()
        let n = a.rows
        let firstFailure: Int
        switch Self.factor(a, jitter: 0) {
        case .success(let l):
            lower = l; jitter = 0; return
        case .failure(let pivot):
            firstFailure = pivot
        }
        if maxJitter > 0 && n > 0 {
            let meanDiagonal = (0..<n).reduce(0.0) { $0 + Swift.abs(a[$1, $1]) } / Double(n)
            var j = 1e-10 * (meanDiagonal > 0 ? meanDiagonal : 1)
            while j <= maxJitter {
                if case .success(let l) = Self.factor(a, jitter: j) {
                    lower = l; jitter = j; return
                }
                j *= 10
            }
        }
        throw .notPositiveDefinite(pivot: firstFailure)
    }

    private enum Outcome { case success(DenseMatrix), failure(Int) }

    /// Cholesky–Banachiewicz, row by row: row `i` of L needs rows `< i`, contiguous in row-major storage.
    private static func factor(_ a: DenseMatrix, jitter: Double) -> Outcome {
        let n = a.rows
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i, j]
                for p in 0..<j { s -= l[i * n + p] * l[j * n + p] }
                if i == j {
                    s += jitter
                    guard s > 0, s.isFinite else { return .failure(i) }
                    l[i * n + i] = s.squareRoot()
                } else {
                    l[i * n + j] = s / l[j * n + j]
                }
            }
        }
        return .success(DenseMatrix(rows: n, columns: n, elements: l))
    }

    /// `X` with `A · X = B` (two triangular solves).
    ///
    /// - Throws: ``LinearAlgebraError/shapeMismatch(expected:found:)`` when `b` has the wrong number of rows,
    ///   ``LinearAlgebraError/nonFinite``.
    public func solve(_ b: DenseMatrix) throws(LinearAlgebraError) -> DenseMatrix {
        let y = try TriangularSolve.solve(lower, b, lower: true)
        return try TriangularSolve.solve(lower, y, lower: true, transposed: true)
    }

    /// `log det A = 2 Σ log Lᵢᵢ`.
    public var logDeterminant: Double {
        (0..<lower.rows).reduce(0.0) { $0 + 2 * Foundation.log(lower[$1, $1]) }
    }
}

/// Solves `A · X = B` for symmetric positive-definite `A` through its Cholesky factor.
///
/// - Throws: the errors of ``Cholesky/init(_:maxJitter:)`` and ``Cholesky/solve(_:)``.
public func choleskySolve(_ a: DenseMatrix, _ b: DenseMatrix, maxJitter: Double = 0) throws(LinearAlgebraError) -> DenseMatrix {
    try Cholesky(a, maxJitter: maxJitter).solve(b)
}
