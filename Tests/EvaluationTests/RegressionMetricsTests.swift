// Regression metrics against hand-computed values (r2_score with force_finite=True) and scikit-learn's fixtures.
import Testing
import TestSupport
import Evaluation

@Suite("Regression metrics")
struct RegressionMetricsTests {
    @Test func matchScikitLearn() {
        let cases = MetricFixtures.cases("regression")
        #expect(!cases.isEmpty)
        for c in cases {
            let t = c["truth"]!.doubles, p = c["predicted"]!.doubles
            expectParity(RegressionMetrics.meanAbsoluteError(t, p), c["mae"], "MAE")
            expectParity(RegressionMetrics.meanSquaredError(t, p), c["mse"], "MSE")
            expectParity(RegressionMetrics.rootMeanSquaredError(t, p), c["rmse"], "RMSE")
            expectParity(RegressionMetrics.r2(t, p), c["r2"], "R²")
        }
    }

    @Test func errorsAndR2() {
        let t = [3.0, -0.5, 2, 7], p = [2.5, 0.0, 2, 8]
        #expect(RegressionMetrics.meanAbsoluteError(t, p) == 0.5)
        #expect(RegressionMetrics.meanSquaredError(t, p) == 0.375)
        #expect(abs(RegressionMetrics.rootMeanSquaredError(t, p) - 0.375.squareRoot()) < 1e-15)
        // scikit-learn's r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.9486081370449679.
        #expect(abs(RegressionMetrics.r2(t, p) - 0.9486081370449679) < 1e-12)
        #expect(RegressionMetrics.r2([1, 1], [1, 1]) == 1)
        #expect(RegressionMetrics.r2([1, 1], [1, 2]) == 0)
    }
}
