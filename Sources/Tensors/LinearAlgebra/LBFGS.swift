// L-BFGS: limited-memory quasi-Newton minimisation with a strong-Wolfe line search.

/// Minimises a smooth function `f: ℝⁿ → ℝ` given as a closure returning the value and the gradient.
///
/// The search direction comes from the two-loop recursion over the last ``memory`` pairs `(s, y)`, with the
/// initial Hessian `γ I`, `γ = sᵀy / yᵀy` (Nocedal & Wright, Algorithm 7.4). Steps satisfy the strong Wolfe
/// conditions (`c₁ = 1e-4`, `c₂ = 0.9`; Algorithms 3.5–3.6, quadratic interpolation in the zoom). Iteration stops
/// when `‖∇f‖∞ ≤ gradientTolerance` (converged), when the relative decrease of `f` falls to `functionTolerance`
/// (converged, if positive), when the line search finds no acceptable step, or after ``maxIterations``.
///
/// ```swift
/// let result = LBFGS(gradientTolerance: 1e-10).minimize([-1.2, 1]) { x in
///     (f: (x[0] - 3) * (x[0] - 3), gradient: [2 * (x[0] - 3), 0])
/// }
/// ```
public struct LBFGS: Sendable {
    /// How many correction pairs to keep.
    public var memory: Int
    /// The largest number of iterations (line searches).
    public var maxIterations: Int
    /// Stop when every gradient component is at most this in magnitude.
    public var gradientTolerance: Double
    /// Stop when `(f_prev − f) / max(|f_prev|, |f|, 1) ≤ functionTolerance`; 0 disables the test.
    public var functionTolerance: Double
    /// The largest number of function evaluations in one line search.
    public var maxLineSearchEvaluations: Int

    public init(
        memory: Int = 10, maxIterations: Int = 1000, gradientTolerance: Double = 1e-5,
        functionTolerance: Double = 0, maxLineSearchEvaluations: Int = 40
    ) {
        precondition(memory > 0 && maxIterations >= 0, "LBFGS: memory must be positive and maxIterations ≥ 0")
        self.memory = memory
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
        self.functionTolerance = functionTolerance
        self.maxLineSearchEvaluations = maxLineSearchEvaluations
    }

    /// Why ``LBFGS/minimize(_:_:)`` stopped.
    public enum StopReason: Sendable, Equatable {
        /// `‖∇f‖∞ ≤ gradientTolerance`.
        case gradientTolerance
        /// The relative decrease of `f` fell to `functionTolerance`.
        case functionTolerance
        /// No step along the search direction satisfied the Wolfe conditions (often: `f` is flat to rounding).
        case lineSearchFailed
        /// `maxIterations` steps were taken.
        case maxIterations
    }

    /// The outcome of ``LBFGS/minimize(_:_:)``.
    public struct Result: Sendable {
        /// The final point.
        public var x: [Double]
        /// `f(x)`.
        public var value: Double
        /// `∇f(x)`.
        public var gradient: [Double]
        /// Iterations (accepted steps) taken.
        public var iterations: Int
        /// Function-and-gradient evaluations made.
        public var evaluations: Int
        /// Why iteration stopped.
        public var stopReason: StopReason
        /// Whether a tolerance was met (rather than the iteration limit or a failed line search).
        public var converged: Bool { stopReason == .gradientTolerance || stopReason == .functionTolerance }
    }

