// Weighted true- and false-positive counts at every distinct score, the common core of the ROC and
// precision-recall curves (scikit-learn's confusion_matrix_at_thresholds).

/// Cumulative counts at each distinct score, scores in decreasing order.
struct ThresholdCounts {
    /// Weighted negatives with a score ≥ `thresholds[i]`.
    var falsePositives: [Double]
    /// Weighted positives with a score ≥ `thresholds[i]`.
    var truePositives: [Double]
    /// The distinct scores, decreasing.
    var thresholds: [Double]

    /// Counts for `truth == positive` against `scores`; samples of weight 0 are left out.
    init(truth: [Int], scores: [Double], positive: Int, sampleWeight: [Double]?) throws(EvaluationError) {
        try Validate.sameCount(scores.count, truth.count, "scores")
        try Validate.nonEmpty(truth.count, "scores")
        try Validate.finite(scores, "scores")
        let w = try Validate.weights(sampleWeight, count: truth.count)
        let order = truth.indices.filter { sampleWeight == nil || w[$0] != 0 }
            .sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        guard !order.isEmpty else { throw .invalidArgument("every sample weight is 0") }
        var fps: [Double] = [], tps: [Double] = [], thresholds: [Double] = []
        var tp = 0.0, fp = 0.0
        for (k, i) in order.enumerated() {
            if truth[i] == positive { tp += w[i] } else { fp += w[i] }
            // The last sample of a run of equal scores closes a threshold.
            if k == order.count - 1 || scores[order[k + 1]] != scores[i] {
                tps.append(tp)
                // Unweighted, scikit-learn counts false positives as (rank + 1) − tps; the same numbers exactly.
                fps.append(sampleWeight == nil ? Double(k + 1) - tp : fp)
                thresholds.append(scores[i])
            }
        }
        falsePositives = fps
        truePositives = tps
        self.thresholds = thresholds
    }

    /// Keeps only the points at `indices`.
    mutating func keep(_ indices: [Int]) {
        falsePositives = indices.map { falsePositives[$0] }
        truePositives = indices.map { truePositives[$0] }
        thresholds = indices.map { thresholds[$0] }
    }
}
