// The shape shared by the recalibration methods: a Codable configuration fitted on a held-out set gives a
// Codable fitted value that maps a model's scores to calibrated probabilities.

/// A recalibration method fitted on held-out `(scores, labels)`.
///
/// What "scores" are depends on the method: logits for ``TemperatureScaling`` and ``VectorScaling``; one
/// score per class (probabilities or decision values) for the one-vs-rest methods ``PlattScaling``,
/// ``IsotonicCalibration`` and ``HistogramBinning``. Both the configuration and the fitted value are
/// `Codable`, so a fitted calibrator can be saved as JSON beside its model.
public protocol Calibrator: Sendable, Codable {
    associatedtype Fitted: FittedCalibrator
    /// Fits on a held-out set: `scores[i]` has one column per class, `labels[i]` is in `0..<columns`.
    func fit(_ scores: [[Double]], labels: [Int]) throws(EvaluationError) -> Fitted
}

/// A fitted recalibration map.
public protocol FittedCalibrator: Sendable, Codable {
    /// The number of classes (columns) it was fitted on.
    var classCount: Int { get }
    /// Calibrated class probabilities (rows summing to 1) of scores of the kind it was fitted on.
    func calibratedProbabilities(_ scores: [[Double]]) throws(EvaluationError) -> [[Double]]
}

/// A binary recalibration method: scores of the positive class in, probabilities of the positive class out.
public protocol BinaryCalibrator: Sendable, Codable {
    associatedtype FittedBinary: FittedBinaryCalibrator
    /// Fits on held-out scores and whether each sample is positive.
    func fitBinary(_ scores: [Double], positives: [Bool]) throws(EvaluationError) -> FittedBinary
}

/// A fitted binary recalibration map.
public protocol FittedBinaryCalibrator: Sendable, Codable {
    /// The calibrated probability of the positive class for each score.
    func probabilities(_ scores: [Double]) throws(EvaluationError) -> [Double]
}

/// A binary calibrator applied one-vs-rest, as scikit-learn's `CalibratedClassifierCV` does for `"sigmoid"` and
/// `"isotonic"`: with two classes one map on column 1 (class 0 gets `1 − p`); with more, one map per column,
/// then each row divided by its sum (uniform when every map gives 0), and values within 1e-5 above 1 set to 1.
public struct OneVsRestCalibrated<Map: FittedBinaryCalibrator>: FittedCalibrator {
    /// The per-class maps: one (for class 1) when binary, else one per class.
    public let maps: [Map]
    public let classCount: Int

    public func calibratedProbabilities(_ scores: [[Double]]) throws(EvaluationError) -> [[Double]] {
        try ScoreInput.matrix(scores, width: classCount)
        if classCount == 2 {
            let p1 = try maps[0].probabilities(scores.map { $0[1] })
            return p1.map { [1 - $0, $0].map(Self.trimAboveOne) }
        }
        var columns: [[Double]] = []
        for c in 0..<classCount { columns.append(try maps[c].probabilities(scores.map { $0[c] })) }
        return scores.indices.map { i in
            let row = columns.map { $0[i] }
            let sum = row.reduce(0, +)
            guard sum != 0 else { return Array(repeating: 1 / Double(classCount), count: classCount) }
            return row.map { Self.trimAboveOne($0 / sum) }
        }
    }

    private static func trimAboveOne(_ p: Double) -> Double { p > 1 && p <= 1 + 1e-5 ? 1 : p }
}

extension OneVsRestCalibrated: Equatable where Map: Equatable {}

extension BinaryCalibrator {
    /// Fits one binary map per class (one for class 1 when binary) on held-out scores.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, ragged or non-finite scores, fewer than
    ///   two columns, labels out of range, or what the binary fit throws.
    public func fitOneVsRest(_ scores: [[Double]], labels: [Int]) throws(EvaluationError) -> OneVsRestCalibrated<FittedBinary> {
        let k = try ScoreInput.matrix(scores, rows: labels.count)
        guard k >= 2 else { throw .invalidArgument("calibration scores have 1 column; pass one score per class (at least 2)") }
        try Validate.labels(labels, classCount: k)
        var maps: [FittedBinary] = []
        for c in (k == 2 ? [1] : Array(0..<k)) {
            maps.append(try fitBinary(scores.map { $0[c] }, positives: labels.map { $0 == c }))
        }
        return OneVsRestCalibrated(maps: maps, classCount: k)
    }
}

enum ScoreInput {
    /// Checks a score matrix (rows of one width, finite values) and returns the width.
    @discardableResult
    static func matrix(_ scores: [[Double]], rows: Int? = nil, width: Int? = nil) throws(EvaluationError) -> Int {
        let k = try LogitInput.matrix(scores, rows: rows, what: "calibration scores")
        if let width, k != width { throw .widthMismatch(what: "calibration scores", expected: width, found: k) }
        return k
    }

    /// Checks binary calibration input: equal lengths, at least one sample, finite scores.
    static func binary(_ scores: [Double], positives: [Bool]) throws(EvaluationError) {
        try Validate.sameCount(positives.count, scores.count, "calibration labels")
        try Validate.nonEmpty(scores.count, "calibration scores")
        try Validate.finite(scores, "calibration scores")
    }
}
