// Cyclic coordinate descent for Lasso and ElasticNet (soft-thresholding), scikit-learn's objective and stopping rule.

/// Coordinate descent for L1/L2-penalised least squares.
///
/// Minimises scikit-learn's ElasticNet objective
/// `1/(2n) ‖y − Xw − b‖² + α·l1Ratio·‖w‖₁ + α(1 − l1Ratio)/2 · ‖w‖²`
/// by cyclic updates `wⱼ ← S(xⱼᵀrⱼ, nα·l1Ratio) / (‖xⱼ‖² + nα(1 − l1Ratio))` with the soft-threshold `S`, and stops
/// as `sklearn.linear_model.ElasticNet` does: after a sweep whose largest update is below `tolerance · max|w|`, the
/// duality gap is computed and iteration ends once it is below `tolerance · ‖y‖²` (in the objective scaled by `n`).
public enum CoordinateDescent {
    /// The outcome of ``elasticNet(_:_:alpha:l1Ratio:maxIterations:tolerance:fitIntercept:)``.
    public struct Result: Sendable {
        /// The coefficients `w`.
        public var coefficients: [Double]
        /// The intercept `b` (0 without `fitIntercept`).
        public var intercept: Double
        /// Sweeps over the coordinates.
        public var iterations: Int
        /// The final duality gap (objective scaled by `n`, as scikit-learn's `dual_gap_ · n`).
        public var dualityGap: Double
        /// Whether the gap fell below the tolerance before `maxIterations`.
        public var converged: Bool
    }

    /// The soft-threshold `sign(x) · max(|x| − t, 0)`.
    public static func softThreshold(_ x: Double, _ t: Double) -> Double {
        x > t ? x - t : (x < -t ? x + t : 0)
    }

    /// Fits ElasticNet by coordinate descent (see ``CoordinateDescent``).
    ///
    /// - Parameters:
    ///   - x: the `n × p` design matrix.
    ///   - y: the `n` targets.
    ///   - alpha: overall penalty strength (≥ 0).
    ///   - l1Ratio: the L1 share of the penalty, in `[0, 1]`; 1 is the Lasso.
    ///   - fitIntercept: centre `X` and `y` first and return the intercept `ȳ − x̄ᵀw` (scikit-learn's default).
    /// - Throws: ``LinearAlgebraError/shapeMismatch(expected:found:)`` when `y` does not have `n` entries,
    ///   ``LinearAlgebraError/nonFinite``.
    public static func elasticNet(
        _ x: DenseMatrix, _ y: [Double], alpha: Double, l1Ratio: Double = 0.5, maxIterations: Int = 1000,
        tolerance: Double = 1e-4, fitIntercept: Bool = false
    ) throws(LinearAlgebraError) -> Result {
        precondition(alpha >= 0 && (0...1).contains(l1Ratio), "elasticNet: need alpha ≥ 0 and l1Ratio in [0, 1]")
        let n = x.rows, p = x.columns
        guard y.count == n else { throw .shapeMismatch(expected: "\(n) targets", found: [y.count]) }
        guard x.isFinite, y.allSatisfy(\.isFinite) else { throw .nonFinite }
        // Columns of X as contiguous rows of Xᵀ.
        var columns = x.transposed.elements
        var target = y
        var columnMeans = [Double](repeating: 0, count: p), targetMean = 0.0
        if fitIntercept && n > 0 {
            targetMean = y.reduce(0, +) / Double(n)
            for i in 0..<n { target[i] -= targetMean }
            for j in 0..<p {
                var mean = 0.0
                for i in 0..<n { mean += columns[j * n + i] }
                mean /= Double(n)
                columnMeans[j] = mean
                for i in 0..<n { columns[j * n + i] -= mean }
            }
        }
        let l1 = alpha * l1Ratio * Double(n), l2 = alpha * (1 - l1Ratio) * Double(n)
        let squaredNorms = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + columns[j * n + $1] * columns[j * n + $1] } }
        var w = [Double](repeating: 0, count: p)
        var residual = target
        let yy = dot(target, target)
        let gapTolerance = tolerance * yy
        var gap = Double.infinity
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            var wMax = 0.0, dwMax = 0.0
            for j in 0..<p where squaredNorms[j] != 0 {
                let old = w[j]
                var rho = 0.0
                for i in 0..<n { rho += columns[j * n + i] * residual[i] }
                rho += old * squaredNorms[j]
                let new = softThreshold(rho, l1) / (squaredNorms[j] + l2)
                if new != old {
                    let change = new - old
                    for i in 0..<n { residual[i] -= change * columns[j * n + i] }
                    w[j] = new
                }
                dwMax = Swift.max(dwMax, Swift.abs(new - old))
                wMax = Swift.max(wMax, Swift.abs(new))
            }
            if wMax == 0 || dwMax / wMax < tolerance || iterations == maxIterations {
                gap = dualityGap(columns: columns, n: n, w: w, residual: residual, target: target, l1: l1, l2: l2)
                if gap < gapTolerance { converged = true; break }
            }
        }
        let intercept = fitIntercept ? targetMean - dot(columnMeans, w) : 0
        return Result(coefficients: w, intercept: intercept, iterations: iterations, dualityGap: gap, converged: converged)
    }

    /// The Lasso: ``elasticNet(_:_:alpha:l1Ratio:maxIterations:tolerance:fitIntercept:)`` with `l1Ratio = 1`.
    public static func lasso(
        _ x: DenseMatrix, _ y: [Double], alpha: Double, maxIterations: Int = 1000, tolerance: Double = 1e-4,
        fitIntercept: Bool = false
    ) throws(LinearAlgebraError) -> Result {
        try elasticNet(x, y, alpha: alpha, l1Ratio: 1, maxIterations: maxIterations, tolerance: tolerance,
                       fitIntercept: fitIntercept)
    }

    /// The ElasticNet duality gap in the objective scaled by `n` (scikit-learn's `enet_coordinate_descent`).
    private static func dualityGap(
        columns: [Double], n: Int, w: [Double], residual: [Double], target: [Double], l1: Double, l2: Double
    ) -> Double {
        var dualNorm = 0.0
        for j in w.indices {
            var c = 0.0
            for i in 0..<n { c += columns[j * n + i] * residual[i] }
            dualNorm = Swift.max(dualNorm, Swift.abs(c - l2 * w[j]))
        }
        let rr = dot(residual, residual), ww = dot(w, w)
        var scale = 1.0, gap = rr
        if dualNorm > l1 {
            scale = l1 / dualNorm
            gap = 0.5 * (rr + rr * scale * scale)
        }
        let l1Norm = w.reduce(0) { $0 + Swift.abs($1) }
        gap += l1 * l1Norm - scale * dot(residual, target) + 0.5 * l2 * (1 + scale * scale) * ww
        return gap
    }
}
