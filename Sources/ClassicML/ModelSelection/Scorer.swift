// How cross-validation scores a fitted model on held-out rows (higher is better, as scikit-learn's scorers).
import Evaluation
import Tensors

/// Scores a fitted model on test rows; larger is better (errors are negated, as scikit-learn's `neg_*` scorers).
///
/// ```swift
/// let cv = try crossValidate(LogisticRegression(), x, y, folds: .stratified(StratifiedKFold(splits: 5)), scoring: .accuracy)
/// ```
public struct Scorer<Model: FittedEstimator>: Sendable {
    /// The scorer's name (scikit-learn's `scoring` string).
    public let name: String
    /// Scores `model` on features `x` and true targets `y`.
    public let score: @Sendable (Model, Tensor, Tensor) throws(ClassicMLError) -> Double

    public init(name: String, score: @escaping @Sendable (Model, Tensor, Tensor) throws(ClassicMLError) -> Double) {
        self.name = name
        self.score = score
    }
}

extension Scorer where Model: Classifier {
    /// The fraction of test rows whose predicted label equals the truth.
    public static var accuracy: Scorer {
        Scorer(name: "accuracy") { (model, x, y) throws(ClassicMLError) in
            let predicted = try model.predict(x).doubles, truth = y.doubles
            return Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
        }
    }

    /// The mean recall over the classes present in the test rows (scikit-learn's `balanced_accuracy`).
    public static var balancedAccuracy: Scorer {
        Scorer(name: "balanced_accuracy") { (model, x, y) throws(ClassicMLError) in
            let predicted = try model.predict(x).doubles, truth = y.doubles
            let code = Dictionary(uniqueKeysWithValues: Set(truth + predicted).sorted().enumerated().map { ($1, $0) })
            return ClassificationMetrics.balancedAccuracy(truth.map { code[$0]! }, predicted.map { code[$0]! })
        }
    }
}

extension Scorer where Model: Regressor {
    /// The coefficient of determination R².
    public static var r2: Scorer {
        Scorer(name: "r2") { (model, x, y) throws(ClassicMLError) in
            RegressionMetrics.r2(y.doubles, try model.predict(x).doubles)
        }
    }

    /// Minus the mean squared error.
    public static var negMeanSquaredError: Scorer {
        Scorer(name: "neg_mean_squared_error") { (model, x, y) throws(ClassicMLError) in
            -RegressionMetrics.meanSquaredError(y.doubles, try model.predict(x).doubles)
        }
    }

    /// Minus the mean absolute error.
    public static var negMeanAbsoluteError: Scorer {
        Scorer(name: "neg_mean_absolute_error") { (model, x, y) throws(ClassicMLError) in
            -RegressionMetrics.meanAbsoluteError(y.doubles, try model.predict(x).doubles)
        }
    }
}
