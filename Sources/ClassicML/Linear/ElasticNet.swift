// ElasticNet by coordinate descent (sklearn.linear_model.ElasticNet).
import Tensors

/// L1 + L2 penalised least squares, scikit-learn's objective
/// `1/(2n)‖y − Xw − b‖² + α·l1Ratio·‖w‖₁ + α(1 − l1Ratio)/2·‖w‖²`, solved by cyclic coordinate descent with
/// scikit-learn's duality-gap stopping rule. The intercept comes from centring `X` and `y`.
///
/// ```swift
/// let model = try ElasticNet(alpha: 0.1, l1Ratio: 0.5).fit(x, y)
/// ```
public struct ElasticNet: LinearRegressorConfiguration, Equatable {
    public static let archiveKind = "ElasticNet"

    /// The overall penalty strength α ≥ 0.
    public var alpha: Double
    /// The L1 share of the penalty, in `[0, 1]` (1 is the ``Lasso``).
    public var l1Ratio: Double
    /// The largest number of coordinate sweeps.
    public var maxIterations: Int
    /// Stop when the duality gap is below `tolerance · ‖y − ȳ‖²`.
    public var tolerance: Double
    /// Fit an intercept (centre the data).
    public var fitIntercept: Bool

    public init(alpha: Double = 1, l1Ratio: Double = 0.5, maxIterations: Int = 1000, tolerance: Double = 1e-4, fitIntercept: Bool = true) {
        self.alpha = alpha
        self.l1Ratio = l1Ratio
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.fitIntercept = fitIntercept
    }

    /// Fits on `x` `[samples, features]` and targets `y` `[samples]`.
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` for `alpha` < 0, `l1Ratio`
    ///   outside `[0, 1]`, `maxIterations` < 1 or `tolerance` ≤ 0; the input errors of ``Validation``.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedElasticNet {
        try ElasticNet.coordinateDescent(self, x, y, alpha: alpha, l1Ratio: l1Ratio, maxIterations: maxIterations,
                                         tolerance: tolerance, fitIntercept: fitIntercept)
    }

    /// Validates the hyperparameters and the data, then runs ``CoordinateDescent/elasticNet(_:_:alpha:l1Ratio:maxIterations:tolerance:fitIntercept:)``.
    static func coordinateDescent<C: LinearRegressorConfiguration>(
        _ configuration: C, _ x: Tensor, _ y: Tensor?, alpha: Double, l1Ratio: Double, maxIterations: Int, tolerance: Double,
        fitIntercept: Bool
    ) throws(ClassicMLError) -> FittedLinearRegressor<C> {
        try Hyperparameter.nonNegative("alpha", alpha)
        try Hyperparameter.unitInterval("l1Ratio", l1Ratio)
        try Hyperparameter.positive("maxIterations", maxIterations)
        try Hyperparameter.positive("tolerance", tolerance)
        // Centring happens inside the solver (it returns the intercept).
        let data = try CentredData(x, y, centre: false)
        do {
            let result = try CoordinateDescent.elasticNet(
                data.design, data.y, alpha: alpha, l1Ratio: l1Ratio,
                maxIterations: maxIterations, tolerance: tolerance, fitIntercept: fitIntercept)
            return FittedLinearRegressor(configuration: configuration, coefficients: result.coefficients, intercept: result.intercept,
                                         iterations: result.iterations, converged: result.converged)
        } catch {
            throw .invalidTargets("coordinate descent failed: \(error)")
        }
    }
}

/// A fitted ``ElasticNet``: its ``FittedLinearRegressor/coefficients`` and ``FittedLinearRegressor/intercept``.
public typealias FittedElasticNet = FittedLinearRegressor<ElasticNet>
