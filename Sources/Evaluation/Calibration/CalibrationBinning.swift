// Bins of confidences for calibration metrics and reliability diagrams, exactly as scikit-learn's
// calibration_curve places them (strategy "uniform" and "quantile").

/// How confidences are grouped into bins.
public enum CalibrationBinning: String, Sendable, Codable, CaseIterable {
    /// `M` bins of equal width on [0, 1] (Guo et al. 2017; scikit-learn's `strategy="uniform"`).
    case equalWidth
    /// `M` bins holding about equally many samples, with edges at the `i/M` percentiles of the confidences
    /// (Naeini et al. 2015's equal-frequency bins; scikit-learn's `strategy="quantile"`).
    case equalMass
}

/// Bin edges and the bin of each value.
///
/// Bin `m` holds the values in `(edges[m], edges[m + 1]]`; the first bin also holds `edges[0]`, and values
/// outside the edges go to the first or last bin. This is Guo et al.'s `((m − 1)/M, m/M]` and what
/// scikit-learn's `calibration_curve` does (`searchsorted(edges[1:-1], p)`, left side). Equal-mass bins may
/// repeat an edge (many equal confidences), which leaves some bins empty, as in scikit-learn.
struct CalibrationBins: Sendable {
    let edges: [Double]

    /// Edges for `values` (already checked to lie in [0, 1]).
    init(count: Int, binning: CalibrationBinning, values: [Double]) throws(EvaluationError) {
        guard count >= 1 else { throw .nonPositiveBinCount(count) }
        let fractions = NumPyCompatible.linspace01(count)
        switch binning {
        case .equalWidth: edges = fractions
        case .equalMass:
            try Validate.nonEmpty(values.count, "confidences")
            let sorted = values.sorted()
            // scikit-learn passes percentiles `fractions · 100`, which numpy divides by 100 again.
            edges = fractions.map { NumPyCompatible.linearQuantile(sorted: sorted, $0 * 100 / 100) }
        }
    }

    /// Bins with the given edges (at least two, ascending).
    init(edges: [Double]) { self.edges = edges }

    var count: Int { edges.count - 1 }

    /// The bin of `value`: the number of inner edges strictly below it.
    func bin(of value: Double) -> Int {
        // Binary search over the inner edges edges[1..<count] for the first edge ≥ value.
        var low = 1, high = count
        while low < high {
            let mid = (low + high) / 2
            if edges[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}

/// Number formulas that reproduce numpy's rounding, so bin edges match scikit-learn bit for bit.
enum NumPyCompatible {
    /// `numpy.linspace(0, 1, n + 1)`: `i · (1/n)`, the last set to exactly 1.
    static func linspace01(_ n: Int) -> [Double] {
        let step = 1.0 / Double(n)
        var v = (0...n).map { Double($0) * step }
        v[n] = 1
        return v
    }

    /// `numpy.quantile(values, q, method="linear")` of ascending `sorted`: the virtual index `(n − 1)·q`, then
    /// numpy's two-sided lerp (from the upper neighbour when the fraction is at least ½).
    static func linearQuantile(sorted: [Double], _ q: Double) -> Double {
        let n = sorted.count
        let virtualIndex = Double(n - 1) * q
        if virtualIndex >= Double(n - 1) { return sorted[n - 1] }
        if virtualIndex < 0 { return sorted[0] }
        let previous = virtualIndex.rounded(.down)
        let t = virtualIndex - previous
        let a = sorted[Int(previous)], b = sorted[Int(previous) + 1]
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}
