// Binning for histogram gradient boosting (scikit-learn's _BinMapper): each feature's values become UInt8 bin
// codes, cut at quantile thresholds, with one code kept for missing values.
import Foundation
import Tensors

/// Per-feature bin thresholds learnt from data, and the coding of a matrix with them.
///
/// A feature with at most `maxBins` distinct (non-missing) values gets one bin per value, cut at the midpoints of
/// consecutive values; otherwise up to `maxBins` bins cut at the percentiles `100·i/maxBins` (`i = 1…maxBins−1`,
/// NumPy's averaged-inverted-CDF method, repeated cuts merged), as scikit-learn 1.9 does. A value `v` gets the number of thresholds
/// below it (`v ≤ t[b]` lands in bin `b`); NaN gets code `maxBins`, the missing-value bin. Thresholds come from at
/// most `subsample` rows drawn without replacement with `seed`.
struct FeatureBinner: Sendable {
    /// Ascending thresholds of each feature (`binsNonMissing[f] − 1` of them).
    let thresholds: [[Double]]
    /// The code of missing values (= maxBins, above every non-missing code).
    let missingBin: Int

    var binsNonMissing: [Int] { thresholds.map { $0.count + 1 } }

    /// Learns thresholds from the row-major `x` `[rows, columns]` (NaN allowed).
    init(_ x: [Double], rows: Int, columns: Int, maxBins: Int, subsample: Int = 200_000, seed: UInt64) {
        var sample = Array(0..<rows)
        if rows > subsample {
            var rng = RandomGenerator(seed: seed)
            // A partial Fisher–Yates shuffle: the first `subsample` positions are a uniform draw without replacement.
            for i in 0..<subsample { sample.swapAt(i, i + rng.nextInt(below: rows - i)) }
            sample = Array(sample[0..<subsample]).sorted()
        }
        thresholds = (0..<columns).map { f in
            let values = sample.map { x[$0 * columns + f] }.filter { !$0.isNaN }.sorted()
            return FeatureBinner.thresholds(sorted: values, maxBins: maxBins)
        }
        missingBin = maxBins
    }

    init(thresholds: [[Double]], missingBin: Int) {
        self.thresholds = thresholds
        self.missingBin = missingBin
    }

    /// The cut points of one feature from its sorted non-missing values.
    static func thresholds(sorted v: [Double], maxBins: Int) -> [Double] {
        var distinct: [Double] = []
        for value in v where distinct.last != value { distinct.append(value) }
        guard distinct.count > 1 else { return [] }
        if distinct.count <= maxBins {
            return zip(distinct.dropLast(), distinct.dropFirst()).map { ($0 + $1) * 0.5 }
        }
        // NumPy's percentile(method="averaged_inverted_cdf"): virtual index n·q − 1; at a whole index the mean of it
        // and the next value, otherwise the next value.
        let step = 100.0 / Double(maxBins), n = v.count
        var cuts: [Double] = []
        for i in 1..<maxBins {
            let position = Double(n) * (Double(i) * step / 100) - 1
            let cut: Double
            if position >= Double(n - 1) {
                cut = v[n - 1]
            } else if position < 0 {
                cut = v[0]
            } else {
                let lower = Int(position.rounded(.down))
                let (a, b) = (v[lower], v[lower + 1])
                cut = position == Double(lower) ? b - (b - a) * 0.5 : b
            }
            // Repeated cuts (many equal values) are kept once.
            if cuts.last != cut { cuts.append(cut) }
        }
        return cuts
    }

    /// The column-major codes `[columns][rows]` of the row-major `x` `[rows, columns]`.
    func codes(_ x: [Double], rows: Int, columns: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: rows * columns)
        for f in 0..<columns {
            let t = thresholds[f]
            for i in 0..<rows { out[f * rows + i] = UInt8(code(x[i * columns + f], t)) }
        }
        return out
    }

    /// The bin of `value` among ascending thresholds `t`: the number of thresholds strictly below it.
    @inline(__always)
    func code(_ value: Double, _ t: [Double]) -> Int {
        guard !value.isNaN else { return missingBin }
        var low = 0, high = t.count
        while low < high {
            let middle = (low + high) / 2
            if value <= t[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
