// Out-of-distribution scores from a classifier's outputs, and how well a score separates in- from
// out-of-distribution inputs.
import Foundation

/// How well a score separates in-distribution (positive) from out-of-distribution inputs.
public struct OutOfDistributionDetection: Sendable, Equatable, Codable {
    /// Area under the ROC curve with in-distribution as the positive class.
    public let auroc: Double
    /// The fraction of out-of-distribution inputs accepted at the highest threshold that still accepts at
    /// least 95% of the in-distribution inputs.
    public let falsePositiveRateAt95TruePositiveRate: Double
}

/// Scores for out-of-distribution detection: higher means "looks in-distribution".
public enum OutOfDistribution {
    /// Maximum softmax probability `max_c p_c` of each row (Hendrycks & Gimpel 2017).
    /// - Throws: ``EvaluationError`` for empty input, ragged rows or bad probabilities.
    public static func maximumSoftmaxProbability(_ probabilities: [[Double]]) throws(EvaluationError) -> [Double] {
        _ = try Validate.probabilities(probabilities, rows: probabilities.count, absolute: ProbabilityInput.absoluteTolerance,
                                       relative: ProbabilityInput.relativeTolerance)
        return probabilities.map { $0.max()! }
    }

    /// Free energy `E(x) = −T · logsumexp(z / T)` of each row of logits (Liu et al. 2020). Lower energy means
    /// in-distribution, so pass `−energy` where a higher-is-in-distribution score is expected.
    /// - Throws: ``EvaluationError`` for empty input, ragged or non-finite logits, or `temperature ≤ 0`.
    public static func energy(_ logits: [[Double]], temperature: Double = 1) throws(EvaluationError) -> [Double] {
        guard temperature > 0 && temperature.isFinite else {
            throw .parameterOutOfRange(name: "temperature", value: temperature, allowed: "positive and finite (1 is usual)")
        }
        try LogitInput.matrix(logits)
        return logits.map { -temperature * Softmax.logSumExp($0.map { $0 / temperature }) }
    }

    /// AUROC and FPR at 95% TPR of a score that is higher for in-distribution inputs.
    ///
    /// The AUROC is ``ClassificationMetrics/rocAUC(_:scores:positive:sampleWeight:)`` with in-distribution as
    /// class 1. The FPR is read off the full ROC curve (every distinct threshold, none dropped): the smallest
    /// false-positive rate among thresholds whose true-positive rate is at least 0.95.
    /// - Throws: ``EvaluationError`` when either set is empty or a score is not finite.
    public static func detection(inDistribution: [Double], outOfDistribution: [Double])
        throws(EvaluationError) -> OutOfDistributionDetection {
        try Validate.nonEmpty(inDistribution.count, "in-distribution scores")
        try Validate.nonEmpty(outOfDistribution.count, "out-of-distribution scores")
        let truth = Array(repeating: 1, count: inDistribution.count) + Array(repeating: 0, count: outOfDistribution.count)
        let scores = inDistribution + outOfDistribution
        let auroc = try ClassificationMetrics.rocAUC(truth, scores: scores)
        let counts = try ThresholdCounts(truth: truth, scores: scores, positive: 1, sampleWeight: nil)
        let positives = Double(inDistribution.count), negatives = Double(outOfDistribution.count)
        // True-positive counts grow along the thresholds, so the first one reaching 95% has the smallest FPR.
        let i = counts.truePositives.firstIndex { $0 / positives >= 0.95 }!
        return OutOfDistributionDetection(auroc: auroc, falsePositiveRateAt95TruePositiveRate: counts.falsePositives[i] / negatives)
    }
}
