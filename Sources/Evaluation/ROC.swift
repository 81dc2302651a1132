// ROC curves and the area under them (scikit-learn's roc_curve, auc and roc_auc_score).

/// A receiver operating characteristic curve: parallel arrays, thresholds decreasing.
public struct ROCCurve: Sendable, Equatable {
    /// False-positive rate at each threshold, increasing from 0 to 1.
    public let falsePositiveRate: [Double]
    /// True-positive rate (recall) at each threshold, increasing from 0 to 1.
    public let truePositiveRate: [Double]
    /// Scores at which the rates are taken; the first is `+infinity` (nothing predicted positive).
    public let thresholds: [Double]
}

extension ClassificationMetrics {
    /// The ROC curve of `scores` (higher means more likely `positive`) against binary `truth`.
    ///
    /// As scikit-learn's `roc_curve(drop_intermediate=True)`: one point per distinct score, then points that
    /// lie on a straight segment between their neighbours are dropped, and a first point `(0, 0)` with
    /// threshold `+infinity` is added. Labels other than `positive` count as negative; samples of weight 0
    /// are ignored.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, non-finite scores or bad weights, and
    ///   `.singleClass` when the truth has no positives or no negatives (scikit-learn warns and returns NaN).
    public static func rocCurve(_ truth: [Int], scores: [Double], positive: Int = 1, sampleWeight: [Double]? = nil)
        throws(EvaluationError) -> ROCCurve {
        var counts = try ThresholdCounts(truth: truth, scores: scores, positive: positive, sampleWeight: sampleWeight)
        let fps = counts.falsePositives, tps = counts.truePositives
        if fps.count > 2 {
            // Keep a point when the second difference of either count is non-zero (a corner).
            func bends(_ v: [Double], _ i: Int) -> Bool { (v[i + 1] - v[i]) - (v[i] - v[i - 1]) != 0 }
            let corners = (1..<(fps.count - 1)).filter { bends(fps, $0) || bends(tps, $0) }
            counts.keep([0] + corners + [fps.count - 1])
        }
        guard let negatives = counts.falsePositives.last, negatives > 0,
              let positives = counts.truePositives.last, positives > 0 else {
            throw .singleClass(what: "ROC curve needs positive and negative samples")
        }
        return ROCCurve(falsePositiveRate: [0] + counts.falsePositives.map { $0 / negatives },
                        truePositiveRate: [0] + counts.truePositives.map { $0 / positives },
                        thresholds: [.infinity] + counts.thresholds)
    }

    /// Area under a curve by the trapezoidal rule (scikit-learn's `auc`); `x` must be monotonic (increasing
    /// or decreasing — a decreasing `x` still gives a positive area for a positive `y`).
    /// - Throws: ``EvaluationError`` when the arrays differ in length, have fewer than two points, or `x` is
    ///   not monotonic.
    public static func auc(x: [Double], y: [Double]) throws(EvaluationError) -> Double {
        try Validate.sameCount(y.count, x.count, "curve y values")
        guard x.count >= 2 else { throw .invalidArgument("auc needs at least 2 points, got \(x.count)") }
        let dx = (1..<x.count).map { x[$0] - x[$0 - 1] }
        var direction = 1.0
        if dx.contains(where: { $0 < 0 }) {
            guard dx.allSatisfy({ $0 <= 0 }) else { throw .invalidArgument("auc: x is neither increasing nor decreasing") }
            direction = -1
        }
        return direction * dx.indices.reduce(0) { $0 + dx[$1] * (y[$1 + 1] + y[$1]) / 2 }
    }

    /// Area under the ROC curve of `scores` against binary `truth` (scikit-learn's `roc_auc_score` for a
    /// binary target, with `positive` the larger of the two labels there).
    /// - Throws: as ``rocCurve(_:scores:positive:sampleWeight:)``.
    public static func rocAUC(_ truth: [Int], scores: [Double], positive: Int = 1, sampleWeight: [Double]? = nil)
        throws(EvaluationError) -> Double {
        let curve = try rocCurve(truth, scores: scores, positive: positive, sampleWeight: sampleWeight)
        return try auc(x: curve.falsePositiveRate, y: curve.truePositiveRate)
    }

    /// One-vs-rest ROC AUC of a probability matrix (`probabilities[i][c]`, rows summing to 1) against labels
    /// `0..<columns` (scikit-learn's `roc_auc_score(multi_class="ovr")`).
    ///
    /// Every class must occur in `truth`. Rows must sum to 1 as `numpy.allclose` checks
    /// (`|sum − 1| ≤ 1e-8 + 1e-5·|sum|`).
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, labels out of range, bad probabilities,
    ///   bad weights, or a class absent from the truth (`.singleClass`).
    public static func rocAUC(_ truth: [Int], probabilities: [[Double]], average: OneVsRestAveraging = .macro,
                              sampleWeight: [Double]? = nil) throws(EvaluationError) -> Double {
        let k = try Validate.probabilities(probabilities, rows: truth.count, absolute: 1e-8, relative: 1e-5)
        return try oneVsRest(truth, probabilities, classCount: k, average: average, sampleWeight: sampleWeight) {
            (t, s, w) throws(EvaluationError) in try rocAUC(t, scores: s, positive: 1, sampleWeight: w)
        }
    }
}
