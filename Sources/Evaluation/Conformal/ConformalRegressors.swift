// Split conformal regression: absolute residuals around point predictions, and conformalized quantile regression.

/// Split conformal regression with the absolute-residual score `|y − ŷ|` (Lei et al. 2018; Angelopoulos & Bates
/// 2021, §2.3): intervals `ŷ ± q̂` with q̂ the ⌈(n+1)(1−α)⌉-th smallest calibration residual
/// (``ConformalQuantile``). Same-width intervals everywhere; see ``ConformalizedQuantileRegressor`` for
/// adaptive ones.
///
/// ```swift
/// let conformal = try SplitConformalRegressor.fit(predictions: calibrationPredictions, truth: calibrationTargets)
/// let intervals = try conformal.intervals(testPredictions, alpha: 0.1)
/// try ConformalMetrics.coverage(intervals, truth: testTargets)   // ≈ 0.9
/// ```
public struct SplitConformalRegressor: Codable, Sendable, Equatable {
    /// What to do when the calibration set is too small for the requested α (infinite intervals or an error).
    public var smallCalibration: SmallCalibrationPolicy
    /// Absolute calibration residuals, ascending.
    public let calibrationScores: [Double]

    public init(calibrationScores: [Double], smallCalibration: SmallCalibrationPolicy = .strict) {
        self.calibrationScores = calibrationScores
        self.smallCalibration = smallCalibration
    }

    /// Calibrates on point `predictions` of held-out `truth`.
    /// - Throws: ``EvaluationError`` for empty, unequal-length or non-finite input.
    public static func fit(predictions: [Double], truth: [Double], smallCalibration: SmallCalibrationPolicy = .strict)
        throws(EvaluationError) -> SplitConformalRegressor {
        try ConformalInput.values([(truth, "truth"), (predictions, "predictions")], count: truth.count)
        return SplitConformalRegressor(calibrationScores: zip(truth, predictions).map { Swift.abs($0 - $1) }.sorted(),
                                       smallCalibration: smallCalibration)
    }

    /// The half-width q̂ at miscoverage level `alpha` (+∞ when too few samples and the policy allows it).
    public func threshold(alpha: Double) throws(EvaluationError) -> Double {
        try ConformalQuantile.threshold(sorted: calibrationScores, alpha: alpha, policy: smallCalibration, what: "calibration set")
    }

    /// Intervals `ŷ ± q̂` for point `predictions`.
    /// - Throws: ``EvaluationError`` for a bad α, a too-small calibration set under `.strict`, or empty or
    ///   non-finite predictions.
    public func intervals(_ predictions: [Double], alpha: Double) throws(EvaluationError) -> PredictionIntervals {
        let q = try threshold(alpha: alpha)
        try ConformalInput.values([(predictions, "predictions")], count: predictions.count)
        return PredictionIntervals(lower: predictions.map { $0 - q }, upper: predictions.map { $0 + q })
    }
}

/// Conformalized quantile regression (Romano, Patterson & Candès 2019): from a model's lower and upper quantile
/// predictions (e.g. at α/2 and 1 − α/2, by a network trained with the quantile loss or gradient boosting with a
/// quantile objective), the score `max(lo − y, y − hi)` and the intervals `[lo − q̂, hi + q̂]`. q̂ may be negative
/// (the quantile model was too wide) and then narrows the intervals. This is MAPIE's
/// `symmetric_correction=True`.
public struct ConformalizedQuantileRegressor: Codable, Sendable, Equatable {
    /// What to do when the calibration set is too small for the requested α (infinite intervals or an error).
    public var smallCalibration: SmallCalibrationPolicy
    /// Calibration scores `max(lo − y, y − hi)`, ascending.
    public let calibrationScores: [Double]

    public init(calibrationScores: [Double], smallCalibration: SmallCalibrationPolicy = .strict) {
        self.calibrationScores = calibrationScores
        self.smallCalibration = smallCalibration
    }

    /// Calibrates on lower and upper quantile predictions of held-out `truth`.
    /// - Throws: ``EvaluationError`` for empty, unequal-length or non-finite input, or a lower prediction above
    ///   its upper one (`.quantilesCrossed`).
    public static func fit(lower: [Double], upper: [Double], truth: [Double],
                           smallCalibration: SmallCalibrationPolicy = .strict) throws(EvaluationError) -> ConformalizedQuantileRegressor {
        try ConformalInput.values([(truth, "truth"), (lower, "lower quantile predictions"),
                                   (upper, "upper quantile predictions")], count: truth.count)
        try checkOrdered(lower, upper)
        let scores = truth.indices.map { Swift.max(lower[$0] - truth[$0], truth[$0] - upper[$0]) }
        return ConformalizedQuantileRegressor(calibrationScores: scores.sorted(), smallCalibration: smallCalibration)
    }

    /// The correction q̂ at miscoverage level `alpha` (+∞ when too few samples and the policy allows it).
    public func threshold(alpha: Double) throws(EvaluationError) -> Double {
        try ConformalQuantile.threshold(sorted: calibrationScores, alpha: alpha, policy: smallCalibration, what: "calibration set")
    }

    /// Intervals `[lo − q̂, hi + q̂]` for lower and upper quantile predictions.
    /// - Throws: ``EvaluationError`` for a bad α, a too-small calibration set under `.strict`, unequal lengths,
    ///   non-finite or crossed quantile predictions.
    public func intervals(lower: [Double], upper: [Double], alpha: Double) throws(EvaluationError) -> PredictionIntervals {
        let q = try threshold(alpha: alpha)
        try ConformalInput.values([(lower, "lower quantile predictions"), (upper, "upper quantile predictions")],
                                  count: lower.count)
        try Self.checkOrdered(lower, upper)
        return PredictionIntervals(lower: lower.map { $0 - q }, upper: upper.map { $0 + q })
    }

    private static func checkOrdered(_ lower: [Double], _ upper: [Double]) throws(EvaluationError) {
        if let i = lower.indices.first(where: { lower[$0] > upper[$0] }) {
            throw .quantilesCrossed(index: i, lower: lower[i], upper: upper[i])
        }
    }
}

extension SplitConformalRegressor: ConformalPredictorFile, ConsistencyChecked {
    var inconsistency: String? { calibrationScoresProblem([calibrationScores], expectedGroups: 1) }
}

extension ConformalizedQuantileRegressor: ConformalPredictorFile, ConsistencyChecked {
    var inconsistency: String? { calibrationScoresProblem([calibrationScores], expectedGroups: 1) }
}
