// Isotonic regression by pool-adjacent-violators, with scikit-learn's IsotonicRegression semantics: ties in x
// pooled first, weight-0 samples dropped, optional bounds on y, linear interpolation between thresholds.

/// The monotone least-squares fit of `y` on a scalar `x`: `min Σ wᵢ (ŷᵢ − yᵢ)²` subject to `ŷ` non-decreasing
/// (or non-increasing) in `x`.
///
/// As scikit-learn's `IsotonicRegression`: samples of weight 0 are dropped; samples are sorted by `x` (then
/// `y`); values of `x` closer than 1e-15 to the first of a run are one point, whose target is the weighted
/// mean of the run; pool-adjacent-violators solves the monotone problem; the fit is clipped to
/// `[yMin, yMax]`; and prediction interpolates linearly between the fitted points, handling `x` outside the
/// fitted range by ``OutOfBounds``.
public struct IsotonicRegression: Sendable, Codable, Equatable {
    /// What prediction does with an `x` outside the fitted range.
    public enum OutOfBounds: String, Sendable, Codable {
        /// NaN (scikit-learn's default).
        case nan
        /// The value at the nearest end.
        case clip
        /// Throw ``EvaluationError/outsideFittedRange(value:lower:upper:)``.
        case error
    }

    /// Fit a non-decreasing (true) or non-increasing (false) function.
    public var increasing: Bool
    /// Lower bound on the fitted values, if any.
    public var yMin: Double?
    /// Upper bound on the fitted values, if any.
    public var yMax: Double?
    public var outOfBounds: OutOfBounds

    public init(increasing: Bool = true, yMin: Double? = nil, yMax: Double? = nil, outOfBounds: OutOfBounds = .nan) {
        self.increasing = increasing
        self.yMin = yMin
        self.yMax = yMax
        self.outOfBounds = outOfBounds
    }

    /// Fits on `(x, y)` with optional non-negative `sampleWeight`.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input, non-finite values, bad weights
    ///   (negative, non-finite, all 0), or `yMin > yMax`.
    public func fit(_ x: [Double], _ y: [Double], sampleWeight: [Double]? = nil) throws(EvaluationError) -> FittedIsotonicRegression {
        try Validate.sameCount(y.count, x.count, "isotonic targets")
        try Validate.nonEmpty(x.count, "isotonic regression input")
        try Validate.finite(x, "isotonic x")
        try Validate.finite(y, "isotonic y")
        let w = try Validate.weights(sampleWeight, count: x.count, nonZeroSum: true)
        if let yMin, let yMax, yMin > yMax {
            throw .parameterOutOfRange(name: "yMin", value: yMin, allowed: "at most yMax (\(yMax))")
        }
        let order = x.indices.filter { w[$0] > 0 }.sorted { (x[$0], y[$0]) < (x[$1], y[$1]) }
        // Pool ties in x: weighted mean target per distinct x.
        var ux: [Double] = [], uy: [Double] = [], uw: [Double] = []
        var runX = x[order[0]], runWY = 0.0, runW = 0.0
        for i in order {
            if x[i] - runX >= 1e-15 {
                ux.append(runX); uy.append(runWY / runW); uw.append(runW)
                runX = x[i]; runWY = 0; runW = 0
            }
            runWY += y[i] * w[i]; runW += w[i]
        }
        ux.append(runX); uy.append(runWY / runW); uw.append(runW)
        var fitted = increasing ? Self.poolAdjacentViolators(uy, uw)
            : Array(Self.poolAdjacentViolators(uy.reversed(), uw.reversed()).reversed())
        let lower = yMin ?? -.infinity, upper = yMax ?? .infinity
        fitted = fitted.map { Swift.min(Swift.max($0, lower), upper) }
        // Keep the ends and every point where the fit changes; the interpolant is the same.
        let keep = fitted.indices.filter { i in
            i == 0 || i == fitted.count - 1 || fitted[i] != fitted[i - 1] || fitted[i] != fitted[i + 1]
        }
        return FittedIsotonicRegression(xThresholds: keep.map { ux[$0] }, yThresholds: keep.map { fitted[$0] },
                                        outOfBounds: outOfBounds)
    }

