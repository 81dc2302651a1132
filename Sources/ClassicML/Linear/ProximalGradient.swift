// Accelerated proximal gradient (FISTA) for a smooth function plus an L1 penalty on some coordinates.

/// Minimises `f(θ) + λ Σ_{j < penalised} |θⱼ|` for smooth `f` given as value and gradient.
///
/// FISTA (Beck & Teboulle 2009) with backtracking on the Lipschitz estimate `L` (doubled until the quadratic
/// upper bound holds, relaxed by 0.9 after each step) and gradient-based restarts (O'Donoghue & Candès 2015),
/// which make it converge linearly on the strongly convex problems it serves here. It stops when the gradient
/// mapping `L · (y − prox(y − ∇f(y)/L))` has no component larger than `tolerance` (the L1 analogue of a zero
/// gradient), or after `maxIterations` steps.
struct ProximalGradient {
    var maxIterations: Int
    var tolerance: Double

    struct Result {
        var x: [Double]
        var iterations: Int
        var converged: Bool
    }

    func minimize(
        _ x0: [Double], l1: Double, penalised: Int, _ f: (_ x: [Double]) -> (f: Double, gradient: [Double])
    ) -> Result {
        var x = x0, y = x0
        var t = 1.0, lipschitz = 1.0
        var (fy, gy) = f(y)
        for iteration in 1...max(maxIterations, 1) {
            var candidate = y, fc = 0.0, gc = [Double](), largestStep = 0.0
            while true {
                largestStep = 0
                var linear = 0.0, squared = 0.0
                for j in y.indices {
                    let v = y[j] - gy[j] / lipschitz
                    let threshold = l1 / lipschitz
                    candidate[j] = j < penalised ? (v > threshold ? v - threshold : (v < -threshold ? v + threshold : 0)) : v
                    let d = candidate[j] - y[j]
                    linear += gy[j] * d
                    squared += d * d
                    largestStep = max(largestStep, abs(d))
                }
                (fc, gc) = f(candidate)
                // Sufficient decrease, with slack for rounding once steps are tiny.
                if fc <= fy + linear + 0.5 * lipschitz * squared + 1e-15 * abs(fy) || lipschitz > 1e300 { break }
                lipschitz *= 2
            }
            if lipschitz * largestStep <= tolerance {
                return Result(x: candidate, iterations: iteration, converged: true)
            }
            // Gradient-based restart: drop the momentum when the step just taken points uphill, i.e. against
            // the gradient mapping (robust where objective values differ by less than their rounding).
            var uphill = 0.0
            for j in y.indices { uphill += (y[j] - candidate[j]) * (candidate[j] - x[j]) }
            if uphill > 0 { t = 1 }
            let tNext = (1 + (1 + 4 * t * t).squareRoot()) / 2
            let momentum = (t - 1) / tNext
            for j in y.indices { y[j] = candidate[j] + momentum * (candidate[j] - x[j]) }
            x = candidate
            t = tNext
            (fy, gy) = momentum == 0 ? (fc, gc) : f(y)
            lipschitz *= 0.9
        }
        return Result(x: x, iterations: maxIterations, converged: false)
    }
}
