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
public struct LinearRegression: Estimator, Codable, Equatable {
    /// Fit an intercept (centre the data); otherwise the model passes through the origin.
    public var fitIntercept: Bool

    public init(fitIntercept: Bool = true) {
        self.fitIntercept = fitIntercept
    }

    /// Fits on `x` `[samples, features]` and targets `y` `[samples]`.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedLinearRegression {
        let data = try LinearAlgebraSupport.trainingData(x, y)
        let (w, b) = try LinearRegression.solve(data.x, data.y, rows: data.rows, columns: data.columns, fitIntercept: fitIntercept)
        return FittedLinearRegression(configuration: self, coefficients: w, intercept: b)
    }

    /// Least squares on (optionally) centred data.
    static func solve(_ x: [Double], _ y: [Double], rows n: Int, columns p: Int, fitIntercept: Bool) throws(ClassicMLError) -> ([Double], Double) {
        var xs = x, ys = y
        var xMean = [Double](repeating: 0, count: p), yMean = 0.0
        if fitIntercept {
            xMean = LinearAlgebraSupport.columnMeans(x, rows: n, columns: p)
            yMean = y.reduce(0, +) / Double(n)
            for i in 0..<n {
                ys[i] -= yMean
                for j in 0..<p { xs[i * p + j] -= xMean[j] }
            }
        }
        let solution: LeastSquares
        do {
            solution = try LeastSquares(DenseMatrix(rows: n, columns: p, elements: xs), DenseMatrix(rows: n, columns: 1, elements: ys))
        } catch {
            throw .invalidTargets("least squares failed: \(error)")
        }
        let w = solution.solution.elements
        let b = fitIntercept ? yMean - zip(xMean, w).reduce(0) { $0 + $1.0 * $1.1 } : 0
        return (w, b)
    }
}

/// A fitted ``LinearRegression``.
public struct FittedLinearRegression: FittedLinearRegressor {
    /// The configuration it was fitted with.
    public let configuration: LinearRegression
    public let coefficients: [Double]
    public let intercept: Double

    static let kind = "LinearRegression"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try LinearAlgebraSupport.archive(kind: Self.kind, configuration: configuration, coefficients: coefficients, intercept: intercept)
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        (configuration, coefficients, intercept) = try LinearAlgebraSupport.unarchive(archive, kind: Self.kind, as: LinearRegression.self)
    }

    init(configuration: LinearRegression, coefficients: [Double], intercept: Double) {
        self.configuration = configuration
        self.coefficients = coefficients
        self.intercept = intercept
    }
}
