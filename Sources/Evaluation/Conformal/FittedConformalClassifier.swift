// A calibrated split conformal classifier: thresholds at any α and prediction sets for new probabilities.

/// The result of ``SplitConformalClassifier/fit(probabilities:labels:)``: the sorted calibration scores (one
/// group, or one per class when class-conditional), from which the threshold at any α is an order statistic.
///
/// Codable; ``save(to:)`` writes it as JSON and ``load(from:)`` reads it back.
public struct FittedConformalClassifier: Codable, Sendable, Equatable {
    /// The configuration it was fitted with.
    public let configuration: SplitConformalClassifier
    /// The number of classes (probability columns) it expects.
    public let classCount: Int
    /// Calibration scores sorted ascending: one array, or one per class (Mondrian).
    public let calibrationScores: [[Double]]

    public init(configuration: SplitConformalClassifier, classCount: Int, calibrationScores: [[Double]]) {
        self.configuration = configuration
        self.classCount = classCount
        self.calibrationScores = calibrationScores
    }

    /// The threshold per class at miscoverage level `alpha` (all equal unless class-conditional): the
    /// ⌈(n+1)(1−α)⌉-th smallest calibration score of the group (see ``ConformalQuantile``), +∞ for a group too
    /// small under ``SmallCalibrationPolicy/infiniteThreshold``.
    /// - Throws: ``EvaluationError/invalidAlpha(_:)``, or under `.strict` `.calibrationTooSmall` naming the
    ///   group (a class without calibration rows counts as too small); `.invalidArgument` for a hand-built value
    ///   whose scores are unsorted, non-finite or not one group (one per class when class-conditional).
    public func thresholds(alpha: Double) throws(EvaluationError) -> [Double] {
        // A hand-built value may not be what `fit` would give; check before indexing into it.
        if let problem = inconsistency { throw .invalidArgument("fitted conformal classifier: \(problem)") }
        var out: [Double] = []
        for (g, scores) in calibrationScores.enumerated() {
            let what = configuration.classConditional ? "class \(g)" : "calibration set"
            out.append(try ConformalQuantile.threshold(sorted: scores, alpha: alpha,
                                                       policy: configuration.smallCalibration, what: what))
        }
        return configuration.classConditional ? out : Array(repeating: out[0], count: classCount)
    }

    /// Prediction sets for `probabilities` (`[N][classCount]`) at miscoverage level `alpha`.
    ///
    /// Randomised scores draw one uniform per row from the configuration's seed (prediction stream), so the same
    /// rows give the same sets; pass `seed` to draw others.
    /// - Throws: ``EvaluationError`` for a bad α, a calibration set too small under `.strict`, or bad
    ///   probabilities (wrong width, NaN, negative, rows not summing to 1).
    public func predictionSets(_ probabilities: [[Double]], alpha: Double, seed: UInt64? = nil)
        throws(EvaluationError) -> PredictionSets {
        let tau = try thresholds(alpha: alpha)
        let width = try ConformalInput.probabilities(probabilities, rows: probabilities.count)
        try Validate.sameCount(width, classCount, "probability columns (classes)")
        let uniforms = configuration.score.isRandomized
            ? ConformalInput.uniforms(probabilities.count, seed: seed ?? configuration.seed, stream: .prediction) : nil
        return PredictionSets(masks: probabilities.enumerated().map { i, row in
            configuration.score.predictionSet(row, thresholds: tau, uniform: uniforms?[i] ?? 1)
        })
    }
}
