// Least squares min ‖A x − b‖ with rank handling, through the SVD (numpy.linalg.lstsq).

/// The minimum-norm least-squares solution of `A · X ≈ B`, with NumPy's `lstsq` outputs.
public struct LeastSquares: Sendable {
    /// The minimum-norm solution (`n × k`).
    public let solution: DenseMatrix
    /// Sums of squared residuals per column of `B`, when `rank == n` and `m > n`; empty otherwise (as NumPy).
    public let residuals: [Double]
    /// The effective rank of `A`: singular values above `rcond · σ₁`.
    public let rank: Int
    /// The singular values of `A`, descending.
    public let singularValues: [Double]

    /// Solves `min ‖A X − B‖_F` for `A` (`m × n`) and `B` (`m × k`).
    ///
    /// - Parameter rcond: singular values at or below `rcond · σ₁` count as zero; the default is `max(m, n) · ε`
    ///   (`numpy.linalg.lstsq(rcond=None)`).
    /// - Throws: ``LinearAlgebraError/shapeMismatch(expected:found:)`` when `B` has the wrong number of rows,
    ///   ``LinearAlgebraError/nonFinite``, ``LinearAlgebraError/didNotConverge(iterations:)``.
    public init(_ a: DenseMatrix, _ b: DenseMatrix, rcond: Double? = nil) throws(LinearAlgebraError) {
        guard a.isFinite else { throw .nonFinite }
        try a.requireRightHandSide(b)
        let m = a.rows, n = a.columns
        let svd = try SingularValueDecomposition(a)
        let sigma = svd.singularValues
        let cutoff = (rcond ?? Double(max(m, n)) * Double.ulpOfOne) * (sigma.first ?? 0)
        let r = sigma.filter { $0 > cutoff }.count
        // X = V · diag(1/σ) · Uᵀ · B over the kept singular values.
        var utb = svd.u.multiplied(by: b, transposingSelf: true)
        for i in 0..<sigma.count {
            let f = i < r ? 1 / sigma[i] : 0
            for j in 0..<b.columns { utb[i, j] *= f }
        }
        let x = svd.vt.multiplied(by: utb, transposingSelf: true)
        var res: [Double] = []
        if r == n && m > n {
            let fitted = a * x
            res = (0..<b.columns).map { j in (0..<m).reduce(0.0) { s, i in let e = b[i, j] - fitted[i, j]; return s + e * e } }
        }
        solution = x
        residuals = res
        rank = r
        singularValues = sigma
    }
}
