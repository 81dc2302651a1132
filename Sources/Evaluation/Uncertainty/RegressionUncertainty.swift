// Uncertainty of regression predictions: predictive moments of sampled or ensembled predictions, Gaussian
// negative log-likelihood, calibration of central intervals, and sharpness.
import Foundation

/// Observed against expected coverage of central prediction intervals (Kuleshov et al. 2018).
public struct RegressionCalibrationCurve: Sendable, Equatable, Codable {
    /// The nominal coverage of each interval `μ ± Φ⁻¹((1 + p)/2)·σ`.
    public let expectedCoverage: [Double]
    /// The fraction of targets inside each interval.
    public let observedCoverage: [Double]

    /// Mean `|observed − expected|` over the levels (a regression analogue of the ECE).
    public var calibrationError: Double {
        zip(observedCoverage, expectedCoverage).reduce(0) { $0 + Swift.abs($1.0 - $1.1) } / Double(expectedCoverage.count)
    }
}

extension UncertaintyMetrics {
    /// Mean and (population, `1/T`) variance over `T` sampled predictions `samples[t][i]` (MC dropout passes).
    /// - Throws: ``EvaluationError`` for an empty stack, passes of different lengths, or non-finite values.
    public static func predictiveMoments(_ samples: [[Double]]) throws(EvaluationError) -> (mean: [Double], variance: [Double]) {
        try Validate.nonEmpty(samples.count, "prediction samples (T passes)")
        let n = samples[0].count
        for (t, s) in samples.enumerated() {
            try Validate.sameCount(s.count, n, "predictions in pass \(t)")
            try Validate.finite(s, "predictions in pass \(t)")
        }
        let t = Double(samples.count)
        let mean = (0..<n).map { i in samples.reduce(0) { $0 + $1[i] } / t }
        let variance = (0..<n).map { i in samples.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[i] - mean[i]) } / t }
        return (mean, variance)
    }

    /// Mean and variance of an equally weighted mixture of Gaussians `N(means[t][i], variances[t][i])` (a deep
    /// ensemble of mean–variance networks, Lakshminarayanan et al. 2017): `μ = mean_t μ_t`,
    /// `σ² = mean_t (σ_t² + μ_t²) − μ²`.
    /// - Throws: ``EvaluationError`` for an empty or ragged stack, non-finite means, or non-positive variances.
    public static func mixtureMoments(means: [[Double]], variances: [[Double]])
        throws(EvaluationError) -> (mean: [Double], variance: [Double]) {
        try Validate.sameCount(variances.count, means.count, "variance passes")
        let (mean, spread) = try predictiveMoments(means)
        for (t, v) in variances.enumerated() {
            try Validate.sameCount(v.count, mean.count, "variances in pass \(t)")
            try checkVariances(v)
        }
        let t = Double(means.count)
        return (mean, mean.indices.map { i in variances.reduce(0) { $0 + $1[i] } / t + spread[i] })
    }

    /// Mean Gaussian negative log-likelihood `(1/n) Σ ½[log(2π σᵢ²) + (yᵢ − μᵢ)²/σᵢ²]` (with the constant, as
    /// PyTorch's `GaussianNLLLoss(full=True)`, without its variance floor).
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, non-finite values, or a variance ≤ 0.
    public static func gaussianNegativeLogLikelihood(_ truth: [Double], mean: [Double], variance: [Double])
        throws(EvaluationError) -> Double {
        try checkGaussian(truth, mean, variance)
        var total = 0.0
        for i in truth.indices {
            let r = truth[i] - mean[i]
            total += 0.5 * (log(2 * Double.pi * variance[i]) + r * r / variance[i])
        }
        return total / Double(truth.count)
    }

    /// Observed coverage of the central intervals `μ ± Φ⁻¹((1 + p)/2)·σ` at each level `p` (Kuleshov et al.
    /// 2018's calibration curve for Gaussian predictions). Default levels 0.05, 0.10, …, 0.95.
    /// - Throws: ``EvaluationError`` as ``gaussianNegativeLogLikelihood(_:mean:variance:)``, or a level outside (0, 1).
    public static func regressionCalibrationCurve(_ truth: [Double], mean: [Double], variance: [Double],
                                                  levels: [Double] = (1...19).map { Double($0) / 20 })
        throws(EvaluationError) -> RegressionCalibrationCurve {
        try checkGaussian(truth, mean, variance)
        try Validate.nonEmpty(levels.count, "coverage levels")
        if let bad = levels.first(where: { !($0 > 0 && $0 < 1) }) {
            throw .parameterOutOfRange(name: "coverage level", value: bad, allowed: "strictly between 0 and 1")
        }
        let observed = levels.map { p in
            let z = StandardNormal.quantile((1 + p) / 2)
            let inside = truth.indices.filter { Swift.abs(truth[$0] - mean[$0]) <= z * variance[$0].squareRoot() }.count
            return Double(inside) / Double(truth.count)
        }
        return RegressionCalibrationCurve(expectedCoverage: levels, observedCoverage: observed)
    }

    /// Sharpness: the mean predicted variance `(1/n) Σ σᵢ²` (Kuleshov et al. 2018; smaller is sharper). Some
    /// tools report its square root.
    /// - Throws: ``EvaluationError`` for empty input or a variance ≤ 0 or non-finite.
    public static func sharpness(variance: [Double]) throws(EvaluationError) -> Double {
        try Validate.nonEmpty(variance.count, "variances")
        try checkVariances(variance)
        return variance.reduce(0, +) / Double(variance.count)
    }

    private static func checkVariances(_ v: [Double]) throws(EvaluationError) {
        if let i = v.firstIndex(where: { !($0 > 0 && $0.isFinite) }) { throw .nonPositiveVariance(index: i, value: v[i]) }
    }

    private static func checkGaussian(_ truth: [Double], _ mean: [Double], _ variance: [Double]) throws(EvaluationError) {
        try Validate.sameCount(mean.count, truth.count, "predicted means")
        try Validate.sameCount(variance.count, truth.count, "predicted variances")
        try Validate.nonEmpty(truth.count, "regression targets")
        try Validate.finite(truth, "regression targets")
        try Validate.finite(mean, "predicted means")
        try checkVariances(variance)
    }
}
