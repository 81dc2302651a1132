// Calibration errors of predicted probabilities: expected and maximum calibration error, top-label,
// binary and class-wise, and the reliability diagrams behind them.

/// Calibration metrics of predicted class probabilities against true labels.
///
/// A probability matrix has one row per sample and one column per class (labels `0..<columns`); rows must be
/// probabilities summing to 1 within `1e-8 + 1e-5·|sum|` (the `numpy.allclose` tolerance, loose enough for
/// Float32 softmax outputs). Binary functions take the probability of class 1 and labels 0 and 1.
public enum CalibrationMetrics {
    /// The default number of bins of the top-label and class-wise metrics (Guo et al. 2017 use 15).
    public static let defaultBinCount = 15

    /// Reliability diagram of the top label: confidence `max_c p_c`, outcome "the arg-max class is the truth".
    /// Ties in the arg-max go to the lowest class index.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, bad probabilities, labels out of range
    ///   or a bin count below 1.
    public static func reliabilityDiagram(_ truth: [Int], probabilities: [[Double]], bins: Int = defaultBinCount,
                                          binning: CalibrationBinning = .equalWidth)
        throws(EvaluationError) -> ReliabilityDiagram {
        try checkBins(bins)
        _ = try ProbabilityInput.matrix(probabilities, truth: truth)
        let top = probabilities.map(ProbabilityInput.topLabel)
        return try ReliabilityDiagram(confidences: top.map(\.confidence),
                                      outcomes: zip(top, truth).map { $0.label == $1 }, bins: bins, binning: binning)
    }

    /// Reliability diagram of the probability of class 1 against binary truth: the bins, counts, mean
    /// predicted probability and fraction of positives of scikit-learn's `calibration_curve`
    /// (`strategy="uniform"` for `.equalWidth`, `"quantile"` for `.equalMass`).
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, labels other than 0 and 1,
    ///   probabilities outside [0, 1] or NaN, or a bin count below 1.
    public static func reliabilityDiagram(_ truth: [Int], positiveProbabilities: [Double], bins: Int = 5,
                                          binning: CalibrationBinning = .equalWidth)
        throws(EvaluationError) -> ReliabilityDiagram {
        try checkBins(bins)
        try ProbabilityInput.binary(positiveProbabilities, truth: truth)
        return try ReliabilityDiagram(confidences: positiveProbabilities, outcomes: truth.map { $0 == 1 },
                                      bins: bins, binning: binning)
    }

    /// Top-label expected calibration error `Σ_m (|B_m|/n)·|acc(B_m) − conf(B_m)|`, as defined by Guo et al.
    /// 2017 (equal-width bins `((m−1)/M, m/M]`) and, with `.equalMass`, Naeini et al. 2015's equal-frequency
    /// bins. netcal's `ECE` puts a confidence lying exactly on an inner edge into the upper bin (`[a, b)`);
    /// here it goes to the lower one, as in Guo et al. and scikit-learn.
    /// - Throws: as ``reliabilityDiagram(_:probabilities:bins:binning:)``.
    public static func expectedCalibrationError(_ truth: [Int], probabilities: [[Double]], bins: Int = defaultBinCount,
                                                binning: CalibrationBinning = .equalWidth) throws(EvaluationError) -> Double {
        try reliabilityDiagram(truth, probabilities: probabilities, bins: bins, binning: binning).expectedCalibrationError
    }

    /// Expected calibration error of the probability of class 1 (binary), over scikit-learn's
    /// `calibration_curve` bins.
    /// - Throws: as ``reliabilityDiagram(_:positiveProbabilities:bins:binning:)``.
    public static func expectedCalibrationError(_ truth: [Int], positiveProbabilities: [Double], bins: Int = defaultBinCount,
                                                binning: CalibrationBinning = .equalWidth) throws(EvaluationError) -> Double {
        try reliabilityDiagram(truth, positiveProbabilities: positiveProbabilities, bins: bins, binning: binning)
            .expectedCalibrationError
    }

    /// Top-label maximum calibration error `max_m |acc(B_m) − conf(B_m)|` over the non-empty bins (Naeini et
    /// al. 2015; Guo et al. 2017).
    /// - Throws: as ``reliabilityDiagram(_:probabilities:bins:binning:)``.
    public static func maximumCalibrationError(_ truth: [Int], probabilities: [[Double]], bins: Int = defaultBinCount,
                                               binning: CalibrationBinning = .equalWidth) throws(EvaluationError) -> Double {
        try reliabilityDiagram(truth, probabilities: probabilities, bins: bins, binning: binning).maximumCalibrationError
    }

    /// Class-wise expected calibration error: the mean over classes `k` of the calibration error of column `k`
    /// against "the truth is `k`", each over its own bins. This is Kumar et al. 2019's marginal calibration
    /// error with `p = 1` (the "classwise-ECE" of Kull et al. 2019); with `.equalMass` each class gets its own
    /// percentile edges.
    /// - Throws: as ``reliabilityDiagram(_:probabilities:bins:binning:)``.
    public static func classwiseCalibrationError(_ truth: [Int], probabilities: [[Double]], bins: Int = defaultBinCount,
                                                 binning: CalibrationBinning = .equalWidth) throws(EvaluationError) -> Double {
        try classwiseReliabilityDiagrams(truth, probabilities: probabilities, bins: bins, binning: binning)
            .reduce(0) { $0 + $1.expectedCalibrationError } / Double(probabilities[0].count)
    }

    /// One reliability diagram per class: column `k` against "the truth is `k`".
    /// - Throws: as ``reliabilityDiagram(_:probabilities:bins:binning:)``.
    public static func classwiseReliabilityDiagrams(_ truth: [Int], probabilities: [[Double]], bins: Int = defaultBinCount,
                                                    binning: CalibrationBinning = .equalWidth)
        throws(EvaluationError) -> [ReliabilityDiagram] {
        try checkBins(bins)
        let k = try ProbabilityInput.matrix(probabilities, truth: truth)
        var diagrams: [ReliabilityDiagram] = []
        for c in 0..<k {
            diagrams.append(try ReliabilityDiagram(confidences: probabilities.map { $0[c] }, outcomes: truth.map { $0 == c },
                                                   bins: bins, binning: binning))
        }
        return diagrams
    }

    static func checkBins(_ bins: Int) throws(EvaluationError) {
        guard bins >= 1 else { throw .nonPositiveBinCount(bins) }
    }
}
