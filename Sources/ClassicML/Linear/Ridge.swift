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
public struct Ridge: Estimator, Codable, Equatable {
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
        let data = try LinearAlgebraSupport.trainingData(x, y)
        let (n, p) = (data.rows, data.columns)
        var xs = data.x, ys = data.y
        var xMean = [Double](repeating: 0, count: p), yMean = 0.0
        if fitIntercept {
            xMean = LinearAlgebraSupport.columnMeans(xs, rows: n, columns: p)
            yMean = ys.reduce(0, +) / Double(n)
            for i in 0..<n {
                ys[i] -= yMean
                for j in 0..<p { xs[i * p + j] -= xMean[j] }
            }
        }
        let design = DenseMatrix(rows: n, columns: p, elements: xs)
        var gram = design.multiplied(by: design, transposingSelf: true)
        for j in 0..<p { gram[j, j] += alpha }
        let rhs = design.multiplied(by: DenseMatrix(rows: n, columns: 1, elements: ys), transposingSelf: true)
        var w: [Double]
        do {
            w = try Cholesky(gram).solve(rhs).elements
        } catch {
            // Singular XᵀX + αI (only possible with α = 0): minimum-norm least squares, as scikit-learn falls back to lstsq.
            w = try LinearRegression.solve(xs, ys, rows: n, columns: p, fitIntercept: false).0
        }
        let b = fitIntercept ? yMean - zip(xMean, w).reduce(0) { $0 + $1.0 * $1.1 } : 0
        return FittedRidge(configuration: self, coefficients: w, intercept: b)
    }
}

/// A fitted ``Ridge``.
public struct FittedRidge: FittedLinearRegressor {
    /// The configuration it was fitted with.
    public let configuration: Ridge
    public let coefficients: [Double]
    public let intercept: Double

    static let kind = "Ridge"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try LinearAlgebraSupport.archive(kind: Self.kind, configuration: configuration, coefficients: coefficients, intercept: intercept)
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        (configuration, coefficients, intercept) = try LinearAlgebraSupport.unarchive(archive, kind: Self.kind, as: Ridge.self)
    }

    init(configuration: Ridge, coefficients: [Double], intercept: Double) {
        self.configuration = configuration
        self.coefficients = coefficients
        self.intercept = intercept
    }
}
