// Calibrated probabilities for any classifier (sklearn.calibration.CalibratedClassifierCV): cross-fitted
// recalibration maps from the Evaluation module on held-out folds, averaged over the folds.
import Datasets
import Evaluation
import Foundation
import Kernels
import Tensors

/// How ``CalibratedClassifier`` maps a classifier's probabilities to calibrated ones.
public enum CalibrationMethod: String, Codable, Sendable, CaseIterable {
    /// Platt's sigmoid on each class's probability, one-vs-rest then renormalised (scikit-learn's "sigmoid").
    case sigmoid
    /// Isotonic regression on each class's probability, one-vs-rest then renormalised ("isotonic").
    case isotonic
    /// One temperature on the log-probabilities (Guo et al. 2017): keeps the predicted class.
    case temperature
    /// Histogram binning on each class's probability, one-vs-rest then renormalised (Zadrozny & Elkan 2001).
    case histogram
}

/// A fitted recalibration map of any ``CalibrationMethod``, saved as JSON.
public enum FittedCalibration: Codable, Sendable, Equatable {
    case sigmoid(OneVsRestCalibrated<FittedPlattScaling>)
    case isotonic(OneVsRestCalibrated<FittedIsotonicRegression>)
    case temperature(FittedTemperatureScaling)
    case histogram(OneVsRestCalibrated<FittedHistogramBinning>)

    /// Fits `method` on held-out probabilities `[rows][classes]` and class codes.
    public static func fit(_ method: CalibrationMethod, probabilities: [[Double]], labels: [Int]) throws(EvaluationError) -> FittedCalibration {
        switch method {
        case .sigmoid: .sigmoid(try Evaluation.PlattScaling().fit(probabilities, labels: labels))
        case .isotonic: .isotonic(try IsotonicCalibration().fit(probabilities, labels: labels))
        case .temperature: .temperature(try TemperatureScaling().fit(logProbabilities(probabilities), labels: labels))
        case .histogram: .histogram(try HistogramBinning().fit(probabilities, labels: labels))
        }
    }

    /// Calibrated probabilities of a model's probabilities.
    public func apply(_ probabilities: [[Double]]) throws(EvaluationError) -> [[Double]] {
        switch self {
        case let .sigmoid(m): try m.calibratedProbabilities(probabilities)
        case let .isotonic(m): try m.calibratedProbabilities(probabilities)
        case let .temperature(m): try m.calibratedProbabilities(Self.logProbabilities(probabilities))
        case let .histogram(m): try m.calibratedProbabilities(probabilities)
        }
    }

    /// Logits whose softmax is `p` (log p, with zeros floored so they stay finite).
    static func logProbabilities(_ p: [[Double]]) -> [[Double]] {
        p.map { row in row.map { Foundation.log(Swift.max($0, 1e-300)) } }
    }
}

/// Any classifier with calibrated probabilities (`sklearn.calibration.CalibratedClassifierCV`, `ensemble=True`).
///
/// `fit` splits the rows into ``folds`` stratified folds; for each, it fits the classifier on the other folds
/// and a recalibration map (``method``) on the held-out fold's predicted probabilities. Probabilities are the
/// mean of the folds' calibrated probabilities; the label is their argmax. Folds fit on all cores.
///
/// ```swift
/// let model = try CalibratedClassifier(estimator: RandomForestClassifier(seed: 0), method: .isotonic).fit(x, y)
/// let p = try model.predictProbabilities(xTest)   // better calibrated than the forest's own
/// ```
public struct CalibratedClassifier<E: Estimator>: Estimator where E.Fitted: Classifier {
    public var estimator: E
    public var method: CalibrationMethod
    /// Stratified folds (≥ 2); each class needs at least this many rows.
    public var folds: Int
    /// Shuffles the rows with this seed before the folds are cut; `nil` keeps the row order (scikit-learn's
    /// default `cv=5`, an unshuffled `StratifiedKFold`).
    public var seed: UInt64?

    public init(estimator: E, method: CalibrationMethod = .sigmoid, folds: Int = 5, seed: UInt64? = nil) {
        self.estimator = estimator
        self.method = method
        self.folds = folds
        self.seed = seed
    }

    /// Cross-fits the classifier and the calibration maps.
    /// - Throws: ``ClassicMLError/invalidHyperparameter(name:value:expected:)`` for fewer than 2 folds;
    ///   ``ClassicMLError/invalidModelSelection(_:)`` when a class has fewer rows than folds, or a fold's
    ///   training rows miss a class; the estimator's errors; the calibrator's (as ``ClassicMLError/invalidTargets(_:)``).
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedCalibratedClassifier<E.Fitted> {
        guard folds >= 2 else { throw .invalidHyperparameter(name: "folds", value: "\(folds)", expected: "at least 2") }
        let (_, rows, columns) = try Validation.matrix(x, allowNaN: true)
        let targets = try Validation.targets(y, rows: rows)
        let (classes, codes) = try Validation.classes(targets)
        let parts = try FoldStrategy.stratified(StratifiedKFold(splits: folds, shuffle: seed != nil, seed: seed ?? 0)).folds(rows: rows, targets: targets)
        let estimator = self.estimator, method = self.method
        let results = parallelMap(parts.count) { f -> Result<(E.Fitted, FittedCalibration), ClassicMLError> in
            KernelThreads.with(1) {
                do throws(ClassicMLError) {
                    let part = parts[f]
                    let model = try estimator.fit(x.rows(part.train), y!.rows(part.train))
                    guard model.classes == classes else {
                        throw ClassicMLError.invalidModelSelection(
                            "fold \(f + 1)'s training rows hold \(model.classes.count) of the \(classes.count) classes; use fewer folds")
                    }
                    let p = try model.predictProbabilities(x.rows(part.test))
                    let held = rowsOf(p)
                    do {
                        return .success((model, try FittedCalibration.fit(method, probabilities: held, labels: part.test.map { codes[$0] })))
                    } catch {
                        throw ClassicMLError.invalidTargets("calibration on fold \(f + 1): \(error)")
                    }
                } catch {
                    return .failure(error)
                }
            }
        }
        var members: [(E.Fitted, FittedCalibration)] = []
        for r in results {
            switch r {
            case let .success(m): members.append(m)
            case let .failure(e): throw e
            }
        }
        return FittedCalibratedClassifier(method: method, classes: classes, models: members.map(\.0), calibrations: members.map(\.1),
                                          featureCount: columns)
    }
}

