// Coordinate descent for Lasso / ElasticNet against scikit-learn, the soft-threshold, errors.
import Testing
import TestSupport
@testable import Tensors

extension LinearAlgebraTests {
    @Suite("LinearAlgebra: coordinate descent")
    struct CoordinateDescentTests {
        @Test("ElasticNet and Lasso match scikit-learn coefficients and intercepts to 1e-6")
        func sklearnParity() throws {
            let fixtures = try OptimizerFixtures.load()
            let x = fixtures.elasticNetData.x.matrix, y = fixtures.elasticNetData.y
            for reference in fixtures.elasticNet {
                let label = "\(reference.estimator) α=\(reference.alpha) l1=\(reference.l1Ratio) intercept=\(reference.fitIntercept)"
                let result = try CoordinateDescent.elasticNet(
                    x, y, alpha: reference.alpha, l1Ratio: reference.l1Ratio, maxIterations: 100_000, tolerance: 1e-12,
                    fitIntercept: reference.fitIntercept)
                #expect(result.converged, "\(label)")
                #expect(maxAbsDifference(result.coefficients, reference.coef) < 1e-6, "\(label)")
                #expect(Swift.abs(result.intercept - reference.intercept) < 1e-6, "\(label)")
                // Exact zeros where scikit-learn has them (the L1 part selects features).
                for (w, r) in zip(result.coefficients, reference.coef) where r == 0 { #expect(w == 0, "\(label)") }
            }
            let lasso = try CoordinateDescent.lasso(x, y, alpha: 1000, fitIntercept: true)
            #expect(lasso.coefficients.allSatisfy { $0 == 0 } && lasso.converged && lasso.iterations == 1)
        }

        @Test("soft-threshold, iteration limit, errors")
        func helpersAndErrors() throws {
            #expect([-3, -0.5, 0, 0.5, 3].map { CoordinateDescent.softThreshold($0, 1) } == [-2, 0, 0, 0, 2])
            let x = TestMatrices.random(30, 5, seed: 50), y = TestMatrices.random(30, 1, seed: 51).elements
            let capped = try CoordinateDescent.elasticNet(x, y, alpha: 0.001, maxIterations: 1, tolerance: 1e-14)
            #expect(!capped.converged && capped.iterations == 1)
            #expect(throws: LinearAlgebraError.shapeMismatch(expected: "30 targets", found: [29])) {
                try CoordinateDescent.elasticNet(x, Array(y.dropLast()), alpha: 0.1)
            }
            #expect(throws: LinearAlgebraError.nonFinite) {
                try CoordinateDescent.lasso(x, [Double.nan] + y.dropFirst(), alpha: 0.1)
            }
        }
    }
}
