// Regression metrics on plain arrays.

/// Errors of predicted values against true values (scikit-learn's definitions).
public enum RegressionMetrics {
    public static func meanAbsoluteError(_ truth: [Double], _ predicted: [Double]) -> Double {
        check(truth, predicted)
        return zip(truth, predicted).reduce(0) { $0 + Swift.abs($1.0 - $1.1) } / Double(truth.count)
    }

    public static func meanSquaredError(_ truth: [Double], _ predicted: [Double]) -> Double {
        check(truth, predicted)
        return zip(truth, predicted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(truth.count)
    }

    public static func rootMeanSquaredError(_ truth: [Double], _ predicted: [Double]) -> Double {
        meanSquaredError(truth, predicted).squareRoot()
    }

    /// Coefficient of determination `1 − SS_res / SS_tot` (1 for a perfect fit; 0 when the truth is constant
    /// and the fit is not perfect, as scikit-learn's `force_finite`). NaN for a single sample, where R² is not
    /// defined (scikit-learn warns and returns NaN).
    public static func r2(_ truth: [Double], _ predicted: [Double]) -> Double {
        check(truth, predicted)
        // One sample has no variance to explain: scikit-learn's r2_score returns NaN here (not the 0 or 1 the
        // constant-truth rule below would give).
        if truth.count < 2 { return .nan }
        let mean = truth.reduce(0, +) / Double(truth.count)
        let residual = zip(truth, predicted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let total = truth.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        if total == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / total
    }

    private static func check(_ a: [Double], _ b: [Double]) {
        precondition(a.count == b.count && !a.isEmpty, "regression metric: \(a.count) values vs \(b.count) predictions")
    }
}
