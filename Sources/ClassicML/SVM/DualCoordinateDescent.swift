// Dual coordinate descent for L2-regularised linear SVMs (Hsieh et al. 2008; liblinear's solver for
// L2-loss and L1-loss SVC in the dual), with liblinear's shrinking of variables stuck at a bound.
import Tensors

/// One binary linear SVM: `min_w ½‖w‖² + Σᵢ Cᵢ ξ(yᵢ wᵀxᵢ)` with ξ the hinge `max(0, 1 − m)` or its square, through
/// its dual `min_α ½αᵀ(Q + D)α − Σαᵢ, 0 ≤ αᵢ ≤ U` (hinge: D = 0, U = Cᵢ; squared hinge: Dᵢᵢ = 1/(2Cᵢ), U = ∞),
/// one coordinate at a time in a random order each pass, keeping `w = Σ yᵢαᵢxᵢ`.
enum DualCoordinateDescent {
    struct Result {
        var weights: [Double]
        var iterations: Int
        var converged: Bool
    }

    /// - Parameters:
    ///   - x: row-major `rows × columns` (the bias column, if any, already appended).
    ///   - c: each row's bound Cᵢ.
    static func solve(x: [Double], rows: Int, columns: Int, positive: [Bool], c: [Double], squaredHinge: Bool,
                      tolerance: Double, maxIterations: Int, rng: inout RandomGenerator) -> Result {
        var w = [Double](repeating: 0, count: columns)
        var alpha = [Double](repeating: 0, count: rows)
        let diagonal = c.map { squaredHinge ? 0.5 / $0 : 0 }
        let upper = c.map { squaredHinge ? Double.infinity : $0 }
        var qd = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            var s = diagonal[i]
            for j in 0..<columns { s += x[i * columns + j] * x[i * columns + j] }
            qd[i] = s
        }
        var index = Array(0..<rows)
        var activeSize = rows
        var pgMaxOld = Double.infinity, pgMinOld = -Double.infinity
        var iteration = 0, converged = false
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeMutableBufferPointer { wp in
                while iteration < maxIterations {
                    var pgMaxNew = -Double.infinity, pgMinNew = Double.infinity
                    for i in 0..<activeSize { index.swapAt(i, i + rng.nextInt(below: activeSize - i)) }
                    var s = 0
                    while s < activeSize {
                        let i = index[s], row = xp.baseAddress! + i * columns
                        let yi: Double = positive[i] ? 1 : -1
                        var margin = 0.0
                        for j in 0..<columns { margin += wp[j] * row[j] }
                        let g = yi * margin - 1 + alpha[i] * diagonal[i]
                        var pg = 0.0
                        if alpha[i] == 0 {
                            if g > pgMaxOld {
                                activeSize -= 1
                                index.swapAt(s, activeSize)
                                continue
                            }
                            if g < 0 { pg = g }
                        } else if alpha[i] == upper[i] {
                            if g < pgMinOld {
                                activeSize -= 1
                                index.swapAt(s, activeSize)
                                continue
                            }
                            if g > 0 { pg = g }
                        } else {
                            pg = g
                        }
                        pgMaxNew = max(pgMaxNew, pg)
                        pgMinNew = min(pgMinNew, pg)
                        if abs(pg) > 1e-12 {
                            let old = alpha[i]
                            alpha[i] = min(max(alpha[i] - g / qd[i], 0), upper[i])
                            let d = (alpha[i] - old) * yi
                            for j in 0..<columns { wp[j] += d * row[j] }
                        }
                        s += 1
                    }
                    iteration += 1
                    if pgMaxNew - pgMinNew <= tolerance {
                        if activeSize == rows { converged = true; break }
                        // Optimal on the active set: check every variable once more.
                        activeSize = rows
                        pgMaxOld = .infinity
                        pgMinOld = -.infinity
                        continue
                    }
                    pgMaxOld = pgMaxNew <= 0 ? .infinity : pgMaxNew
                    pgMinOld = pgMinNew >= 0 ? -.infinity : pgMinNew
                }
            }
        }
        return Result(weights: w, iterations: iteration, converged: converged)
    }
}
