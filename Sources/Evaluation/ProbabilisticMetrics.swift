// Log loss (cross-entropy) of predicted probabilities, as scikit-learn's log_loss.
import Foundation

extension ClassificationMetrics {
    /// Mean negative log-likelihood of the true classes: `−Σ wᵢ log pᵢ[truthᵢ] / Σ wᵢ`.
    ///
    /// `probabilities[i][c]` is the predicted probability of class `c` (labels are `0..<columns`). As
    /// scikit-learn 1.9, probabilities are clipped to `[ε, 1 − ε]` with ε the machine epsilon of `Double`
    /// (2.22e-16), so a confident wrong prediction costs about 36.04 rather than infinity; they are not
    /// renormalised. Unlike scikit-learn, which only warns, rows that do not sum to 1 within
    /// `1e-8 + √ε·|sum|` are an error.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, labels out of range, NaN, negative or
    ///   above-1 probabilities, rows not summing to 1, or bad weights (including weights summing to 0).
    public static func logLoss(_ truth: [Int], probabilities: [[Double]], sampleWeight: [Double]? = nil)
        throws(EvaluationError) -> Double {
        let k = try Validate.probabilities(probabilities, rows: truth.count, absolute: 1e-8,
                                           relative: Double.ulpOfOne.squareRoot())
        try Validate.labels(truth, classCount: k)
        let w = try Validate.weights(sampleWeight, count: truth.count, nonZeroSum: true)
        return weightedNegativeLogMean(truth.indices.map { probabilities[$0][truth[$0]] }, w)
    }

    /// Binary log loss: `positiveProbabilities[i]` is the probability of class 1, and `truth` holds 0 and 1
    /// (scikit-learn's `log_loss` with a 1-D `y_proba`). Clipping as ``logLoss(_:probabilities:sampleWeight:)``.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, labels other than 0 and 1,
    ///   probabilities outside [0, 1] or NaN, or bad weights (including weights summing to 0).
    public static func logLoss(_ truth: [Int], positiveProbabilities: [Double], sampleWeight: [Double]? = nil)
        throws(EvaluationError) -> Double {
        try Validate.sameCount(positiveProbabilities.count, truth.count, "probabilities")
        try Validate.nonEmpty(truth.count, "probabilities")
        try Validate.labels(truth, classCount: 2)
        if let i = positiveProbabilities.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw .invalidProbability(row: i, column: 1, value: positiveProbabilities[i])
        }
        let w = try Validate.weights(sampleWeight, count: truth.count, nonZeroSum: true)
        return weightedNegativeLogMean(truth.indices.map { truth[$0] == 1 ? positiveProbabilities[$0] : 1 - positiveProbabilities[$0] }, w)
    }

    /// `−Σ wᵢ log(clip(pᵢ)) / Σ wᵢ` with `clip` to `[ε, 1 − ε]`.
    static func weightedNegativeLogMean(_ p: [Double], _ w: [Double]) -> Double {
        let eps = Double.ulpOfOne
        var loss = 0.0, total = 0.0
        for (pi, wi) in zip(p, w) {
            loss -= wi * log(Swift.min(Swift.max(pi, eps), 1 - eps))
            total += wi
        }
        return loss / total
    }
}
