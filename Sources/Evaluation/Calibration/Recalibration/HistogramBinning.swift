// Histogram binning (Zadrozny & Elkan 2001; Guo et al. 2017): each probability is replaced by the fraction of
// positives in its bin on the held-out set.

/// Histogram binning of probabilities: bins on [0, 1] (``CalibrationBinning``), each mapped to the fraction
/// of held-out positives in it.
///
/// Bins are placed as the calibration metrics place them (bin `m` holds `(edges[m], edges[m+1]]`); with
/// `.equalMass` the edges are percentiles of the held-out probabilities. A bin that no held-out sample fell
/// into maps to its midpoint (neither paper fixes this case). For more than two classes it is applied
/// one-vs-rest and renormalised (``OneVsRestCalibrated``).
public struct HistogramBinning: Calibrator, BinaryCalibrator, Equatable {
    /// The number of bins.
    public var bins: Int
    public var binning: CalibrationBinning

    public init(bins: Int = 15, binning: CalibrationBinning = .equalWidth) {
        self.bins = bins
        self.binning = binning
    }

    /// Fits on held-out probabilities (one column per class).
    public func fit(_ probabilities: [[Double]], labels: [Int]) throws(EvaluationError) -> OneVsRestCalibrated<FittedHistogramBinning> {
        try CalibrationMetrics.checkBins(bins)
        try ProbabilityInput.matrix(probabilities, truth: labels)
        return try fitOneVsRest(probabilities, labels: labels)
    }

    /// Fits on held-out probabilities of the positive class.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, probabilities outside [0, 1] or NaN, or a
    ///   bin count below 1.
    public func fitBinary(_ probabilities: [Double], positives: [Bool]) throws(EvaluationError) -> FittedHistogramBinning {
        try CalibrationMetrics.checkBins(bins)
        try ProbabilityInput.binary(probabilities, truth: positives.map { $0 ? 1 : 0 })
        let diagram = try ReliabilityDiagram(confidences: probabilities, outcomes: positives, bins: bins, binning: binning)
        let e = diagram.edges
        let values = diagram.counts.indices.map { diagram.counts[$0] > 0 ? diagram.accuracy[$0] : (e[$0] + e[$0 + 1]) / 2 }
        return FittedHistogramBinning(edges: e, values: values)
    }
}

/// Fitted bins and the calibrated probability of each.
public struct FittedHistogramBinning: FittedBinaryCalibrator, Equatable {
    /// Bin edges, one more than ``values``.
    public let edges: [Double]
    /// The calibrated probability of each bin.
    public let values: [Double]

    public init(edges: [Double], values: [Double]) {
        precondition(edges.count == values.count + 1, "FittedHistogramBinning: \(edges.count) edges for \(values.count) bins")
        self.edges = edges
        self.values = values
    }

    /// The value of the bin of each probability.
    /// - Throws: ``EvaluationError`` for a probability outside [0, 1] or NaN.
    public func probabilities(_ scores: [Double]) throws(EvaluationError) -> [Double] {
        if let i = scores.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw .invalidProbability(row: i, column: 0, value: scores[i])
        }
        let layout = CalibrationBins(edges: edges)
        return scores.map { values[layout.bin(of: $0)] }
    }
}