/// A fitted ``CalibratedClassifier``: one classifier and calibration map per fold.
public struct FittedCalibratedClassifier<Model: Classifier>: Classifier {
    public let method: CalibrationMethod
    public let classes: [Double]
    /// The fold classifiers, each fitted without its fold.
    public let models: [Model]
    /// The fold calibration maps, each fitted on its fold.
    public let calibrations: [FittedCalibration]
    public let featureCount: Int

    /// The mean over folds of the calibrated probabilities `[samples, classes]`.
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let rows = try Validation.features(x, expected: featureCount).rows
        var sum = [Double](repeating: 0, count: rows * classes.count)
        for (model, calibration) in zip(models, calibrations) {
            let calibrated: [[Double]]
            do {
                calibrated = try calibration.apply(rowsOf(try model.predictProbabilities(x)))
            } catch let error as EvaluationError {
                throw .invalidTargets("calibration: \(error)")
            } catch let error as ClassicMLError {
                throw error
            } catch {
                throw .invalidTargets("\(error)")
            }
            for i in 0..<rows { for c in 0..<classes.count { sum[i * classes.count + c] += calibrated[i][c] } }
        }
        let m = Double(models.count)
        return Tensor(sum.map { $0 / m }, shape: [rows, classes.count])
    }

    /// The class of largest calibrated probability.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        let p = try predictProbabilities(x)
        return ClassScores.labels(p.doubles, rows: p.shape[0], classes: classes)
    }

    static var kind: String { "CalibratedClassifier" }

    private struct Configuration: Codable {
        var method: CalibrationMethod
        var classes: [Double]
        var featureCount: Int
        var calibrations: [FittedCalibration]
        var modelKinds: [String]
        var modelConfigurations: [String]
    }

    public func archive() throws(ClassicMLError) -> ModelArchive {
        var tensors: [String: Tensor] = [:], kinds: [String] = [], configurations: [String] = []
        for (f, model) in models.enumerated() {
            let inner = try model.archive()
            for (name, t) in inner.tensors { tensors["fold\(f).\(name)"] = t }
            kinds.append(inner.kind)
            configurations.append(String(decoding: inner.configuration, as: UTF8.self))
        }
        return try ModelArchive(kind: Self.kind, configuration: Configuration(
            method: method, classes: classes, featureCount: featureCount, calibrations: calibrations,
            modelKinds: kinds, modelConfigurations: configurations), tensors: tensors)
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let c = try archive.configuration(as: Configuration.self, kind: Self.kind)
        guard !c.modelKinds.isEmpty, c.modelKinds.count == c.modelConfigurations.count, c.calibrations.count == c.modelKinds.count else {
            throw .invalidArchive("CalibratedClassifier: \(c.modelKinds.count) models, \(c.modelConfigurations.count) configurations and \(c.calibrations.count) calibrations")
        }
        var models: [Model] = []
        for f in c.modelKinds.indices {
            let prefix = "fold\(f)."
            var inner: [String: Tensor] = [:]
            for (name, t) in archive.tensors where name.hasPrefix(prefix) { inner[String(name.dropFirst(prefix.count))] = t }
            let model = try Model(archive: try ModelArchive(
                metadata: ["format": ModelArchive.format, "kind": c.modelKinds[f], "configuration": c.modelConfigurations[f]], tensors: inner))
            guard model.classes == c.classes, model.featureCount == c.featureCount else {
                throw .invalidArchive("CalibratedClassifier: fold \(f)'s model does not match the saved classes or feature count")
            }
            models.append(model)
        }
        self.init(method: c.method, classes: c.classes, models: models, calibrations: c.calibrations, featureCount: c.featureCount)
    }

    init(method: CalibrationMethod, classes: [Double], models: [Model], calibrations: [FittedCalibration], featureCount: Int) {
        self.method = method
        self.classes = classes
        self.models = models
        self.calibrations = calibrations
        self.featureCount = featureCount
    }
}

/// A `[rows, columns]` tensor as rows of Float64.
func rowsOf(_ t: Tensor) -> [[Double]] {
    let v = t.doubles, k = t.shape[1]
    return (0..<t.shape[0]).map { Array(v[($0 * k)..<(($0 + 1) * k)]) }
}
