// Proper scoring rules of predicted probabilities: the Brier score and the negative log-likelihood.
import Foundation

extension CalibrationMetrics {
    /// Binary Brier score `(1/n) Σ (pᵢ − yᵢ)²` of the probability of class 1: scikit-learn's
    /// `brier_score_loss` for a 1-D `y_proba`.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, labels other than 0 and 1, or
    ///   probabilities outside [0, 1] or NaN.
    public static func brierScore(_ truth: [Int], positiveProbabilities: [Double]) throws(EvaluationError) -> Double {
        try ProbabilityInput.binary(positiveProbabilities, truth: truth)
        return zip(positiveProbabilities, truth).reduce(0) { $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1)) }
            / Double(truth.count)
    }

    /// Multiclass Brier score `(1/n) Σᵢ Σ_c (p_ic − 1[yᵢ = c])²`, Brier's 1950 definition (range 0–2).
    ///
    /// scikit-learn's `brier_score_loss` gives the same for three or more classes, and by default halves it
    /// for a two-column matrix (`scale_by_half="auto"`); pass ``brierScore(_:positiveProbabilities:)`` the
    /// second column to get that number.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, bad probabilities or labels out of range.
    public static func brierScore(_ truth: [Int], probabilities: [[Double]]) throws(EvaluationError) -> Double {
        try ProbabilityInput.matrix(probabilities, truth: truth)
        var total = 0.0
        for (row, t) in zip(probabilities, truth) {
            for (c, p) in row.enumerated() {
                let d = p - (c == t ? 1 : 0)
                total += d * d
            }
        }
        return total / Double(truth.count)
    }

    /// Mean negative log-likelihood of the true classes, `−(1/n) Σ log p_{i,yᵢ}`, with probabilities clipped to
    /// `[ε, 1 − ε]` (ε = `Double.ulpOfOne`) as scikit-learn's `log_loss`, but with the looser row-sum
    /// tolerance of the calibration metrics.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, bad probabilities or labels out of range.
    public static func negativeLogLikelihood(_ truth: [Int], probabilities: [[Double]]) throws(EvaluationError) -> Double {
        try ProbabilityInput.matrix(probabilities, truth: truth)
        return ClassificationMetrics.weightedNegativeLogMean(truth.indices.map { probabilities[$0][truth[$0]] },
                                                             Array(repeating: 1, count: truth.count))
    }

    /// Mean negative log-likelihood of the true classes under `softmax(logits)`: `(1/n) Σ (logsumexp(zᵢ) − z_{i,yᵢ})`,
    /// computed stably and without clipping.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, ragged rows, non-finite logits or labels
    ///   out of range.
    public static func negativeLogLikelihood(_ truth: [Int], logits: [[Double]]) throws(EvaluationError) -> Double {
        try LogitInput.matrix(logits, truth: truth)
        return zip(logits, truth).reduce(0) { $0 + Softmax.logSumExp($1.0) - $1.0[$1.1] } / Double(truth.count)
    }
}
