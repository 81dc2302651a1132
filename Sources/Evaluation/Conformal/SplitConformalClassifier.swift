// Split conformal classification: the configuration, and fitting it on held-out calibration probabilities.

/// Split (inductive) conformal classification on predicted class probabilities.
///
/// Fit on a calibration set the model did not train on, then ask for prediction sets at any miscoverage
/// level α: under exchangeability a set holds the true class with probability at least 1 − α.
///
/// ```swift
/// let conformal = SplitConformalClassifier(score: .aps(randomized: true), seed: 7)
/// let fitted = try conformal.fit(probabilities: calibrationProbabilities, labels: calibrationLabels)
/// let sets = try fitted.predictionSets(testProbabilities, alpha: 0.1)
/// sets.indices[0]                                                      // e.g. [3, 8]
/// try ConformalMetrics.coverage(sets, labels: testLabels)              // ≈ 0.9
/// try fitted.save(to: URL(fileURLWithPath: "runs/x/conformal.json"))
/// ```
///
/// With `classConditional` (Mondrian conformal prediction, Vovk et al. 2005) each class gets its own threshold
/// from the calibration rows of that class, so coverage holds for every class separately, not only on average;
/// each class then needs n_c ≥ 1/α − 1 calibration rows.
public struct SplitConformalClassifier: Codable, Sendable, Hashable {
    /// Rows of probabilities must sum to 1 within this absolute tolerance (a Float32 softmax passes).
    public static let probabilitySumTolerance = 1e-5

    /// The nonconformity score.
    public var score: ConformalScore
    /// One threshold per class (Mondrian) instead of one for all.
    public var classConditional: Bool
    /// What to do when the calibration set (or a class of it) is too small for the requested α.
    public var smallCalibration: SmallCalibrationPolicy
    /// Seeds the uniforms of randomised scores (calibration and prediction draw from separate streams).
    public var seed: UInt64

    public init(score: ConformalScore = .lac, classConditional: Bool = false,
                smallCalibration: SmallCalibrationPolicy = .strict, seed: UInt64 = 0) {
        self.score = score
        self.classConditional = classConditional
        self.smallCalibration = smallCalibration
        self.seed = seed
    }

    /// Computes the calibration scores of `probabilities` (`[N][C]`, rows summing to 1) for their true
    /// `labels` (`0..<C`).
    /// - Throws: ``EvaluationError`` for empty or unequal inputs, ragged rows, probabilities that are NaN,
    ///   negative or above 1, rows not summing to 1 within ``probabilitySumTolerance``, labels out of range, or a
    ///   bad RAPS λ / k_reg.
    public func fit(probabilities: [[Double]], labels: [Int]) throws(EvaluationError) -> FittedConformalClassifier {
        try score.validate()
        let classCount = try ConformalInput.probabilities(probabilities, rows: labels.count)
        try Validate.labels(labels, classCount: classCount)
        let uniforms = score.isRandomized ? ConformalInput.uniforms(labels.count, seed: seed, stream: .calibration) : nil
        var groups = Array(repeating: [Double](), count: classConditional ? classCount : 1)
        for (i, row) in probabilities.enumerated() {
            let s = score.score(row, label: labels[i], uniform: uniforms?[i] ?? 1)
            groups[classConditional ? labels[i] : 0].append(s)
        }
        return FittedConformalClassifier(configuration: self, classCount: classCount,
                                         calibrationScores: groups.map { $0.sorted() })
    }
}
