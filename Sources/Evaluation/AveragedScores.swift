// Precision, recall and F1 averaged over classes, as scikit-learn's precision_recall_fscore_support.

/// How per-class scores are combined into one number (scikit-learn's `average`).
public enum Averaging: Sendable, Hashable {
    /// Only the class `positive` (`average="binary"`, `pos_label`). The labels seen in truth and predictions
    /// together must be at most two, and must include `positive` when they are two.
    case binary(positive: Int = 1)
    /// Unweighted mean over the labels seen in truth or predictions.
    case macro
    /// Scores of the summed true positives, predicted positives and actual positives over all labels.
    case micro
    /// Mean over the labels weighted by their support (weighted count in the truth).
    case weighted
}

extension ClassificationMetrics {
    /// Averaged precision, recall and F1.
    public struct AveragedScores: Sendable, Equatable {
        public let precision: Double, recall: Double, f1: Double
    }

    /// Precision, recall and F1 of `predicted` against `truth`, averaged as `average` says.
    ///
    /// Definitions are scikit-learn's `precision_recall_fscore_support` (β = 1): precision `tp / (tp + fp)`,
    /// recall `tp / (tp + fn)` and F1 `2·tp / (2·tp + fp + fn)`, all with counts weighted by `sampleWeight`.
    /// A ratio whose denominator is 0 is `zeroDivision`: 0 (the default, like `zero_division=0` without the
    /// warning), 1, or `.nan` — NaN per-class values are then left out of the macro and weighted averages.
    /// Labels are any integers; the classes averaged over are those seen in `truth` or `predicted`.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, bad weights (including all 0), a
    ///   `zeroDivision` other than 0, 1 or NaN, or `.binary` on more than two labels or without the positive label.
    public static func precisionRecallF1(_ truth: [Int], _ predicted: [Int], average: Averaging = .binary(),
                                         zeroDivision: Double = 0, sampleWeight: [Double]? = nil)
        throws(EvaluationError) -> AveragedScores {
        try Validate.sameCount(predicted.count, truth.count, "predicted labels")
        try Validate.nonEmpty(truth.count, "labels")
        // All-zero weights leave nothing to score: scikit-learn raises ("Sample weights must contain at least
        // one non-zero number") rather than returning zeroDivision for every ratio.
        let w = try Validate.weights(sampleWeight, count: truth.count, nonZeroSum: true)
        guard zeroDivision == 0 || zeroDivision == 1 || zeroDivision.isNaN else {
            throw .invalidArgument("zeroDivision must be 0, 1 or NaN, not \(zeroDivision)")
        }
        var labels = Set(truth).union(predicted).sorted()
        if case .binary(let positive) = average {
            guard labels.count <= 2 else {
                throw .invalidArgument("average .binary needs at most two labels, found \(labels.count); use macro, micro or weighted")
            }
            guard labels.contains(positive) || labels.count < 2 else {
                throw .invalidArgument("positive label \(positive) is not one of the labels \(labels)")
            }
            labels = [positive]
        }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var tp = Array(repeating: 0.0, count: labels.count), predictedSum = tp, trueSum = tp
        for i in truth.indices {
            let t = index[truth[i]], p = index[predicted[i]]
            if let t { trueSum[t] += w[i] }
            if let p { predictedSum[p] += w[i] }
            if let t, t == p { tp[t] += w[i] }
        }
        if average == .micro {
            tp = [tp.reduce(0, +)]
            predictedSum = [predictedSum.reduce(0, +)]
            trueSum = [trueSum.reduce(0, +)]
        }
        func divide(_ n: Double, _ d: Double) -> Double { d == 0 ? zeroDivision : n / d }
        let precision = zip(tp, predictedSum).map { divide($0, $1) }
        let recall = zip(tp, trueSum).map { divide($0, $1) }
        let f1 = tp.indices.map { divide(2 * tp[$0], trueSum[$0] + predictedSum[$0]) }
        let weights = average == .weighted ? trueSum : nil
        return AveragedScores(precision: nanAverage(precision, weights), recall: nanAverage(recall, weights),
                              f1: nanAverage(f1, weights))
    }

    /// Precision averaged as `average` says; see ``precisionRecallF1(_:_:average:zeroDivision:sampleWeight:)``.
    public static func precision(_ truth: [Int], _ predicted: [Int], average: Averaging = .binary(),
                                 zeroDivision: Double = 0, sampleWeight: [Double]? = nil) throws(EvaluationError) -> Double {
        try precisionRecallF1(truth, predicted, average: average, zeroDivision: zeroDivision, sampleWeight: sampleWeight).precision
    }

    /// Recall averaged as `average` says; see ``precisionRecallF1(_:_:average:zeroDivision:sampleWeight:)``.
    public static func recall(_ truth: [Int], _ predicted: [Int], average: Averaging = .binary(),
                              zeroDivision: Double = 0, sampleWeight: [Double]? = nil) throws(EvaluationError) -> Double {
        try precisionRecallF1(truth, predicted, average: average, zeroDivision: zeroDivision, sampleWeight: sampleWeight).recall
    }

    /// F1 averaged as `average` says; see ``precisionRecallF1(_:_:average:zeroDivision:sampleWeight:)``.
    public static func f1(_ truth: [Int], _ predicted: [Int], average: Averaging = .binary(),
                          zeroDivision: Double = 0, sampleWeight: [Double]? = nil) throws(EvaluationError) -> Double {
        try precisionRecallF1(truth, predicted, average: average, zeroDivision: zeroDivision, sampleWeight: sampleWeight).f1
    }

    /// Mean (weighted when `weights` is given) of the non-NaN values; NaN when all are NaN; the plain mean
    /// when the remaining weights sum to 0 (scikit-learn's `_nanaverage`).
    static func nanAverage(_ values: [Double], _ weights: [Double]?) -> Double {
        let kept = values.indices.filter { !values[$0].isNaN }
        guard !kept.isEmpty else { return .nan }
        let plain = kept.reduce(0) { $0 + values[$1] } / Double(kept.count)
        guard let weights else { return plain }
        let total = kept.reduce(0) { $0 + weights[$1] }
        guard total != 0 else { return plain }
        return kept.reduce(0) { $0 + values[$1] * weights[$1] } / total
    }
}