    /// Weighted non-decreasing least squares of `y` in order: blocks merged while a block's mean is not below
    /// the next one's.
    static func poolAdjacentViolators(_ y: [Double], _ w: [Double]) -> [Double] {
        var means: [Double] = [], weights: [Double] = [], sizes: [Int] = []
        for (yi, wi) in zip(y, w) {
            var mean = yi, weight = wi, size = 1
            while let last = means.last, last >= mean {
                let merged = weight + weights.last!
                mean = (last * weights.last! + mean * weight) / merged
                weight = merged
                size += sizes.last!
                means.removeLast(); weights.removeLast(); sizes.removeLast()
            }
            means.append(mean); weights.append(weight); sizes.append(size)
        }
        return zip(means, sizes).flatMap { Array(repeating: $0, count: $1) }
    }
}

/// A fitted isotonic regression: the points it interpolates between.
public struct FittedIsotonicRegression: FittedBinaryCalibrator, Equatable {
    /// Increasing distinct `x` of the fitted points (scikit-learn's `X_thresholds_`).
    public let xThresholds: [Double]
    /// The fitted values there (scikit-learn's `y_thresholds_`).
    public let yThresholds: [Double]
    public let outOfBounds: IsotonicRegression.OutOfBounds

    public init(xThresholds: [Double], yThresholds: [Double], outOfBounds: IsotonicRegression.OutOfBounds) {
        precondition(!xThresholds.isEmpty && xThresholds.count == yThresholds.count,
                     "FittedIsotonicRegression: \(xThresholds.count) x vs \(yThresholds.count) y thresholds")
        self.xThresholds = xThresholds
        self.yThresholds = yThresholds
        self.outOfBounds = outOfBounds
    }

    /// The fitted function at each `x`: linear interpolation between thresholds (scipy's `interp1d`), a constant
    /// when only one point was fitted.
    /// - Throws: ``EvaluationError`` for a non-finite `x`, or an `x` outside the fitted range with `.error`.
    public func predict(_ x: [Double]) throws(EvaluationError) -> [Double] {
        try Validate.finite(x, "isotonic x")
        let lower = xThresholds[0], upper = xThresholds[xThresholds.count - 1]
        var out: [Double] = []
        out.reserveCapacity(x.count)
        for var v in x {
            if xThresholds.count == 1 { out.append(yThresholds[0]); continue }
            if v < lower || v > upper {
                switch outOfBounds {
                case .nan: out.append(.nan); continue
                case .error: throw .outsideFittedRange(value: v, lower: lower, upper: upper)
                case .clip: v = Swift.min(Swift.max(v, lower), upper)
                }
            }
            out.append(interpolate(v))
        }
        return out
    }

    /// Same as ``predict(_:)``: the calibrated probability when fitted on 0/1 targets.
    public func probabilities(_ scores: [Double]) throws(EvaluationError) -> [Double] { try predict(scores) }

    /// As scipy's `interp1d`: the segment `[x_{j−1}, x_j]` with `j` the first threshold ≥ v (at least 1).
    private func interpolate(_ v: Double) -> Double {
        var low = 0, high = xThresholds.count
        while low < high {
            let mid = (low + high) / 2
            if xThresholds[mid] < v { low = mid + 1 } else { high = mid }
        }
        let j = Swift.min(Swift.max(low, 1), xThresholds.count - 1)
        let x0 = xThresholds[j - 1], y0 = yThresholds[j - 1]
        let slope = (yThresholds[j] - y0) / (xThresholds[j] - x0)
        return slope * (v - x0) + y0
    }
}

/// Isotonic calibration (Zadrozny & Elkan 2002): an increasing isotonic regression of "is positive" on the
/// score, clipped outside the fitted range, as scikit-learn's `CalibratedClassifierCV(method="isotonic")`.
/// For more than two classes it is applied one-vs-rest and renormalised (``OneVsRestCalibrated``).
public struct IsotonicCalibration: Calibrator, BinaryCalibrator, Equatable {
    public init() {}

    public func fit(_ scores: [[Double]], labels: [Int]) throws(EvaluationError) -> OneVsRestCalibrated<FittedIsotonicRegression> {
        try fitOneVsRest(scores, labels: labels)
    }

    /// Fits the increasing map on held-out scores of the positive class.
    /// - Throws: ``EvaluationError`` for unequal lengths, empty input or non-finite scores.
    public func fitBinary(_ scores: [Double], positives: [Bool]) throws(EvaluationError) -> FittedIsotonicRegression {
        try ScoreInput.binary(scores, positives: positives)
        return try IsotonicRegression(outOfBounds: .clip).fit(scores, positives.map { $0 ? 1 : 0 })
    }
}
