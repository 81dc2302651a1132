// Precision-recall curves and average precision (scikit-learn's precision_recall_curve and
// average_precision_score).

/// A precision-recall curve: `precision` and `recall` have one more point than `thresholds`.
public struct PrecisionRecallCurve: Sendable, Equatable {
    /// Precision at each threshold (increasing threshold order), then a final 1.
    public let precision: [Double]
    /// Recall at each threshold, decreasing, then a final 0.
    public let recall: [Double]
    /// The distinct scores, increasing.
    public let thresholds: [Double]
}

extension ClassificationMetrics {
    /// The precision-recall curve of `scores` against binary `truth`, as scikit-learn's
    /// `precision_recall_curve`.
    ///
    /// With `dropIntermediate`, of a run of thresholds with the same true-positive count (a vertical stretch
    /// at constant recall) only the first and last are kept, as scikit-learn's `drop_intermediate=True`.
    /// Precision at a threshold with nothing predicted positive is 0; when the truth has no positives, recall
    /// is 1 at every threshold (scikit-learn's convention, which warns). Samples of weight 0 are ignored.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, non-finite scores or bad weights.
    public static func precisionRecallCurve(_ truth: [Int], scores: [Double], positive: Int = 1,
                                            sampleWeight: [Double]? = nil, dropIntermediate: Bool = false)
        throws(EvaluationError) -> PrecisionRecallCurve {
        var counts = try ThresholdCounts(truth: truth, scores: scores, positive: positive, sampleWeight: sampleWeight)
        if dropIntermediate && counts.truePositives.count > 2 {
            let t = counts.truePositives
            counts.keep([0] + (1..<(t.count - 1)).filter { t[$0] - t[$0 - 1] != 0 || t[$0 + 1] - t[$0] != 0 } + [t.count - 1])
        }
        let tps = counts.truePositives, fps = counts.falsePositives
        let positives = tps.last ?? 0
        let precision = tps.indices.map { tps[$0] + fps[$0] != 0 ? tps[$0] / (tps[$0] + fps[$0]) : 0 }
        let recall = positives == 0 ? tps.map { _ in 1.0 } : tps.map { $0 / positives }
        return PrecisionRecallCurve(precision: precision.reversed() + [1], recall: recall.reversed() + [0],
                                    thresholds: counts.thresholds.reversed())
    }

    /// Average precision: `Σ (R_n − R_{n−1}) · P_n` over the thresholds of the precision-recall curve — the
    /// step-wise sum of scikit-learn's `average_precision_score`, not an interpolated area.
    /// - Throws: as ``precisionRecallCurve(_:scores:positive:sampleWeight:dropIntermediate:)``.
    public static func averagePrecision(_ truth: [Int], scores: [Double], positive: Int = 1,
                                        sampleWeight: [Double]? = nil) throws(EvaluationError) -> Double {
        let curve = try precisionRecallCurve(truth, scores: scores, positive: positive, sampleWeight: sampleWeight)
        let r = curve.recall, p = curve.precision
        var sum = 0.0
        for i in 1..<r.count { sum += (r[i] - r[i - 1]) * p[i - 1] }
        return Swift.max(0, -sum)
    }

    /// One-vs-rest average precision of a score matrix (`scores[i][c]`) against labels `0..<columns`, as
    /// scikit-learn's `average_precision_score` on a multiclass target. Every class must occur in `truth`.
    /// - Throws: ``EvaluationError`` for unequal lengths or row widths, empty input, labels out of range,
    ///   non-finite scores, bad weights, or a class absent from the truth (`.singleClass`).
    public static func averagePrecision(_ truth: [Int], scores: [[Double]], average: OneVsRestAveraging = .macro,
                                        sampleWeight: [Double]? = nil) throws(EvaluationError) -> Double {
        try Validate.sameCount(scores.count, truth.count, "score rows")
        try Validate.nonEmpty(scores.count, "scores")
        let k = scores[0].count
        for (r, row) in scores.enumerated() { try Validate.sameCount(row.count, k, "score row \(r)") }
        return try oneVsRest(truth, scores, classCount: k, average: average, sampleWeight: sampleWeight) {
            (t, s, w) throws(EvaluationError) in try averagePrecision(t, scores: s, positive: 1, sampleWeight: w)
        }
    }
}
