// The errors of the Float64 linear algebra (Cholesky, LU, QR, eigendecomposition, SVD, least squares).

/// Why a linear-algebra routine could not produce its result.
///
/// Thrown (typed) by ``DenseMatrix`` factorisations and the ``Tensor`` conveniences built on them.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The routine needs a square matrix; `shape` is the one it was given.
    case notSquare(shape: [Int])
    /// Cholesky met a non-positive pivot at row/column `pivot` (0-based): the matrix is not positive definite.
    case notPositiveDefinite(pivot: Int)
    /// The matrix is singular (to working precision), so the system has no unique solution.
    case singular
    /// An operand has the wrong shape: `expected` describes what was needed, `found` is what was given.
    case shapeMismatch(expected: String, found: [Int])
    /// An input holds NaN or an infinity.
    case nonFinite
    /// An iterative routine (Jacobi sweeps) stopped after `iterations` without converging.
    case didNotConverge(iterations: Int)

    public var description: String {
        switch self {
        case .notSquare(let shape): "expected a square matrix, found shape \(shape)"
        case .notPositiveDefinite(let pivot): "matrix is not positive definite (pivot \(pivot) is not positive)"
        case .singular: "matrix is singular to working precision"
        case .shapeMismatch(let expected, let found): "expected \(expected), found shape \(found)"
        case .nonFinite: "input contains NaN or infinity"
        case .didNotConverge(let iterations): "did not converge after \(iterations) iterations"
        }
    }
}
