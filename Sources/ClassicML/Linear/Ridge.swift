// Ridge regression by Cholesky on the centred normal equations (sklearn.linear_model.Ridge, solver="cholesky").
import Tensors

/// L2-penalised least squares: minimises `‖y − Xw − b‖² + α‖w‖²` (the intercept is not penalised).
///
/// Solves `(XᵀX + αI) w = Xᵀy` on centred data by Cholesky, as scikit-learn's `"cholesky"` solver; with
/// `alpha = 0` and singular `XᵀX` it falls back to minimum-norm least squares.
///
/// ```swift
/// let model = try Ridge(alpha: 1).fit(x, y)
/// ```
public struct Ridge: LinearRegressorConfiguration, Equatable {
    public static let archiveKind = "Ridge"

    /// The penalty strength α ≥ 0.
    public var alpha: Double
    /// Fit an intercept (centre the data).
    public var fitIntercept: Bool

    public init(alpha: Double = 1, fitIntercept: Bool = true) {
        self.alpha = alpha
        self.fitIntercept = fitIntercept
    }

    /// Fits on `x` `[samples, features]` and targets `y` `[samples]`.
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` for a negative or non-finite `alpha`,
    ///   and the input errors of ``Validation``.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedRidge {
        try Hyperparameter.nonNegative("alpha", alpha)
        let data = try CentredData(x, y, centre: fitIntercept)
        let design = data.design
        var gram = design.multiplied(by: design, transposingSelf: true)
        for j in 0..<data.columns { gram[j, j] += alpha }
        let rhs = design.multiplied(by: DenseMatrix(rows: data.rows, columns: 1, elements: data.y), transposingSelf: true)
        let w: [Double]
        do {
            w = try Cholesky(gram).solve(rhs).elements
        } catch {
            // Singular XᵀX + αI (only possible with α = 0): minimum-norm least squares, as scikit-learn falls back to lstsq.
            w = try LinearRegression.leastSquares(data)
        }
        return FittedRidge(configuration: self, coefficients: w, intercept: fitIntercept ? data.intercept(for: w) : 0)
    }
}

/// A fitted ``Ridge``: its ``FittedLinearRegressor/coefficients`` and ``FittedLinearRegressor/intercept``.
public typealias FittedRidge = FittedLinearRegressor<Ridge>
