// L-BFGS: Rosenbrock, a convex quadratic, logistic regression against scikit-learn's lbfgs coefficients.
import Foundation
import Testing
import TestSupport
@testable import Tensors

extension LinearAlgebraTests {
    @Suite("LinearAlgebra: L-BFGS")
    struct LBFGSTests {
        static func rosenbrock(_ x: [Double]) -> (f: Double, gradient: [Double]) {
            var f = 0.0
            var g = [Double](repeating: 0, count: x.count)
            for i in 0..<(x.count - 1) {
                let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
                f += 100 * a * a + b * b
                g[i] += -400 * x[i] * a - 2 * b
                g[i + 1] += 200 * a
            }
            return (f, g)
        }

        @Test("Rosenbrock from the classic start (2-D) and in 10-D converges to all ones")
        func rosenbrock() {
            let solver = LBFGS(maxIterations: 500, gradientTolerance: 1e-10)
            for start in [[-1.2, 1.0], [Double](repeating: -1, count: 10)] {
                let result = solver.minimize(start, Self.rosenbrock)
                #expect(result.converged, "\(start.count)-D")
                #expect(maxAbsDifference(result.x, [Double](repeating: 1, count: start.count)) < 1e-8)
                #expect(result.value < 1e-16 && result.iterations > 10 && result.evaluations >= result.iterations)
            }
        }

        @Test("the iteration limit is reported as not converged")
        func iterationLimit() {
            let result = LBFGS(maxIterations: 3, gradientTolerance: 1e-12).minimize([-1.2, 1], Self.rosenbrock)
            #expect(!result.converged && result.iterations == 3 && result.stopReason == .maxIterations)
            let already = LBFGS().minimize([1, 1], Self.rosenbrock)
            #expect(already.converged && already.iterations == 0 && already.stopReason == .gradientTolerance)
            let flat = LBFGS(gradientTolerance: 0, functionTolerance: 1e-8).minimize([-1.2, 1], Self.rosenbrock)
            #expect(flat.converged && flat.stopReason == .functionTolerance && flat.value < 1e-6)
            // A gradient with the wrong sign: no step decreases f, and the result says so instead of claiming success.
            let wrong = LBFGS().minimize([1]) { x in (f: x[0] * x[0], gradient: [-2 * x[0]]) }
            #expect(!wrong.converged && wrong.stopReason == .lineSearchFailed && wrong.x == [1])
        }

        @Test("L2-regularised logistic regression matches sklearn LogisticRegression(solver=lbfgs) to 1e-6")
        func logisticRegression() throws {
            let fixtures = try OptimizerFixtures.load()
            let x = fixtures.logisticData.x.matrix, y = fixtures.logisticData.y
            let n = x.rows, p = x.columns
            for reference in fixtures.logistic {
                // θ = (w, b); f = C Σ [log(1 + e^z) − y z] + ½‖w‖², z = x·w + b (intercept not penalised).
                let c = reference.C
                let result = LBFGS(gradientTolerance: 1e-8).minimize([Double](repeating: 0, count: p + 1)) { theta in
                    var f = 0.0
                    var g = [Double](repeating: 0, count: p + 1)
                    for i in 0..<n {
                        var z = theta[p]
                        for j in 0..<p { z += x[i, j] * theta[j] }
                        f += c * (Swift.max(z, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(z))) - y[i] * z)
                        let residual = c * (1 / (1 + Foundation.exp(-z)) - y[i])
                        for j in 0..<p { g[j] += residual * x[i, j] }
                        g[p] += residual
                    }
                    for j in 0..<p { f += 0.5 * theta[j] * theta[j]; g[j] += theta[j] }
                    return (f, g)
                }
                #expect(result.converged, "C = \(c)")
                #expect(maxAbsDifference(Array(result.x[0..<p]), reference.coef) < 1e-6, "C = \(c)")
                #expect(Swift.abs(result.x[p] - reference.intercept) < 1e-6, "C = \(c)")
            }
        }
    }
}
