// What the linear regressors share: the fitted model, centring, hyperparameter checks and the saved form.
import Evaluation
import Tensors

/// The configuration of a linear regressor whose fit is a ``FittedLinearRegressor``.
public protocol LinearRegressorConfiguration: Estimator, Codable where Fitted == FittedLinearRegressor<Self> {
    /// The `kind` of its saved models (``ModelArchive``).
    static var archiveKind: String { get }
}

/// A fitted linear regressor `ŷ = x·w + b`: what ``LinearRegression``, ``Ridge``, ``Lasso`` and ``ElasticNet`` fit.
public struct FittedLinearRegressor<Configuration: LinearRegressorConfiguration>: Regressor {
    /// The configuration it was fitted with.
    public let configuration: Configuration
    /// The weights `w`, one per feature (sklearn `coef_`).
    public let coefficients: [Double]
    /// The intercept `b` (sklearn `intercept_`; 0 without `fitIntercept`).
    public let intercept: Double
    /// Coordinate-descent sweeps (sklearn `n_iter_`); `nil` for the closed-form solvers.
    public let iterations: Int?
    /// Whether an iterative solver met its tolerance within `maxIterations` (scikit-learn warns with a
    /// `ConvergenceWarning` when not); always true for the closed-form solvers.
    public let converged: Bool

    public var featureCount: Int { coefficients.count }

    init(configuration: Configuration, coefficients: [Double], intercept: Double, iterations: Int? = nil, converged: Bool = true) {
        self.configuration = configuration
        self.coefficients = coefficients
        self.intercept = intercept
        self.iterations = iterations
        self.converged = converged
    }

    /// Predictions `x·w + b` `[samples]` (Float64).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: coefficients.count)
        var out = [Double](repeating: intercept, count: rows)
        let p = coefficients.count
        for i in 0..<rows {
            var s = 0.0
            for j in 0..<p { s += values[i * p + j] * coefficients[j] }
            out[i] += s
        }
        return Tensor(out, shape: [rows])
    }

    /// The coefficient of determination R² of the predictions on `x` against `y` (sklearn `score`).
    public func score(_ x: Tensor, _ y: Tensor) throws(ClassicMLError) -> Double {
        let predicted = try predict(x).doubles
        let truth = try Validation.targets(y, rows: predicted.count)
        return RegressionMetrics.r2(truth, predicted)
    }

    private struct State: Codable {
        var configuration: Configuration
        var intercept: Double
        var iterations: Int?
        var converged: Bool
    }

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Configuration.archiveKind, configuration: State(configuration: configuration, intercept: intercept, iterations: iterations, converged: converged),
                         tensors: ["coefficients": Tensor(coefficients, shape: [coefficients.count])])
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let state = try archive.configuration(as: State.self, kind: Configuration.archiveKind)
        let w = try archive.tensor("coefficients")
        guard w.rank == 1, w.shape[0] > 0 else { throw .invalidArchive("tensor 'coefficients' has shape \(w.shape), expected [features]") }
        self.init(configuration: state.configuration, coefficients: w.doubles, intercept: state.intercept,
                  iterations: state.iterations, converged: state.converged)
    }
}

/// Training data for a linear model, centred when it fits an intercept.
struct CentredData {
    var x: [Double]
    var y: [Double]
    let rows: Int
    let columns: Int
    /// Column means subtracted from `x` (zeros without centring).
    let xMean: [Double]
    /// The mean subtracted from `y` (0 without centring).
    let yMean: Double

    /// Validates `x` and `y`; centres them when `centre` is set.
    init(_ x: Tensor, _ y: Tensor?, centre: Bool) throws(ClassicMLError) {
        let m = try Validation.matrix(x)
        var values = m.values, targets = try Validation.targets(y, rows: m.rows)
        let (n, p) = (m.rows, m.columns)
        var means = [Double](repeating: 0, count: p), targetMean = 0.0
        if centre {
            for i in 0..<n { for j in 0..<p { means[j] += values[i * p + j] } }
            means = means.map { $0 / Double(n) }
            targetMean = targets.reduce(0, +) / Double(n)
            for i in 0..<n {
                targets[i] -= targetMean
                for j in 0..<p { values[i * p + j] -= means[j] }
            }
        }
        (self.x, self.y, rows, columns) = (values, targets, n, p)
        (xMean, yMean) = (means, targetMean)
    }

    /// `x` as a matrix.
    var design: DenseMatrix { DenseMatrix(rows: rows, columns: columns, elements: x) }

    /// The intercept `ȳ − x̄·w` that goes with weights `w` fitted on the centred data.
    func intercept(for w: [Double]) -> Double {
        yMean - zip(xMean, w).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

enum Hyperparameter {
    /// Throws unless `value` is finite and ≥ 0.
    static func nonNegative(_ name: String, _ value: Double) throws(ClassicMLError) {
        guard value.isFinite && value >= 0 else { throw .invalidHyperparameter(name: name, value: "\(value)", expected: "a finite number ≥ 0") }
    }

    /// Throws unless `value` is finite and > 0.
    static func positive(_ name: String, _ value: Double) throws(ClassicMLError) {
        guard value.isFinite && value > 0 else { throw .invalidHyperparameter(name: name, value: "\(value)", expected: "a finite number > 0") }
    }

    /// Throws unless `value` ≥ 1.
    static func positive(_ name: String, _ value: Int) throws(ClassicMLError) {
        guard value >= 1 else { throw .invalidHyperparameter(name: name, value: "\(value)", expected: "an integer ≥ 1") }
    }

    /// Throws unless `value` is in `[0, 1]`.
    static func unitInterval(_ name: String, _ value: Double) throws(ClassicMLError) {
        guard value >= 0 && value <= 1 else { throw .invalidHyperparameter(name: name, value: "\(value)", expected: "a number in [0, 1]") }
    }
}
