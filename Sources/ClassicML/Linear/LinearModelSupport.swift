// What the linear regressors share: hyperparameter checks, centring, prediction, R² and the saved form.
import Evaluation
import Tensors

/// A fitted linear regressor `ŷ = x·w + b`: ``LinearRegression``, ``Ridge``, ``Lasso`` and ``ElasticNet`` fits.
public protocol FittedLinearRegressor: Regressor {
    /// The weights `w`, one per feature (sklearn `coef_`).
    var coefficients: [Double] { get }
    /// The intercept `b` (sklearn `intercept_`; 0 without `fitIntercept`).
    var intercept: Double { get }
}

extension FittedLinearRegressor {
    public var featureCount: Int { coefficients.count }

    /// Predictions `x·w + b` `[samples]` (Float64).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let (values, rows) = try Validation.features(x, expected: coefficients.count)
        return Tensor(LinearAlgebraSupport.affine(values, rows: rows, weights: coefficients, intercept: intercept), shape: [rows])
    }

    /// The coefficient of determination R² of the predictions on `x` against `y` (sklearn `score`).
    public func score(_ x: Tensor, _ y: Tensor) throws(ClassicMLError) -> Double {
        let predicted = try predict(x).doubles
        let truth = try Validation.targets(y, rows: predicted.count)
        return RegressionMetrics.r2(truth, predicted)
    }
}

/// The saved configuration of a fitted linear regressor: its hyperparameters and its intercept.
struct LinearRegressorState<Configuration: Codable>: Codable {
    var configuration: Configuration
    var intercept: Double
}

enum LinearAlgebraSupport {
    /// `X·w + b` for a row-major `rows × w.count` matrix.
    static func affine(_ x: [Double], rows: Int, weights: [Double], intercept: Double) -> [Double] {
        let p = weights.count
        var out = [Double](repeating: intercept, count: rows)
        for i in 0..<rows {
            var s = 0.0
            for j in 0..<p { s += x[i * p + j] * weights[j] }
            out[i] += s
        }
        return out
    }

    /// Column means of a row-major matrix.
    static func columnMeans(_ x: [Double], rows: Int, columns: Int) -> [Double] {
        var means = [Double](repeating: 0, count: columns)
        for i in 0..<rows { for j in 0..<columns { means[j] += x[i * columns + j] } }
        return means.map { $0 / Double(rows) }
    }

    /// Validated features and targets of a supervised fit.
    static func trainingData(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> (x: [Double], y: [Double], rows: Int, columns: Int) {
        let m = try Validation.matrix(x)
        let targets = try Validation.targets(y, rows: m.rows)
        return (m.values, targets, m.rows, m.columns)
    }

    /// Archives a fitted linear regressor of `kind`.
    static func archive<C: Codable>(kind: String, configuration: C, coefficients: [Double], intercept: Double) throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: kind, configuration: LinearRegressorState(configuration: configuration, intercept: intercept),
                         tensors: ["coefficients": Tensor(coefficients, shape: [coefficients.count])])
    }

    /// Reads back what ``archive(kind:configuration:coefficients:intercept:)`` wrote.
    static func unarchive<C: Codable>(_ archive: ModelArchive, kind: String, as: C.Type) throws(ClassicMLError) -> (configuration: C, coefficients: [Double], intercept: Double) {
        let state = try archive.configuration(as: LinearRegressorState<C>.self, kind: kind)
        let w = try archive.tensor("coefficients")
        guard w.rank == 1, w.shape[0] > 0 else { throw .invalidArchive("tensor 'coefficients' has shape \(w.shape), expected [features]") }
        return (state.configuration, w.doubles, state.intercept)
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
