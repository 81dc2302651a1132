// Filling NaN with a per-column statistic (sklearn.impute.SimpleImputer with missing_values=np.nan).
import Tensors

/// Replaces NaN in each column by the column's mean, median, most frequent value or a constant.
///
/// As in scikit-learn, a column with no observed value at fit time has no statistic: it is dropped from
/// the output unless ``keepEmptyFeatures`` is true, in which case it is filled with 0 (with `.constant`,
/// with the constant). As in scikit-learn 1.9 this holds for `.constant` too: an all-missing column is
/// dropped unless ``keepEmptyFeatures``. Ties for the most frequent value go to the smallest. ±infinity throws
/// ``DatasetError/infiniteValue(operation:row:column:)`` in fit and transform.
public struct SimpleImputer: Preprocessor {
    /// The statistic that replaces missing values.
    public enum Strategy: Sendable, Equatable {
        case mean
        case median
        case mostFrequent
        case constant(Double)
    }

    /// The statistic that replaces missing values.
    public var strategy: Strategy
    /// Keep columns that were entirely missing at fit time (filled with 0 or the constant).
    public var keepEmptyFeatures: Bool

    public init(strategy: Strategy = .mean, keepEmptyFeatures: Bool = false) {
        self.strategy = strategy
        self.keepEmptyFeatures = keepEmptyFeatures
    }

    public func fit(_ x: Tensor) throws -> FittedSimpleImputer {
        let m = try Matrix(x, operation: "SimpleImputer.fit")
        var statistics: [Double] = []
        for c in 0..<m.columns {
            let v = try m.column(c, operation: "SimpleImputer.fit")
            // scikit-learn 1.9 stores NaN (drop the column) for an all-missing column under "constant" too,
            // unless keep_empty_features.
            if case .constant(let fill) = strategy { statistics.append(v.isEmpty && !keepEmptyFeatures ? .nan : fill); continue }
            if v.isEmpty { statistics.append(keepEmptyFeatures ? 0 : .nan); continue }
            switch strategy {
            case .mean: statistics.append(v.reduce(0, +) / Double(v.count))
            case .median: statistics.append(median(v))
            case .mostFrequent: statistics.append(mostFrequent(v))
            case .constant: break
            }
        }
        return FittedSimpleImputer(configuration: self, statistics: statistics,
                                   keptColumns: statistics.indices.filter { !statistics[$0].isNaN })
    }
}

/// A fitted ``SimpleImputer``.
public struct FittedSimpleImputer: FittedPreprocessor {
    /// The configuration it was fitted with.
    public let configuration: SimpleImputer
    /// The fill value per input column; NaN for a column with no observed value (dropped).
    public let statistics: [Double]
    /// The input columns that appear in the output, in order.
    public let keptColumns: [Int]

    /// Rebuilds a fitted imputer from saved fill values and kept columns.
    public init(configuration: SimpleImputer, statistics: [Double], keptColumns: [Int]) {
        self.configuration = configuration
        self.statistics = statistics
        self.keptColumns = keptColumns
    }

    public func transform(_ x: Tensor) throws -> Tensor {
        let m = try Matrix(x, operation: "SimpleImputer.transform", columns: statistics.count)
        try m.requireNoInfinity(operation: "SimpleImputer.transform")
        var out = Matrix(rows: m.rows, columns: keptColumns.count, values: [], outputDType: m.outputDType)
        out.values.reserveCapacity(m.rows * keptColumns.count)
        for r in 0..<m.rows {
            for c in keptColumns {
                let v = m[r, c]
                out.values.append(v.isNaN ? statistics[c] : v)
            }
        }
        return out.tensor
    }
}

/// The median (mean of the two middle values for an even count) of non-empty `values`.
func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    let mid = s.count / 2
    return s.count % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/// The most frequent of non-empty `values`; the smallest among ties.
func mostFrequent(_ values: [Double]) -> Double {
    let s = values.sorted()
    var best = s[0], bestCount = 0
    var i = 0
    while i < s.count {
        var j = i
        while j < s.count && s[j] == s[i] { j += 1 }
        if j - i > bestCount { best = s[i]; bestCount = j - i }
        i = j
    }
    return best
}
