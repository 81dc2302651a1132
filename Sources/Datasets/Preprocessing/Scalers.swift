// StandardScaler and MinMaxScaler, with scikit-learn's conventions (NaN ignored in fit and kept in transform).
import Tensors

/// Centres each column on its mean and divides by its standard deviation (`sklearn.preprocessing.StandardScaler`).
///
/// The deviation is the population one (divide by n, as scikit-learn). A constant column gets scale 1, so
/// it becomes all zeros rather than NaN (so does a column whose variance is within float64 round-off of zero,
/// by scikit-learn's rule). NaN values are left out of the statistics and stay NaN; ±infinity
/// throws ``DatasetError/infiniteValue(operation:row:column:)``. Statistics are computed in Float64.
public struct StandardScaler: Preprocessor {
    /// Subtract the mean.
    public var withMean: Bool
    /// Divide by the standard deviation.
    public var withStd: Bool

    public init(withMean: Bool = true, withStd: Bool = true) {
        self.withMean = withMean
        self.withStd = withStd
    }

    public func fit(_ x: Tensor) throws -> FittedStandardScaler {
        let m = try Matrix(x, operation: "StandardScaler.fit")
        var mean = [Double](), variance = [Double](), scale = [Double](), counts = [Int]()
        for c in 0..<m.columns {
            let v = try m.column(c, operation: "StandardScaler.fit")
            let mu = v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
            let constant = v.min() == v.max()
            let s2 = constant ? 0 : v.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(v.count)
            mean.append(mu)
            variance.append(v.isEmpty ? .nan : s2)
            // scikit-learn's `_is_constant_feature`: a variance within float64 round-off of zero
            // (var ≤ n·ε·var + (n·mean·ε)²) counts as constant and gets scale 1, so a column whose values differ
            // only in the last bits is not blown up to ±1.
            let n = Double(v.count), eps = Double.ulpOfOne
            let nearConstant = s2 <= n * eps * s2 + (n * mu * eps) * (n * mu * eps)
            scale.append(v.isEmpty ? .nan : (nearConstant ? 1 : s2.squareRoot()))
            counts.append(v.count)
        }
        return FittedStandardScaler(configuration: self, mean: mean, variance: variance, scale: scale, sampleCounts: counts)
    }
}

/// A fitted ``StandardScaler``: `(x − mean) / scale` per column.
public struct FittedStandardScaler: FittedPreprocessor {
    /// The configuration it was fitted with.
    public let configuration: StandardScaler
    /// Column means (sklearn `mean_`).
    public let mean: [Double]
    /// Column population variances (sklearn `var_`).
    public let variance: [Double]
    /// Column standard deviations, 1 for constant columns (sklearn `scale_`).
    public let scale: [Double]
    /// Non-NaN values seen per column (sklearn `n_samples_seen_`).
    public let sampleCounts: [Int]

    /// Rebuilds a fitted scaler from saved statistics (all arrays one entry per column).
    public init(configuration: StandardScaler, mean: [Double], variance: [Double], scale: [Double], sampleCounts: [Int]) {
        precondition(Set([mean.count, variance.count, scale.count, sampleCounts.count]).count == 1, "FittedStandardScaler: arrays of different lengths")
        self.configuration = configuration
        self.mean = mean
        self.variance = variance
        self.scale = scale
        self.sampleCounts = sampleCounts
    }

    public func transform(_ x: Tensor) throws -> Tensor {
        var m = try Matrix(x, operation: "StandardScaler.transform", columns: mean.count)
        try m.requireNoInfinity(operation: "StandardScaler.transform")
        let (center, divide) = (configuration.withMean, configuration.withStd)
        m.mapColumns { c, v in ((center ? v - mean[c] : v)) / (divide ? scale[c] : 1) }
        return m.tensor
    }

    /// Undoes ``transform(_:)``.
    public func inverseTransform(_ x: Tensor) throws -> Tensor {
        var m = try Matrix(x, operation: "StandardScaler.inverseTransform", columns: mean.count)
        try m.requireNoInfinity(operation: "StandardScaler.inverseTransform")
        let (center, divide) = (configuration.withMean, configuration.withStd)
        m.mapColumns { c, v in (divide ? v * scale[c] : v) + (center ? mean[c] : 0) }
        return m.tensor
    }
}

