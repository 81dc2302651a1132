// The data of a reliability diagram: per bin, how many samples, their mean confidence and how often they were right.

/// Confidence against observed frequency, bin by bin.
///
/// For top-label calibration the confidence is the largest class probability and the outcome is whether
/// that class was the true one; for a binary or one-vs-rest view it is a class probability and whether the
/// sample belongs to that class. Bins follow ``CalibrationBinning``; bin `m` holds `(edges[m], edges[m + 1]]`
/// (the first bin also holds `edges[0]`), which is scikit-learn's `calibration_curve` binning.
public struct ReliabilityDiagram: Sendable, Equatable, Codable {
    /// Bin edges, `binCount + 1` of them, ascending (equal-mass edges may repeat).
    public let edges: [Double]
    /// Samples in each bin.
    public let counts: [Int]
    /// Mean confidence of each bin (0 for an empty bin: check `counts`).
    public let meanConfidence: [Double]
    /// Fraction of correct (or positive) outcomes in each bin (0 for an empty bin).
    public let accuracy: [Double]

    /// Bins `confidences` (in [0, 1]) and averages `outcomes` (1 right/positive, 0 not) in each bin.
    init(confidences: [Double], outcomes: [Bool], bins: Int, binning: CalibrationBinning) throws(EvaluationError) {
        let layout = try CalibrationBins(count: bins, binning: binning, values: confidences)
        var counts = [Int](repeating: 0, count: layout.count)
        var confidenceSums = [Double](repeating: 0, count: layout.count)
        var outcomeSums = [Double](repeating: 0, count: layout.count)
        for (p, outcome) in zip(confidences, outcomes) {
            let b = layout.bin(of: p)
            counts[b] += 1
            confidenceSums[b] += p
            if outcome { outcomeSums[b] += 1 }
        }
        edges = layout.edges
        self.counts = counts
        meanConfidence = counts.indices.map { counts[$0] > 0 ? confidenceSums[$0] / Double(counts[$0]) : 0 }
        accuracy = counts.indices.map { counts[$0] > 0 ? outcomeSums[$0] / Double(counts[$0]) : 0 }
    }

    /// How many samples the diagram holds.
    public var sampleCount: Int { counts.reduce(0, +) }

    /// Gaps `|accuracy − confidence|` of the non-empty bins, with their counts.
    private var gaps: [(gap: Double, count: Int)] {
        counts.indices.filter { counts[$0] > 0 }.map { (Swift.abs(accuracy[$0] - meanConfidence[$0]), counts[$0]) }
    }

    /// `Σ_m (|B_m| / n) · |acc(B_m) − conf(B_m)|` (Guo et al. 2017, eq. 3).
    public var expectedCalibrationError: Double {
        let n = Double(sampleCount)
        return gaps.reduce(0) { $0 + Double($1.count) / n * $1.gap }
    }

    /// `max_m |acc(B_m) − conf(B_m)|` over the non-empty bins (Naeini et al. 2015; Guo et al. 2017, eq. 5).
    public var maximumCalibrationError: Double { gaps.map(\.gap).max() ?? 0 }

    /// The non-empty bins in order, as scikit-learn's `calibration_curve` returns them.
    public var calibrationCurve: (fractionOfPositives: [Double], meanPredictedValue: [Double]) {
        let kept = counts.indices.filter { counts[$0] > 0 }
        return (kept.map { accuracy[$0] }, kept.map { meanConfidence[$0] })
    }
}