    /// Minimises `objective` from `x0`.
    public func minimize(_ x0: [Double], _ objective: (_ x: [Double]) -> (f: Double, gradient: [Double])) -> Result {
        var x = x0
        var (f, g) = objective(x)
        precondition(g.count == x.count, "LBFGS: gradient has \(g.count) components for \(x.count) variables")
        var evaluations = 1
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
        var iterations = 0
        func infinityNorm(_ v: [Double]) -> Double { v.reduce(0) { Swift.max($0, Swift.abs($1)) } }
        if infinityNorm(g) <= gradientTolerance {
            return Result(x: x, value: f, gradient: g, iterations: 0, evaluations: 1, stopReason: .gradientTolerance)
        }
        while iterations < maxIterations {
            // Two-loop recursion: d = −H g.
            var q = g
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for i in stride(from: sHistory.count - 1, through: 0, by: -1) {
                alphas[i] = rhoHistory[i] * dot(sHistory[i], q)
                axpy(-alphas[i], yHistory[i], &q)
            }
            if let s = sHistory.last, let y = yHistory.last {
                let gamma = dot(s, y) / dot(y, y)
                for i in q.indices { q[i] *= gamma }
            }
            for i in sHistory.indices {
                let beta = rhoHistory[i] * dot(yHistory[i], q)
                axpy(alphas[i] - beta, sHistory[i], &q)
            }
            var d = q.map { -$0 }
            var slope = dot(g, d)
            if !(slope < 0) {
                // Not a descent direction (lost curvature information): restart from steepest descent.
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
                d = g.map { -$0 }
                slope = dot(g, d)
            }
            let initialStep = sHistory.isEmpty ? Swift.min(1, 1 / infinityNorm(g)) : 1
            guard let step = lineSearch(x: x, f: f, direction: d, slope: slope, initial: initialStep,
                                        objective: objective, evaluations: &evaluations)
            else {
                return Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                              stopReason: .lineSearchFailed)
            }
            iterations += 1
            let s = zip(step.x, x).map { $0 - $1 }
            let y = zip(step.gradient, g).map { $0 - $1 }
            let previous = f
            x = step.x; f = step.f; g = step.gradient
            let sy = dot(s, y)
            if sy > Double.ulpOfOne * dot(y, y) {
                if sHistory.count == memory { sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst() }
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
            }
            if infinityNorm(g) <= gradientTolerance {
                return Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                              stopReason: .gradientTolerance)
            }
            if functionTolerance > 0 && (previous - f) / Swift.max(Swift.abs(previous), Swift.abs(f), 1) <= functionTolerance {
                return Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                              stopReason: .functionTolerance)
            }
        }
        return Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                      stopReason: .maxIterations)
    }

    private struct Point { var alpha: Double; var x: [Double]; var f: Double; var gradient: [Double]; var slope: Double }

    /// Strong-Wolfe line search along `direction`; nil when no acceptable step is found.
    private func lineSearch(
        x: [Double], f f0: Double, direction d: [Double], slope slope0: Double, initial: Double,
        objective: ([Double]) -> (f: Double, gradient: [Double]), evaluations: inout Int
    ) -> (x: [Double], f: Double, gradient: [Double])? {
        let c1 = 1e-4, c2 = 0.9
        var budget = maxLineSearchEvaluations
        func evaluate(_ alpha: Double) -> Point {
            var xt = x
            axpy(alpha, d, &xt)
            let (ft, gt) = objective(xt)
            evaluations += 1; budget -= 1
            return Point(alpha: alpha, x: xt, f: ft, gradient: gt, slope: dot(gt, d))
        }
        func sufficient(_ p: Point) -> Bool { p.f.isFinite && p.f <= f0 + c1 * p.alpha * slope0 }
        func curvature(_ p: Point) -> Bool { Swift.abs(p.slope) <= -c2 * slope0 }
        func zoom(_ lowStart: Point, _ highStart: Point) -> Point? {
            var lo = lowStart, hi = highStart
            while budget > 0 {
                let width = hi.alpha - lo.alpha
                // Minimiser of the quadratic through f(lo), f'(lo), f(hi); bisection when it leaves the safe interval.
                let denominator = 2 * (hi.f - lo.f - lo.slope * width)
                var alpha = denominator.isFinite && denominator > 0 ? lo.alpha - lo.slope * width * width / denominator : .nan
                let a = Swift.min(lo.alpha, hi.alpha), b = Swift.max(lo.alpha, hi.alpha), margin = 0.1 * (b - a)
                if !(alpha > a + margin && alpha < b - margin) { alpha = 0.5 * (lo.alpha + hi.alpha) }
                let p = evaluate(alpha)
                if !sufficient(p) || p.f >= lo.f {
                    hi = p
                } else {
                    if curvature(p) { return p }
                    if p.slope * (hi.alpha - lo.alpha) >= 0 { hi = lo }
                    lo = p
                }
                if Swift.abs(hi.alpha - lo.alpha) <= Double.ulpOfOne * Swift.max(1, lo.alpha) { break }
            }
            return lo.alpha > 0 && sufficient(lo) ? lo : nil
        }
        var previous = Point(alpha: 0, x: x, f: f0, gradient: [], slope: slope0)
        var alpha = initial
        var first = true
        while budget > 0 {
            let p = evaluate(alpha)
            var chosen: Point?
            if !sufficient(p) || (!first && p.f >= previous.f) {
                chosen = zoom(previous, p)
            } else if curvature(p) {
                chosen = p
            } else if p.slope >= 0 {
                chosen = zoom(p, previous)
            } else {
                previous = p; alpha *= 2; first = false
                continue
            }
            guard let c = chosen else { return nil }
            return (c.x, c.f, c.gradient)
        }
        return previous.alpha > 0 ? (previous.x, previous.f, previous.gradient) : nil
    }
}

/// `Σ aᵢ bᵢ`.
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

/// `y += a · x`.
func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
    for i in y.indices { y[i] += a * x[i] }
}
