// Histogram gradient boosting (scikit-learn's HistGradientBoostingClassifier and HistGradientBoostingRegressor).
import Foundation
import Tensors

/// Gradient-boosted trees on binned features for classification (`sklearn.ensemble.HistGradientBoostingClassifier`).
///
/// Features are cut into at most ``BoostingSettings/maxBins`` quantile bins plus one for missing values; trees grow
/// leaf-wise on histograms of the log-loss gradients (one tree per iteration for two classes, one per class
/// otherwise). NaN features are accepted: at each split missing values go to whichever side gains more, and at
/// predict time follow it (to the larger child when the feature had no missing values in training).
///
/// ```swift
/// let model = try HistGradientBoostingClassifier().fit(x, y)
/// let p = try model.predictProbabilities(x)
/// ```
public struct HistGradientBoostingClassifier: Estimator, Codable, Equatable {
    public var settings: BoostingSettings

    public init(_ settings: BoostingSettings = BoostingSettings()) {
        self.settings = settings
    }

    /// Boosts on `x` `[samples, features]` (NaN allowed) and labels `y` `[samples]`.
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)``, ``ClassicMLError/singleClass(label:)``
    ///   and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedHistGradientBoostingClassifier {
        try settings.validate()
        let m = try Validation.matrix(x, allowNaN: true)
        let targets = try Validation.targets(y, rows: m.rows)
        let (classes, codes) = try Validation.classes(targets)
        let loss: BoostingLoss = classes.count == 2 ? .binomial : .multinomial(classes.count)
        let ensemble = try GradientBoosting.fit(m.values, rows: m.rows, columns: m.columns, y: codes.map(Double.init), loss: loss,
                                                settings: settings, stratify: true)
        return FittedHistGradientBoostingClassifier(configuration: self, classes: classes, ensemble: ensemble, featureCount: m.columns)
    }
}

/// A fitted ``HistGradientBoostingClassifier``.
public struct FittedHistGradientBoostingClassifier: Classifier {
    /// The configuration it was fitted with.
    public let configuration: HistGradientBoostingClassifier
    public let classes: [Double]
    public let featureCount: Int
    let ensemble: BoostedEnsemble

    init(configuration: HistGradientBoostingClassifier, classes: [Double], ensemble: BoostedEnsemble, featureCount: Int) {
        self.configuration = configuration
        self.classes = classes
        self.ensemble = ensemble
        self.featureCount = featureCount
    }

    /// Boosting iterations run (fewer than ``BoostingSettings/maxIterations`` when early stopping ended the fit).
    public var iterations: Int { ensemble.iterations }
    /// Minus the mean training log loss after 0, 1, … iterations (recorded with early stopping only).
    public var trainScores: [Double] { ensemble.trainScores }
    /// Minus the mean validation log loss after 0, 1, … iterations (recorded with early stopping only).
    public var validationScores: [Double] { ensemble.validationScores }

    /// Raw scores: `[samples]` log-odds of the second class for two classes, `[samples, classes]` otherwise.
    public func decisionFunction(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let m = try Validation.matrix(x, allowNaN: true)
        guard m.columns == featureCount else { throw .featureCountMismatch(expected: featureCount, found: m.columns) }
        let raw = ensemble.raw(m.values, rows: m.rows, columns: m.columns)
        return ensemble.outputs == 1 ? Tensor(raw, shape: [m.rows]) : Tensor(raw, shape: [m.rows, ensemble.outputs])
    }

    /// Class probabilities `[samples, classes]`: the logistic of the log-odds, or the softmax of the raw scores.
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let raw = try decisionFunction(x).doubles, rows = x.shape[0]
        if ensemble.outputs == 1 {
            let p = raw.flatMap { r -> [Double] in
                let p1 = 1 / (1 + Foundation.exp(-r))
                return [1 - p1, p1]
            }
            return Tensor(p, shape: [rows, 2])
        }
        return Tensor(ClassScores.softmax(raw, rows: rows, classes: classes.count), shape: [rows, classes.count])
    }

    /// The most probable class (the first on ties).
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let p = try predictProbabilities(x)
        return ClassScores.labels(p.doubles, rows: p.shape[0], classes: classes)
    }

    struct Saved: Codable {
        var configuration: HistGradientBoostingClassifier, classes: [Double], featureCount: Int
        var baseline: [Double], trees: Int, trainScores: [Double], validationScores: [Double]
    }
    static let kind = "HistGradientBoostingClassifier"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(
            configuration: configuration, classes: classes, featureCount: featureCount, baseline: ensemble.baseline,
            trees: ensemble.trees.count, trainScores: ensemble.trainScores, validationScores: ensemble.validationScores),
                         tensors: BoostedTree.tensors(ensemble.trees))
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        let outputs = s.classes.count == 2 ? 1 : s.classes.count
        guard s.classes.count >= 2, s.baseline.count == outputs, s.trees % outputs == 0 else {
            throw .invalidArchive("\(Self.kind): \(s.classes.count) classes, \(s.baseline.count) baselines and \(s.trees) trees do not fit together")
        }
        let trees = try BoostedTree.trees(archive, count: s.trees, features: s.featureCount)
        self.init(configuration: s.configuration, classes: s.classes,
                  ensemble: BoostedEnsemble(baseline: s.baseline, trees: trees, outputs: outputs, trainScores: s.trainScores,
                                            validationScores: s.validationScores),
                  featureCount: s.featureCount)
    }
}

