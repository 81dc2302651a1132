// Householder QR: A = Q·R, reduced (Q is m×k) or complete (Q is m×m), k = min(m, n).

/// The QR factorisation `A = Q · R` by Householder reflections (LAPACK `geqrf` conventions: `Rᵢᵢ` may be negative).
public struct QRDecomposition: Sendable {
    /// Which shapes of `Q` and `R` to produce.
    public enum Mode: Sendable {
        /// `Q` is `m × k`, `R` is `k × n`, `k = min(m, n)` (`numpy.linalg.qr(mode="reduced")`).
        case reduced
        /// `Q` is `m × m`, `R` is `m × n` (`numpy.linalg.qr(mode="complete")`).
        case complete
    }

    /// The orthonormal factor.
    public let q: DenseMatrix
    /// The upper-triangular (trapezoidal) factor.
    public let r: DenseMatrix

    /// Factors `a`.
    ///
    /// - Throws: ``LinearAlgebraError/nonFinite``.
    public init(_ a: DenseMatrix, mode: Mode = .reduced) throws(LinearAlgebraError) {
        guard a.isFinite else { throw .nonFinite }
        let m = a.rows, n = a.columns, k = min(m, n)
        var w = a.elements
        var vectors: [[Double]] = []
        var taus: [Double] = []
        for j in 0..<k {
            // Reflector for column j below the diagonal: H = I − τ v vᵀ with v₀ = 1.
            var tail2 = 0.0
            for i in (j + 1)..<max(m, j + 1) { tail2 += w[i * n + j] * w[i * n + j] }
            let alpha = w[j * n + j], norm2 = alpha * alpha + tail2
            var v = [Double](repeating: 0, count: m - j)
            var tau = 0.0
            if tail2 > 0 {
                let beta = -(alpha >= 0 ? 1.0 : -1.0) * norm2.squareRoot()
                tau = (beta - alpha) / beta
                let scale = 1 / (alpha - beta)
                v[0] = 1
                for i in (j + 1)..<m { v[i - j] = w[i * n + j] * scale }
                Self.reflect(&w, columns: n, firstRow: j, firstColumn: j, v: v, tau: tau)
            } else {
                v[0] = 1
            }
            vectors.append(v); taus.append(tau)
        }
        let qColumns = mode == .reduced ? k : m
        let rRows = mode == .reduced ? k : m
        var rm = DenseMatrix(rows: rRows, columns: n)
        for i in 0..<min(rRows, m, n) {
            for j in i..<n { rm[i, j] = w[i * n + j] }
        }
        // Q = H₀ H₁ … H_{k−1} · I[:, :qColumns], applied right to left.
        var qe = [Double](repeating: 0, count: m * qColumns)
        for i in 0..<qColumns { qe[i * qColumns + i] = 1 }
        for j in stride(from: k - 1, through: 0, by: -1) where taus[j] != 0 {
            Self.reflect(&qe, columns: qColumns, firstRow: j, firstColumn: 0, v: vectors[j], tau: taus[j])
        }
        q = DenseMatrix(rows: m, columns: qColumns, elements: qe)
        r = rm
    }

    /// Applies `I − τ v vᵀ` to rows `firstRow...` and columns `firstColumn...` of a row-major matrix.
    private static func reflect(_ w: inout [Double], columns n: Int, firstRow j: Int, firstColumn c0: Int, v: [Double], tau: Double) {
        var dot = [Double](repeating: 0, count: n - c0)
        for (t, vi) in v.enumerated() where vi != 0 {
            let base = (j + t) * n
            for c in c0..<n { dot[c - c0] += vi * w[base + c] }
        }
        for (t, vi) in v.enumerated() where vi != 0 {
            let base = (j + t) * n, f = tau * vi
            for c in c0..<n { w[base + c] -= f * dot[c - c0] }
        }
    }

    /// The least-squares solution `argmin ‖A x − b‖` for a full-column-rank `A` with `m ≥ n` (exact for square `A`).
    ///
    /// - Throws: ``LinearAlgebraError/shapeMismatch(expected:found:)`` for a wide `A` or a `b` with the wrong number
    ///   of rows, ``LinearAlgebraError/singular`` when `R` has a zero diagonal element, ``LinearAlgebraError/nonFinite``.
    public func solve(_ b: DenseMatrix) throws(LinearAlgebraError) -> DenseMatrix {
        let n = r.columns
        guard q.rows >= n else { throw .shapeMismatch(expected: "rows ≥ columns (\(n))", found: [q.rows, n]) }
        try q.requireRightHandSide(b)
        let qtb = q.multiplied(by: b, transposingSelf: true)
        var top = DenseMatrix(rows: n, columns: b.columns)
        for i in 0..<n { for j in 0..<b.columns { top[i, j] = qtb[i, j] } }
        var square = DenseMatrix(rows: n, columns: n)
        for i in 0..<n { for j in i..<n { square[i, j] = r[i, j] } }
        let tolerance = Double(max(q.rows, n)) * Double.ulpOfOne * square.maxAbs
        for i in 0..<n where Swift.abs(square[i, i]) <= tolerance { throw .singular }
        return try TriangularSolve.solve(square, top, lower: false)
    }
}
