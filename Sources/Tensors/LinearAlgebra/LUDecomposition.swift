// LU factorisation with partial pivoting: square solves, determinant and inverse.

/// `P · A = L · U` with partial (row) pivoting; `L` is unit lower triangular, `U` upper triangular.
///
/// The factorisation itself never fails on a finite square matrix; ``solve(_:)`` and ``inverse()`` throw
/// ``LinearAlgebraError/singular`` when a pivot is zero to working precision
/// (`|uᵢᵢ| ≤ n · ε · max|A|`), and ``determinant`` is then exactly what the elimination produced.
public struct LUDecomposition: Sendable {
    /// `L` (below the diagonal, unit diagonal implied) and `U` (on and above) packed in one matrix.
    public let packed: DenseMatrix
    /// `permutation[i]` is the row of `A` that became row `i` of `P · A`.
    public let permutation: [Int]
    /// Whether some pivot is zero to working precision.
    public let isSingular: Bool
    private let swapParity: Double

    /// Factors the square matrix `a`.
    ///
    /// - Throws: ``LinearAlgebraError/notSquare(shape:)``, ``LinearAlgebraError/nonFinite``.
    public init(_ a: DenseMatrix) throws(LinearAlgebraError) {
        try a.requireSquareFinite()
        let n = a.rows
        var lu = a.elements
        var perm = Array(0..<n)
        var parity = 1.0
        let tolerance = Double(n) * Double.ulpOfOne * a.maxAbs
        var singular = false
        for k in 0..<n {
            var pivotRow = k
            var best = Swift.abs(lu[k * n + k])
            for i in (k + 1)..<max(n, k + 1) where Swift.abs(lu[i * n + k]) > best {
                best = Swift.abs(lu[i * n + k]); pivotRow = i
            }
            if pivotRow != k {
                for j in 0..<n { lu.swapAt(k * n + j, pivotRow * n + j) }
                perm.swapAt(k, pivotRow)
                parity = -parity
            }
            let pivot = lu[k * n + k]
            if best <= tolerance { singular = true }
            if pivot == 0 { continue }
            for i in (k + 1)..<max(n, k + 1) {
                let f = lu[i * n + k] / pivot
                lu[i * n + k] = f
                if f == 0 { continue }
                for j in (k + 1)..<n { lu[i * n + j] -= f * lu[k * n + j] }
            }
        }
        packed = DenseMatrix(rows: n, columns: n, elements: lu)
        permutation = perm
        isSingular = singular
        swapParity = parity
    }

    /// `det A`: the product of the pivots with the sign of the row permutation.
    public var determinant: Double {
        (0..<packed.rows).reduce(swapParity) { $0 * packed[$1, $1] }
    }

    /// `X` with `A · X = B`.
    ///
    /// - Throws: ``LinearAlgebraError/singular``, ``LinearAlgebraError/shapeMismatch(expected:found:)``,
    ///   ``LinearAlgebraError/nonFinite``.
    public func solve(_ b: DenseMatrix) throws(LinearAlgebraError) -> DenseMatrix {
        try packed.requireRightHandSide(b)
        guard !isSingular else { throw .singular }
        var pb = DenseMatrix(rows: b.rows, columns: b.columns)
        for (i, source) in permutation.enumerated() {
            for j in 0..<b.columns { pb[i, j] = b[source, j] }
        }
        let y = try TriangularSolve.solve(packed, pb, lower: true, unitDiagonal: true)
        return try TriangularSolve.solve(packed, y, lower: false)
    }

    /// `A⁻¹`.
    ///
    /// - Throws: ``LinearAlgebraError/singular``.
    public func inverse() throws(LinearAlgebraError) -> DenseMatrix {
        try solve(.identity(packed.rows))
    }
}
