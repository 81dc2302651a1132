// The Lasso: ElasticNet with a pure L1 penalty (sklearn.linear_model.Lasso).
import Tensors

/// L1-penalised least squares `1/(2n)‖y − Xw − b‖² + α‖w‖₁` by coordinate descent (see ``ElasticNet``).
///
/// ```swift
/// let model = try Lasso(alpha: 0.1).fit(x, y)
/// model.coefficients.filter { $0 != 0 }.count   // the selected features
/// ```
public struct Lasso: LinearRegressorConfiguration, Equatable {
    public static let archiveKind = "Lasso"

    /// The penalty strength α ≥ 0.
    public var alpha: Double
    /// The largest number of coordinate sweeps.
    public var maxIterations: Int
    /// Stop when the duality gap is below `tolerance · ‖y − ȳ‖²`.
    public var tolerance: Double
    /// Fit an intercept (centre the data).
    public var fitIntercept: Bool

    public init(alpha: Double = 1, maxIterations: Int = 1000, tolerance: Double = 1e-4, fitIntercept: Bool = true) {
        self.alpha = alpha
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.fitIntercept = fitIntercept
    }

    /// Fits on `x` `[samples, features]` and targets `y` `[samples]`.
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` for `alpha` < 0,
    ///   `maxIterations` < 1 or `tolerance` ≤ 0; the input errors of ``Validation``.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedLasso {
        try ElasticNet.coordinateDescent(self, x, y, alpha: alpha, l1Ratio: 1, maxIterations: maxIterations,
                                         tolerance: tolerance, fitIntercept: fitIntercept)
    }
}

/// A fitted ``Lasso``: its ``FittedLinearRegressor/coefficients`` and ``FittedLinearRegressor/intercept``.
public typealias FittedLasso = FittedLinearRegressor<Lasso>
