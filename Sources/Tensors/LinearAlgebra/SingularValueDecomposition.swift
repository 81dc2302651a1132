// Thin SVD A = U·diag(σ)·Vᵀ by one-sided (Hestenes) Jacobi rotations.

/// The thin singular value decomposition `A = U · diag(σ) · Vᵀ` (`numpy.linalg.svd(full_matrices=False)`).
///
/// With `k = min(m, n)`: ``u`` is `m × k`, ``singularValues`` has `k` entries, descending, and ``vt`` is `k × n`.
/// One-sided Jacobi orthogonalises the `k` vectors of the shorter side (rows of `Aᵀ` for tall input, rows of `A`
/// for wide input) by plane rotations until every pair is orthogonal to working precision; it computes small
/// singular values with high relative accuracy. Strongly rectangular input is first reduced by QR (see
/// ``init(_:maximumSweeps:)``).
///
/// Sign convention: each left singular vector (column of ``u``) has its first entry of largest magnitude
/// positive, and the matching row of ``vt`` carries the compensating sign. Compare with NumPy up to sign.
/// Left singular vectors of exactly zero singular values are completed to an orthonormal set.
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors as columns (`m × k`).
    public let u: DenseMatrix
    /// Singular values, descending.
    public let singularValues: [Double]
    /// Right singular vectors as rows (`k × n`).
    public let vt: DenseMatrix
    /// How many Jacobi sweeps were needed.
    public let sweeps: Int

    /// The default limit on Jacobi sweeps (convergence is quadratic; 6–12 sweeps is typical).
    public static let defaultMaximumSweeps = 100

    /// Decomposes `a`.
    ///
    /// A matrix with at least twice as many rows as columns (or the reverse) is first reduced by a Householder QR,
    /// `A = Q·R`, and the Jacobi sweeps run on the small square `R` (`U = Q·U_R`): the rotations then touch
    /// vectors of length `min(m, n)` instead of `max(m, n)` (LAPACK `gesvj`'s preconditioning).
    ///
    /// - Parameter maximumSweeps: the most sweeps that still rotate before giving up.
    /// - Throws: ``LinearAlgebraError/nonFinite``, ``LinearAlgebraError/didNotConverge(iterations:)``.
    public init(_ a: DenseMatrix, maximumSweeps: Int = defaultMaximumSweeps) throws(LinearAlgebraError) {
        guard a.isFinite else { throw .nonFinite }
        let m = a.rows, n = a.columns
        var u: DenseMatrix, vt: DenseMatrix
        if m >= 2 * n && n > 0 {
            let qr = try QRDecomposition(a)
            let inner = try Self.jacobi(qr.r, maximumSweeps: maximumSweeps)
            (u, vt, singularValues, sweeps) = (qr.q * inner.u, inner.vt, inner.sigma, inner.sweeps)
        } else if n >= 2 * m && m > 0 {
            // Aᵀ = Q·R and R = U_R·Σ·V_Rᵀ give A = V_R·Σ·(Q·U_R)ᵀ.
            let qr = try QRDecomposition(a.transposed)
            let inner = try Self.jacobi(qr.r, maximumSweeps: maximumSweeps)
            (u, vt, singularValues, sweeps) = (inner.vt.transposed, (qr.q * inner.u).transposed, inner.sigma, inner.sweeps)
        } else {
            let direct = try Self.jacobi(a, maximumSweeps: maximumSweeps)
            (u, vt, singularValues, sweeps) = (direct.u, direct.vt, direct.sigma, direct.sweeps)
        }
        // Sign convention: the first largest-magnitude entry of each left singular vector is positive.
        for j in 0..<singularValues.count {
            var column = u.column(j)
            if normalizeSign(&column) {
                for i in 0..<m { u[i, j] = column[i] }
                for t in 0..<n { vt[j, t] = -vt[j, t] }
            }
        }
        self.u = u
        self.vt = vt
    }

    /// One-sided Jacobi on `a`, without the sign convention.
    private static func jacobi(
        _ a: DenseMatrix, maximumSweeps: Int
    ) throws(LinearAlgebraError) -> (u: DenseMatrix, sigma: [Double], vt: DenseMatrix, sweeps: Int) {
        let m = a.rows, n = a.columns
        let tall = m >= n
        // w: k vectors of length len, stored as rows; r: the k × k accumulated rotation, also by rows.
        let w0 = tall ? a.transposed : a
        let k = w0.rows, len = w0.columns
        var w = w0.elements
        var r = DenseMatrix.identity(k).elements
        var sweep = 0
        while k > 1 {
            var rotations = 0
            for p in 0..<(k - 1) {
                for q in (p + 1)..<k {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for t in 0..<len {
                        let x = w[p * len + t], y = w[q * len + t]
                        alpha += x * x; beta += y * y; gamma += x * y
                    }
                    if gamma == 0 || Swift.abs(gamma) <= Double.ulpOfOne * (alpha * beta).squareRoot() { continue }
                    rotations += 1
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    Self.rotate(&w, length: len, p, q, c, s)
                    Self.rotate(&r, length: k, p, q, c, s)
                }
            }
            if rotations == 0 { break }
            sweep += 1
            if sweep >= maximumSweeps { throw .didNotConverge(iterations: sweep) }
        }
        var norms = (0..<k).map { p in (0..<len).reduce(0.0) { $0 + w[p * len + $1] * w[p * len + $1] }.squareRoot() }
        let order = (0..<k).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
        norms = order.map { norms[$0] }
        // Orthonormal directions (length len) and the rotation rows, in descending order.
        var directions: [[Double]] = []
        for (position, p) in order.enumerated() {
            directions.append(norms[position] > 0
                ? (0..<len).map { w[p * len + $0] / norms[position] }
                : completion(orthogonalTo: directions, length: len))
        }
        let rotationRows = order.map { p in (0..<k).map { r[p * k + $0] } }
        // Tall: R·Aᵀ = diag(σ)·Dᵀ-rows, so A = D·diag(σ)·R (U = D as columns, Vᵀ = R).
        // Wide: R·A = diag(σ)·D-rows, so A = Rᵀ·diag(σ)·D (U = Rᵀ, Vᵀ = D).
        let left = tall ? directions : rotationRows
        let right = tall ? rotationRows : directions
        var u = DenseMatrix(rows: m, columns: k)
        for (j, column) in left.enumerated() { for i in 0..<m { u[i, j] = column[i] } }
        return (u, norms, DenseMatrix(rows: k, columns: n, elements: right.flatMap { $0 }), sweep)
    }

    /// Rotates rows `p` and `q` of a row-major buffer with rows of `length`: `(x, y) ← (c x − s y, s x + c y)`.
    private static func rotate(_ w: inout [Double], length: Int, _ p: Int, _ q: Int, _ c: Double, _ s: Double) {
        for t in 0..<length {
            let x = w[p * length + t], y = w[q * length + t]
            w[p * length + t] = c * x - s * y
            w[q * length + t] = s * x + c * y
        }
    }

    /// A unit vector orthogonal to `basis` (Gram–Schmidt twice on the first standard basis vector that survives).
    static func completion(orthogonalTo basis: [[Double]], length: Int) -> [Double] {
        for e in 0..<length {
            var v = [Double](repeating: 0, count: length)
            v[e] = 1
            for _ in 0..<2 {
                for b in basis {
                    let d = zip(v, b).reduce(0.0) { $0 + $1.0 * $1.1 }
                    for t in 0..<length { v[t] -= d * b[t] }
                }
            }
            let norm = v.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0.5 { return v.map { $0 / norm } }
        }
        return [Double](repeating: 0, count: length)
    }

    /// The number of singular values above `tolerance` (default `max(m, n) · ε · σ₁`, as `numpy.linalg.matrix_rank`).
    public func rank(tolerance: Double? = nil) -> Int {
        let cutoff = tolerance ?? Double(max(u.rows, vt.columns)) * Double.ulpOfOne * (singularValues.first ?? 0)
        return singularValues.filter { $0 > cutoff }.count
    }
}
