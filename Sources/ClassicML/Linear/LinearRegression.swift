// Ordinary least squares through the SVD-based least-squares solver (sklearn.linear_model.LinearRegression).
import Tensors

/// Ordinary least squares: minimises `‖y − Xw − b‖²`.
///
/// With `fitIntercept`, `X` and `y` are centred and `b = ȳ − x̄·w`; the weights are the minimum-norm
/// least-squares solution (NumPy's `lstsq`, as scikit-learn), so collinear features do not fail.
///
/// ```swift
/// let model = try LinearRegression().fit(x, y)
/// model.coefficients; model.intercept
/// let r2 = try model.score(xTest, yTest)
/// ```
public struct LinearRegression: LinearRegressorConfiguration, Equatable {
    public static let archiveKind = "LinearRegression"

    /// Fit an intercept (centre the data); otherwise the model passes through the origin.
    public var fitIntercept: Bool

    public init(fitIntercept: Bool = true) {
        self.fitIntercept = fitIntercept
    }

    /// Fits on `x` `[samples, features]` and targets `y` `[samples]`.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedLinearRegression {
        let data = try CentredData(x, y, centre: fitIntercept)
        let w = try LinearRegression.leastSquares(data)
        return FittedLinearRegression(configuration: self, coefficients: w, intercept: fitIntercept ? data.intercept(for: w) : 0)
    }

    /// The minimum-norm least-squares weights on `data` as it is (centred or not).
    static func leastSquares(_ data: CentredData) throws(ClassicMLError) -> [Double] {
        do {
            return try LeastSquares(data.design, DenseMatrix(rows: data.rows, columns: 1, elements: data.y)).solution.elements
        } catch {
            throw .invalidTargets("least squares failed: \(error)")
        }
    }
}

/// A fitted ``LinearRegression``: its ``FittedLinearRegressor/coefficients`` and ``FittedLinearRegressor/intercept``.
public typealias FittedLinearRegression = FittedLinearRegressor<LinearRegression>