/// Maps each column linearly onto ``featureRange`` using its minimum and maximum
/// (`sklearn.preprocessing.MinMaxScaler`). A constant column (or one whose range is below 10 ε of its dtype,
/// as scikit-learn) maps to the range's lower end. NaN values are left out of the statistics and stay NaN.
/// A ``featureRange`` whose ends are equal throws ``DatasetError/invalidOption(_:)``, as scikit-learn raises.
public struct MinMaxScaler: Preprocessor {
    /// The target interval.
    public var featureRange: ClosedRange<Double>
    /// Clip transformed values of new data to ``featureRange``.
    public var clip: Bool

    public init(featureRange: ClosedRange<Double> = 0...1, clip: Bool = false) {
        self.featureRange = featureRange
        self.clip = clip
    }

    public func fit(_ x: Tensor) throws -> FittedMinMaxScaler {
        // scikit-learn raises "Minimum of desired feature range must be smaller than maximum"; an empty range
        // would otherwise give scale 0 and an inverse transform of ±inf/NaN.
        guard featureRange.lowerBound < featureRange.upperBound else {
            throw DatasetError.invalidOption("MinMaxScaler: featureRange must have lowerBound < upperBound, got \(featureRange)")
        }
        let m = try Matrix(x, operation: "MinMaxScaler.fit")
        var low = [Double](), high = [Double]()
        for c in 0..<m.columns {
            let v = try m.column(c, operation: "MinMaxScaler.fit")
            low.append(v.min() ?? .nan)
            high.append(v.max() ?? .nan)
        }
        let width = featureRange.upperBound - featureRange.lowerBound
        // scikit-learn's `_handle_zeros_in_scale`: a range below 10 ε of the data's dtype (Float32 for
        // Float32 input) is treated as 0 and replaced by 1, so a near-constant column is not stretched to the
        // whole feature range.
        let tiny = 10 * (m.outputDType == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne))
        let scale = zip(low, high).map { lo, hi in width / (hi - lo < tiny ? 1 : hi - lo) }
        let offset = zip(low, scale).map { featureRange.lowerBound - $0 * $1 }
        return FittedMinMaxScaler(configuration: self, dataMin: low, dataMax: high, scale: scale, offset: offset)
    }
}

/// A fitted ``MinMaxScaler``: `x · scale + offset` per column.
public struct FittedMinMaxScaler: FittedPreprocessor {
    /// The configuration it was fitted with.
    public let configuration: MinMaxScaler
    /// Column minima (sklearn `data_min_`).
    public let dataMin: [Double]
    /// Column maxima (sklearn `data_max_`).
    public let dataMax: [Double]
    /// Per-column factor (sklearn `scale_`).
    public let scale: [Double]
    /// Per-column offset (sklearn `min_`).
    public let offset: [Double]

    /// Rebuilds a fitted scaler from saved statistics (all arrays one entry per column).
    public init(configuration: MinMaxScaler, dataMin: [Double], dataMax: [Double], scale: [Double], offset: [Double]) {
        precondition(Set([dataMin.count, dataMax.count, scale.count, offset.count]).count == 1, "FittedMinMaxScaler: arrays of different lengths")
        self.configuration = configuration
        self.dataMin = dataMin
        self.dataMax = dataMax
        self.scale = scale
        self.offset = offset
    }

    public func transform(_ x: Tensor) throws -> Tensor {
        var m = try Matrix(x, operation: "MinMaxScaler.transform", columns: scale.count)
        try m.requireNoInfinity(operation: "MinMaxScaler.transform")
        let range = configuration.featureRange
        let clip = configuration.clip
        m.mapColumns { c, v in
            let y = v * scale[c] + offset[c]
            return clip && !y.isNaN ? Swift.min(Swift.max(y, range.lowerBound), range.upperBound) : y
        }
        return m.tensor
    }

    /// Undoes ``transform(_:)``.
    public func inverseTransform(_ x: Tensor) throws -> Tensor {
        var m = try Matrix(x, operation: "MinMaxScaler.inverseTransform", columns: scale.count)
        try m.requireNoInfinity(operation: "MinMaxScaler.inverseTransform")
        m.mapColumns { c, v in (v - offset[c]) / scale[c] }
        return m.tensor
    }
}
