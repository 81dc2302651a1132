// Sequential minimal optimisation for the SVM dual (libsvm's solver): second-order working-set selection
// (WSS3 of Fan, Chen and Lin, 2005), shrinking with gradient reconstruction, kernel rows from a cache.
//
//   min_α ½ αᵀQα + pᵀα   subject to   yᵀα = 0,   0 ≤ αᵢ ≤ Cᵢ,   Qᵢⱼ = yᵢ yⱼ K̃ᵢⱼ
//
// C-SVC: p = −1, y the ±1 labels, K̃ = K. ε-SVR: 2l variables, y = (+1…, −1…), p = (ε − t, ε + t), K̃ the
// kernel of the variables' rows. The stopping rule is libsvm's: m(α) − M(α) < tolerance, where m and M are the
// largest and smallest −yᵢ∇ᵢf over the index sets I_up and I_low.

/// The dual problem handed to ``SMOSolver``.
struct SMOProblem {
    /// ±1 per variable.
    var y: [Double]
    /// The linear term.
    var p: [Double]
    /// The upper bound Cᵢ of each variable.
    var upper: [Double]
    /// K̃ᵢᵢ.
    var diagonal: [Double]
    var tolerance: Double
    var shrinking: Bool
}

/// The solution: α, the offset ρ (decision = Σ yᵢαᵢK(xᵢ, x) − ρ), the dual objective and the iterations taken.
struct SMOResult {
    var alpha: [Double]
    var rho: Double
    var objective: Double
    var iterations: Int
    /// False when the iteration limit stopped the solver before the tolerance was met.
    var converged: Bool
}

enum SMOSolver {
    /// libsvm's τ: the curvature used when a pair's is not positive.
    static let tau = 1e-12

    static func solve(_ problem: SMOProblem, rows cache: KernelRowCache) -> SMOResult {
        var state = SMOState(problem, cache: cache)
        return state.run()
    }
}

private struct SMOState {
    enum Bound: UInt8 { case lower, upper, free }

    let l: Int
    let y: [Double], p: [Double], upper: [Double], diagonal: [Double]
    let tolerance: Double, shrinking: Bool
    let cache: KernelRowCache
    var alpha: [Double], gradient: [Double], gradientBar: [Double]
    var status: [Bound]
    /// Indices of the variables still optimised (ascending); the others are shrunk.
    var active: [Int]
    var unshrink = false

    init(_ problem: SMOProblem, cache: KernelRowCache) {
        l = problem.y.count
        y = problem.y
        p = problem.p
        upper = problem.upper
        diagonal = problem.diagonal
        tolerance = problem.tolerance
        shrinking = problem.shrinking
        self.cache = cache
        alpha = [Double](repeating: 0, count: l)
        gradient = problem.p  // α = 0: ∇f = Qα + p = p
        gradientBar = [Double](repeating: 0, count: l)
        status = [Bound](repeating: .lower, count: l)
        active = Array(0..<l)
    }

    func isUpper(_ i: Int) -> Bool { status[i] == .upper }
    func isLower(_ i: Int) -> Bool { status[i] == .lower }

    mutating func updateStatus(_ i: Int) {
        status[i] = alpha[i] >= upper[i] ? .upper : alpha[i] <= 0 ? .lower : .free
    }

