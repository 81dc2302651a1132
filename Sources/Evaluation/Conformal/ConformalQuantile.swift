// The finite-sample conformal quantile: an order statistic of the calibration scores, never an interpolation.

/// What a conformal predictor does when the calibration set is too small for the requested α.
public enum SmallCalibrationPolicy: String, Codable, Sendable, Hashable {
    /// Use an infinite threshold: every class is in the set, every interval is (−∞, ∞). Coverage still holds
    /// (trivially); this is the convention of Angelopoulos & Bates' gentle introduction.
    case infiniteThreshold
    /// Throw ``EvaluationError/calibrationTooSmall(what:samples:alpha:needed:)``, which says how many samples
    /// are needed (the default: too little calibration data is an input error).
    case strict
}

/// The split-conformal threshold of Vovk et al. as written in Angelopoulos & Bates, "A Gentle Introduction to
/// Conformal Prediction" (2021), §1: with `n` calibration scores, the threshold at miscoverage level α is the
/// ⌈(n+1)(1−α)⌉-th smallest score (1-based). Then a fresh exchangeable sample's score is at most the threshold
/// with probability at least 1 − α (and below 1 − α + 1/(n+1) when scores have no ties).
///
/// When ⌈(n+1)(1−α)⌉ > n, that is when α < 1/(n+1) or equivalently n < 1/α − 1, no calibration score is large
/// enough and the threshold is +∞ (or an error, see ``SmallCalibrationPolicy``).
///
/// α is read as the decimal it was written as: a product (n+1)(1−α) within 10⁻¹²·(n+1) of an integer counts as
/// that integer, so binary rounding of, say, 0.3 does not move the rank by one. MAPIE 1.6 takes the same order
/// statistic (`np.quantile(scores, ⌈(n+1)(1−α)⌉/n, method="lower")`).
public enum ConformalQuantile {
    /// The 1-based rank ⌈(n+1)(1−α)⌉ of the threshold among `calibrationCount` sorted scores; `nil` when it
    /// exceeds the count (threshold +∞). α must lie in (0, 1).
    public static func rank(calibrationCount n: Int, alpha: Double) -> Int? {
        let exact = Double(n + 1) * (1 - alpha)
        let k = Swift.max(1, Int((exact - 1e-12 * Double(n + 1)).rounded(.up)))
        return k <= n ? k : nil
    }

    /// The smallest calibration set size with a finite threshold at level `alpha` (⌈1/α − 1⌉ up to rounding).
    public static func minimumCalibrationCount(alpha: Double) throws(EvaluationError) -> Int {
        try validate(alpha: alpha)
        var n = Swift.max(1, Int((1 / alpha - 1).rounded(.down)) - 1)
        while rank(calibrationCount: n, alpha: alpha) == nil { n += 1 }
        return n
    }

    /// The conformal threshold of `scores` (any order) at miscoverage level `alpha`.
    /// - Parameter what: names the scores in an error (`"calibration set"`, `"class 3"`).
    /// - Throws: ``EvaluationError/invalidAlpha(_:)``, `.nonFinite`, or, with `.strict` (the default),
    ///   `.calibrationTooSmall` (no scores at all counts as too few).
    public static func threshold(_ scores: [Double], alpha: Double, policy: SmallCalibrationPolicy = .strict,
                                 what: String = "calibration set") throws(EvaluationError) -> Double {
        try Validate.finite(scores, what)
        return try threshold(sorted: scores.sorted(), alpha: alpha, policy: policy, what: what)
    }

    /// ``threshold(_:alpha:policy:what:)`` for scores already sorted ascending (the fitted predictors keep
    /// them so).
    static func threshold(sorted: [Double], alpha: Double, policy: SmallCalibrationPolicy, what: String)
        throws(EvaluationError) -> Double {
        try validate(alpha: alpha)
        if let k = rank(calibrationCount: sorted.count, alpha: alpha) { return sorted[k - 1] }
        switch policy {
        case .infiniteThreshold: return .infinity
        case .strict:
            throw .calibrationTooSmall(what: what, samples: sorted.count, alpha: alpha,
                                       needed: try minimumCalibrationCount(alpha: alpha))
        }
    }

    static func validate(alpha: Double) throws(EvaluationError) {
        guard alpha > 0 && alpha < 1 else { throw .invalidAlpha(alpha) }
    }
}