/// Gradient-boosted trees on binned features for regression (`sklearn.ensemble.HistGradientBoostingRegressor`),
/// minimising squared error, absolute error or a quantile's pinball loss. Binning, growth and missing values as
/// ``HistGradientBoostingClassifier``.
///
/// ```swift
/// let upper = try HistGradientBoostingRegressor(loss: .quantile(0.9)).fit(x, y)
/// ```
public struct HistGradientBoostingRegressor: Estimator, Codable, Equatable {
    public var loss: RegressionLoss
    public var settings: BoostingSettings

    public init(loss: RegressionLoss = .squaredError, _ settings: BoostingSettings = BoostingSettings()) {
        self.loss = loss
        self.settings = settings
    }

    /// Boosts on `x` `[samples, features]` (NaN allowed) and targets `y` `[samples]`.
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` (also for a quantile outside (0, 1))
    ///   and the usual input errors.
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedHistGradientBoostingRegressor {
        if case let .quantile(q) = loss, !(q > 0 && q < 1) {
            throw .invalidHyperparameter(name: "quantile", value: "\(q)", expected: "in (0, 1)")
        }
        try settings.validate()
        let m = try Validation.matrix(x, allowNaN: true)
        let targets = try Validation.targets(y, rows: m.rows)
        let ensemble = try GradientBoosting.fit(m.values, rows: m.rows, columns: m.columns, y: targets, loss: BoostingLoss(loss),
                                                settings: settings, stratify: false)
        return FittedHistGradientBoostingRegressor(configuration: self, ensemble: ensemble, featureCount: m.columns)
    }
}

/// A fitted ``HistGradientBoostingRegressor``.
public struct FittedHistGradientBoostingRegressor: Regressor {
    /// The configuration it was fitted with.
    public let configuration: HistGradientBoostingRegressor
    public let featureCount: Int
    let ensemble: BoostedEnsemble

    init(configuration: HistGradientBoostingRegressor, ensemble: BoostedEnsemble, featureCount: Int) {
        self.configuration = configuration
        self.ensemble = ensemble
        self.featureCount = featureCount
    }

    /// Boosting iterations run (fewer than ``BoostingSettings/maxIterations`` when early stopping ended the fit).
    public var iterations: Int { ensemble.iterations }
    /// Minus the mean training loss after 0, 1, … iterations (recorded with early stopping only).
    public var trainScores: [Double] { ensemble.trainScores }
    /// Minus the mean validation loss after 0, 1, … iterations (recorded with early stopping only).
    public var validationScores: [Double] { ensemble.validationScores }

    /// Predictions `[samples]`: the baseline plus every tree's leaf value.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let m = try Validation.matrix(x, allowNaN: true)
        guard m.columns == featureCount else { throw .featureCountMismatch(expected: featureCount, found: m.columns) }
        return Tensor(ensemble.raw(m.values, rows: m.rows, columns: m.columns), shape: [m.rows])
    }

    struct Saved: Codable {
        var configuration: HistGradientBoostingRegressor, featureCount: Int
        var baseline: [Double], trees: Int, trainScores: [Double], validationScores: [Double]
    }
    static let kind = "HistGradientBoostingRegressor"

    public func archive() throws(ClassicMLError) -> ModelArchive {
        try ModelArchive(kind: Self.kind, configuration: Saved(
            configuration: configuration, featureCount: featureCount, baseline: ensemble.baseline, trees: ensemble.trees.count,
            trainScores: ensemble.trainScores, validationScores: ensemble.validationScores),
                         tensors: BoostedTree.tensors(ensemble.trees))
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let s = try archive.configuration(as: Saved.self, kind: Self.kind)
        guard s.baseline.count == 1 else { throw .invalidArchive("\(Self.kind): expected one baseline, found \(s.baseline.count)") }
        let trees = try BoostedTree.trees(archive, count: s.trees, features: s.featureCount)
        self.init(configuration: s.configuration,
                  ensemble: BoostedEnsemble(baseline: s.baseline, trees: trees, outputs: 1, trainScores: s.trainScores,
                                            validationScores: s.validationScores),
                  featureCount: s.featureCount)
    }
}