    mutating func run() -> SMOResult {
        let maxIterations = max(10_000_000, l > Int(Int32.max) / 100 ? Int(Int32.max) : 100 * l)
        var counter = min(l, 1000) + 1
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            counter -= 1
            if counter == 0 {
                counter = min(l, 1000)
                if shrinking { shrink() }
            }
            var pair = selectWorkingSet()
            if pair == nil {
                // Optimal on the active set: check again on all variables.
                reconstructGradient()
                active = Array(0..<l)
                pair = selectWorkingSet()
                if pair == nil { converged = true; break }
                counter = 1  // shrink at the next iteration
            }
            iterations += 1
            update(pair!.i, pair!.j)
        }
        if !converged, active.count < l {
            reconstructGradient()
            active = Array(0..<l)
        }
        var objective = 0.0
        for i in 0..<l { objective += alpha[i] * (gradient[i] + p[i]) }
        return SMOResult(alpha: alpha, rho: rho(), objective: objective / 2, iterations: iterations, converged: converged)
    }

    /// WSS3: i maximises −yᵢ∇ᵢf over I_up; j minimises the second-order decrease −b²/a over I_low with b > 0.
    /// Nil when m(α) − M(α) < tolerance.
    func selectWorkingSet() -> (i: Int, j: Int)? {
        var gMax = -Double.infinity, gMax2 = -Double.infinity
        var iBest = -1, jBest = -1
        var objectiveMin = Double.infinity
        for t in active {
            if y[t] > 0 {
                if !isUpper(t), -gradient[t] >= gMax { gMax = -gradient[t]; iBest = t }
            } else {
                if !isLower(t), gradient[t] >= gMax { gMax = gradient[t]; iBest = t }
            }
        }
        let i = iBest
        let qi: UnsafePointer<Float>? = i >= 0 ? cache.row(i) : nil
        let yi = i >= 0 ? y[i] : 0, qdi = i >= 0 ? diagonal[i] : 0
        for j in active {
            if y[j] > 0 {
                guard !isLower(j) else { continue }
                let gradDiff = gMax + gradient[j]
                if gradient[j] >= gMax2 { gMax2 = gradient[j] }
                if gradDiff > 0, let qi {
                    let a = qdi + diagonal[j] - 2 * yi * Double(qi[j])
                    let decrease = -(gradDiff * gradDiff) / (a > 0 ? a : SMOSolver.tau)
                    if decrease <= objectiveMin { jBest = j; objectiveMin = decrease }
                }
            } else {
                guard !isUpper(j) else { continue }
                let gradDiff = gMax - gradient[j]
                if -gradient[j] >= gMax2 { gMax2 = -gradient[j] }
                if gradDiff > 0, let qi {
                    let a = qdi + diagonal[j] + 2 * yi * Double(qi[j])
                    let decrease = -(gradDiff * gradDiff) / (a > 0 ? a : SMOSolver.tau)
                    if decrease <= objectiveMin { jBest = j; objectiveMin = decrease }
                }
            }
        }
        if gMax + gMax2 < tolerance || jBest == -1 { return nil }
        return (i, jBest)
    }

    /// Solves the two-variable sub-problem analytically, clipped to the box, and updates the gradients.
    mutating func update(_ i: Int, _ j: Int) {
        let ki = cache.row(i), kj = cache.row(j)
        let ci = upper[i], cj = upper[j]
        let oldI = alpha[i], oldJ = alpha[j]
        let qij = y[i] * y[j] * Double(ki[j])
        if y[i] != y[j] {
            var a = diagonal[i] + diagonal[j] + 2 * qij
            if a <= 0 { a = SMOSolver.tau }
            let delta = (-gradient[i] - gradient[j]) / a
            let diff = alpha[i] - alpha[j]
            alpha[i] += delta
            alpha[j] += delta
            if diff > 0 {
                if alpha[j] < 0 { alpha[j] = 0; alpha[i] = diff }
            } else if alpha[i] < 0 {
                alpha[i] = 0; alpha[j] = -diff
            }
            if diff > ci - cj {
                if alpha[i] > ci { alpha[i] = ci; alpha[j] = ci - diff }
            } else if alpha[j] > cj {
                alpha[j] = cj; alpha[i] = cj + diff
            }
        } else {
            var a = diagonal[i] + diagonal[j] - 2 * qij
            if a <= 0 { a = SMOSolver.tau }
            let delta = (gradient[i] - gradient[j]) / a
            let sum = alpha[i] + alpha[j]
            alpha[i] -= delta
            alpha[j] += delta
            if sum > ci {
                if alpha[i] > ci { alpha[i] = ci; alpha[j] = sum - ci }
            } else if alpha[j] < 0 {
                alpha[j] = 0; alpha[i] = sum
            }
            if sum > cj {
                if alpha[j] > cj { alpha[j] = cj; alpha[i] = sum - cj }
            } else if alpha[i] < 0 {
                alpha[i] = 0; alpha[j] = sum
            }
        }
        // ∇ₖ += Qₖᵢ Δαᵢ + Qₖⱼ Δαⱼ = yₖ (yᵢΔαᵢ K̃ₖᵢ + yⱼΔαⱼ K̃ₖⱼ)
        let si = y[i] * (alpha[i] - oldI), sj = y[j] * (alpha[j] - oldJ)
        y.withUnsafeBufferPointer { yp in
            gradient.withUnsafeMutableBufferPointer { g in
                for k in active { g[k] += yp[k] * (si * Double(ki[k]) + sj * Double(kj[k])) }
            }
        }
        // Ḡ = Σ over variables at their upper bound of Cₖ Qₖ: changes when i or j enters or leaves it.
        let wasUpperI = isUpper(i), wasUpperJ = isUpper(j)
        updateStatus(i)
        updateStatus(j)
        if wasUpperI != isUpper(i) { addToGradientBar(row: cache.row(i), variable: i, sign: wasUpperI ? -1 : 1) }
        if wasUpperJ != isUpper(j) { addToGradientBar(row: cache.row(j), variable: j, sign: wasUpperJ ? -1 : 1) }
    }

    mutating func addToGradientBar(row: UnsafePointer<Float>, variable i: Int, sign: Double) {
        let s = sign * upper[i] * y[i]
        y.withUnsafeBufferPointer { yp in
            gradientBar.withUnsafeMutableBufferPointer { gb in
                for k in 0..<l { gb[k] += s * yp[k] * Double(row[k]) }
            }
        }
    }

    /// Whether variable i sits at a bound its gradient pushes it against harder than the current violation.
    func shouldShrink(_ i: Int, _ gMax1: Double, _ gMax2: Double) -> Bool {
        if isUpper(i) {
            return y[i] > 0 ? -gradient[i] > gMax1 : -gradient[i] > gMax2
        } else if isLower(i) {
            return y[i] > 0 ? gradient[i] > gMax2 : gradient[i] > gMax1
        }
        return false
    }

    mutating func shrink() {
        var gMax1 = -Double.infinity, gMax2 = -Double.infinity
        for i in active {
            if y[i] > 0 {
                if !isUpper(i) { gMax1 = max(gMax1, -gradient[i]) }
                if !isLower(i) { gMax2 = max(gMax2, gradient[i]) }
            } else {
                if !isUpper(i) { gMax2 = max(gMax2, -gradient[i]) }
                if !isLower(i) { gMax1 = max(gMax1, gradient[i]) }
            }
        }
        if !unshrink, gMax1 + gMax2 <= tolerance * 10 {
            // Close to the end: bring every variable back once, so none was shrunk wrongly.
            unshrink = true
            reconstructGradient()
            active = Array(0..<l)
        }
        active = active.filter { !shouldShrink($0, gMax1, gMax2) }
    }

    /// Recomputes the gradient of shrunk variables: ∇ₖ = Ḡₖ + pₖ + Σ over free j of αⱼQₖⱼ.
    mutating func reconstructGradient() {
        guard active.count < l else { return }
        var isActive = [Bool](repeating: false, count: l)
        for i in active { isActive[i] = true }
        let inactive = (0..<l).filter { !isActive[$0] }
        for k in inactive { gradient[k] = gradientBar[k] + p[k] }
        let free = (0..<l).filter { status[$0] == .free }
        cache.prefetch(free)
        for j in free {
            let row = cache.row(j)
            let s = alpha[j] * y[j]
            for k in inactive { gradient[k] += s * y[k] * Double(row[k]) }
        }
    }

    /// ρ: the mean of yᵢ∇ᵢ over free variables, or the middle of the feasible interval when none is free.
    func rho() -> Double {
        var upperBound = Double.infinity, lowerBound = -Double.infinity
        var freeCount = 0, freeSum = 0.0
        for i in active {
            let yg = y[i] * gradient[i]
            if isUpper(i) {
                if y[i] < 0 { upperBound = min(upperBound, yg) } else { lowerBound = max(lowerBound, yg) }
            } else if isLower(i) {
                if y[i] > 0 { upperBound = min(upperBound, yg) } else { lowerBound = max(lowerBound, yg) }
            } else {
                freeCount += 1
                freeSum += yg
            }
        }
        return freeCount > 0 ? freeSum / Double(freeCount) : (upperBound + lowerBound) / 2
    }
}
