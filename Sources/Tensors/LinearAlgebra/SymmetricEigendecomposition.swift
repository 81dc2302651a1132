// Symmetric eigendecomposition A = V·diag(λ)·Vᵀ by the cyclic Jacobi method.
import Foundation

/// The eigendecomposition `A = V · diag(λ) · Vᵀ` of a real symmetric matrix (`numpy.linalg.eigh`).
///
/// Computed by cyclic Jacobi rotations, which are accurate to a few ulps relative to `‖A‖` and simple; the cost
/// is `O(n³)` per sweep, with typically 6–10 sweeps. Only the lower triangle of `A` is read.
///
/// Conventions: eigenvalues ascend, as in NumPy. Eigenvectors are the columns of ``vectors``; each is scaled so
/// that its entry of largest magnitude (the first such, on ties) is positive. NumPy/LAPACK choose signs
/// differently, so compare eigenvectors up to sign.
public struct SymmetricEigendecomposition: Sendable {
    /// The eigenvalues, ascending.
    public let values: [Double]
    /// The orthonormal eigenvectors as columns, in the order of ``values``.
    public let vectors: DenseMatrix
    /// How many Jacobi sweeps (``Method/jacobi``) or QL iterations (``Method/tridiagonalQL``) were needed.
    public let sweeps: Int

    /// How the eigenpairs are computed.
    public enum Method: Sendable, Equatable {
        /// Cyclic Jacobi rotations: simple and accurate, `O(n³)` per sweep with 6–10 sweeps.
        case jacobi
        /// Householder reduction to tridiagonal form, then implicit QL with shifts (LAPACK `dsyev`'s method):
        /// several times fewer operations than Jacobi, accurate to a few ulps of `‖A‖`.
        case tridiagonalQL
    }

    /// The default limit on Jacobi sweeps (convergence is quadratic; 6–12 sweeps is typical).
    public static let defaultMaximumSweeps = 100

    /// Decomposes the symmetric matrix `a`.
    ///
    /// - Parameters:
    ///   - maximumSweeps: the most Jacobi sweeps that still rotate before giving up.
    ///   - method: the algorithm; both give the same conventions.
    /// - Throws: ``LinearAlgebraError/notSquare(shape:)``, ``LinearAlgebraError/nonFinite``,
    ///   ``LinearAlgebraError/didNotConverge(iterations:)``.
    public init(_ a: DenseMatrix, maximumSweeps: Int = defaultMaximumSweeps, method: Method = .jacobi) throws(LinearAlgebraError) {
        try a.requireSquareFinite()
        let n = a.rows
        var s = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i { s[i * n + j] = a[i, j]; s[j * n + i] = a[i, j] }
        }
        if method == .tridiagonalQL {
            let (values, rows, iterations) = try TridiagonalQL.decompose(s, n: n)
            let order = (0..<n).sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
            var vectors = DenseMatrix(rows: n, columns: n)
            for (newColumn, old) in order.enumerated() {
                var column = Array(rows[(old * n)..<((old + 1) * n)])
                normalizeSign(&column)
                for k in 0..<n { vectors[k, newColumn] = column[k] }
            }
            self.values = order.map { values[$0] }
            self.vectors = vectors
            sweeps = iterations
            return
        }
        var v = DenseMatrix.identity(n).elements
        var sweep = 0
        while true {
            var rotations = 0
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) {
                    let apq = s[p * n + q]
                    if apq == 0 { continue }
                    let app = s[p * n + p], aqq = s[q * n + q]
                    // Negligible against both diagonal entries (Numerical Recipes' test): zero it without rotating.
                    let g = 100 * Swift.abs(apq)
                    if Swift.abs(app) + g == Swift.abs(app) && Swift.abs(aqq) + g == Swift.abs(aqq) {
                        s[p * n + q] = 0; s[q * n + p] = 0
                        continue
                    }
                    rotations += 1
                    // Rotation zeroing (p, q) (Golub & Van Loan, Algorithm 8.5.1).
                    let tau = (aqq - app) / (2 * apq)
                    let t = (tau >= 0 ? 1.0 : -1.0) / (Swift.abs(tau) + (1 + tau * tau).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), sn = t * c
                    for k in 0..<n {
                        let akp = s[k * n + p], akq = s[k * n + q]
                        s[k * n + p] = c * akp - sn * akq
                        s[k * n + q] = sn * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = s[p * n + k], aqk = s[q * n + k]
                        s[p * n + k] = c * apk - sn * aqk
                        s[q * n + k] = sn * apk + c * aqk
                    }
                    s[p * n + q] = 0; s[q * n + p] = 0
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - sn * vkq
                        v[k * n + q] = sn * vkp + c * vkq
                    }
                }
            }
            if rotations == 0 { break }
            sweep += 1
            if sweep >= maximumSweeps { throw .didNotConverge(iterations: sweep) }
        }
        let order = (0..<n).sorted { s[$0 * n + $0] < s[$1 * n + $1] }
        var vectors = DenseMatrix(rows: n, columns: n)
        for (newColumn, old) in order.enumerated() {
            var column = (0..<n).map { v[$0 * n + old] }
            normalizeSign(&column)
            for k in 0..<n { vectors[k, newColumn] = column[k] }
        }
        values = order.map { s[$0 * n + $0] }
        self.vectors = vectors
        sweeps = sweep
    }
}

/// Flips `vector` so that its first entry of largest magnitude is positive; returns whether it flipped.
@discardableResult
func normalizeSign(_ vector: inout [Double]) -> Bool {
    var best = 0.0, sign = 1.0
    for x in vector where Swift.abs(x) > best { best = Swift.abs(x); sign = x < 0 ? -1 : 1 }
    guard sign < 0 else { return false }
    for i in vector.indices { vector[i] = -vector[i] }
    return true
}
