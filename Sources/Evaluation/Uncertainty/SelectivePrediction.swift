// Selective prediction: the risk a classifier takes when it answers only its most confident inputs.

/// Risk against coverage as the confidence threshold falls (Geifman & El-Yaniv 2017).
public struct RiskCoverageCurve: Sendable, Equatable, Codable {
    /// Fraction of inputs answered at each threshold, increasing to 1.
    public let coverage: [Double]
    /// Mean loss (error rate for 0/1 losses) of the answered inputs at each threshold.
    public let risk: [Double]
    /// The distinct confidences, decreasing: inputs with confidence ≥ the threshold are answered.
    public let thresholds: [Double]

    /// Area under the curve as a step function, `Σ_j (c_j − c_{j−1}) · r_j` with `c_0 = 0`. Without ties in
    /// confidence this is the mean over `k = 1…n` of the risk of the `k` most confident inputs, the AURC of
    /// Geifman et al. 2019; tied confidences are answered together.
    public var areaUnderCurve: Double {
        var previous = 0.0, area = 0.0
        for (c, r) in zip(coverage, risk) {
            area += (c - previous) * r
            previous = c
        }
        return area
    }
}

/// Selective prediction metrics.
public enum SelectivePrediction {
    /// The risk–coverage curve of per-input `losses` (e.g. 0 right, 1 wrong) ordered by `confidence`.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input or non-finite values.
    public static func riskCoverageCurve(confidence: [Double], losses: [Double]) throws(EvaluationError) -> RiskCoverageCurve {
        try Validate.sameCount(losses.count, confidence.count, "losses")
        try Validate.nonEmpty(confidence.count, "confidences")
        try Validate.finite(confidence, "confidences")
        try Validate.finite(losses, "losses")
        let order = confidence.indices.sorted { confidence[$0] > confidence[$1] || (confidence[$0] == confidence[$1] && $0 < $1) }
        var coverage: [Double] = [], risk: [Double] = [], thresholds: [Double] = []
        var total = 0.0
        let n = Double(order.count)
        for (k, i) in order.enumerated() {
            total += losses[i]
            if k == order.count - 1 || confidence[order[k + 1]] != confidence[i] {
                coverage.append(Double(k + 1) / n)
                risk.append(total / Double(k + 1))
                thresholds.append(confidence[i])
            }
        }
        return RiskCoverageCurve(coverage: coverage, risk: risk, thresholds: thresholds)
    }

    /// The risk–coverage curve of a classifier: confidence `max_c p_c`, loss 1 when the arg-max class is wrong.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, bad probabilities or labels out of range.
    public static func riskCoverageCurve(_ truth: [Int], probabilities: [[Double]]) throws(EvaluationError) -> RiskCoverageCurve {
        try ProbabilityInput.matrix(probabilities, truth: truth)
        let top = probabilities.map(ProbabilityInput.topLabel)
        return try riskCoverageCurve(confidence: top.map(\.confidence),
                                     losses: zip(top, truth).map { $0.label == $1 ? 0 : 1 })
    }
}
