// The existing regression metrics against scikit-learn's fixture values.
import Testing
import TestSupport
import Evaluation

@Suite("Regression metrics parity")
struct RegressionMetricsParityTests {
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
}
