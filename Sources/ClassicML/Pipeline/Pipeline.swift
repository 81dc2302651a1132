// Preprocessing steps then a final estimator, fitted and saved as one model (sklearn.pipeline.Pipeline).
import Foundation
import Tensors

/// Preprocessing steps followed by a final estimator (`sklearn.pipeline.Pipeline`).
///
/// `fit` fits each step on the output of the previous one and the estimator on the last output; the fitted
/// pipeline applies the fitted steps before predicting. It is a classifier or regressor when its estimator is,
/// so it cross-validates, searches and saves like any model: the file holds each step's statistics
/// (`step0.mean`, …) and the estimator's tensors under `estimator.`.
///
/// ```swift
/// let model = try Pipeline(steps: [.standardScaler(StandardScaler())], estimator: LogisticRegression()).fit(x, y)
/// let labels = try model.predict(xTest)
/// ```
public struct Pipeline<E: Estimator>: Estimator {
    /// The preprocessing steps, applied in order.
    public var steps: [PipelineStep]
    /// The final estimator.
    public var estimator: E

    public init(steps: [PipelineStep], estimator: E) {
        self.steps = steps
        self.estimator = estimator
    }

    /// Fits the steps in turn, then the estimator on the transformed features.
    /// - Throws: ``ClassicMLError/emptyDataset``, ``ClassicMLError/nonFinite(row:column:)`` for infinities a step
    ///   meets, and whatever the estimator's `fit` throws (NaN that reaches it, targets of another length…).
    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> FittedPipeline<E.Fitted> {
        guard x.rank == 2 else { throw .invalidShape(expected: "a 2-D [samples, features] matrix", found: x.shape) }
        var fitted: [FittedPipelineStep] = []
        var current = x
        for step in steps {
            let f = try step.fit(current)
            current = try f.transform(current)
            fitted.append(f)
        }
        return FittedPipeline(steps: fitted, estimator: try estimator.fit(current, y), featureCount: x.shape[1])
    }
}

/// A fitted ``Pipeline``: fitted steps and the fitted estimator.
public struct FittedPipeline<Model: FittedEstimator>: FittedEstimator {
    /// The fitted preprocessing steps.
    public let steps: [FittedPipelineStep]
    /// The fitted final estimator.
    public let estimator: Model
    public let featureCount: Int

    init(steps: [FittedPipelineStep], estimator: Model, featureCount: Int) {
        self.steps = steps
        self.estimator = estimator
        self.featureCount = featureCount
    }

    /// Applies the fitted steps to `x`, checking its width first.
    public func transform(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        guard x.rank == 2 else { throw .invalidShape(expected: "a 2-D [samples, features] matrix", found: x.shape) }
        guard x.shape[1] == featureCount else { throw .featureCountMismatch(expected: featureCount, found: x.shape[1]) }
        var current = x
        for step in steps { current = try step.transform(current) }
        return current
    }

    static var archiveKind: String { "Pipeline" }

    private struct Configuration: Codable {
        var featureCount: Int
        var steps: [StepRecord]
        var estimatorKind: String
        var estimatorConfiguration: String
    }

    public func archive() throws(ClassicMLError) -> ModelArchive {
        var tensors: [String: Tensor] = [:]
        var records: [StepRecord] = []
        for (i, step) in steps.enumerated() {
            let (record, stepTensors) = step.archive(prefix: "step\(i)")
            records.append(record)
            tensors.merge(stepTensors) { $1 }
        }
        let inner = try estimator.archive()
        for (name, t) in inner.tensors { tensors["estimator.\(name)"] = t }
        let configuration = Configuration(featureCount: featureCount, steps: records, estimatorKind: inner.kind,
                                          estimatorConfiguration: String(decoding: inner.configuration, as: UTF8.self))
        return try ModelArchive(kind: Self.archiveKind, configuration: configuration, tensors: tensors)
    }

    public init(archive: ModelArchive) throws(ClassicMLError) {
        let c = try archive.configuration(as: Configuration.self, kind: Self.archiveKind)
        var steps: [FittedPipelineStep] = []
        var columns = c.featureCount
        for (i, record) in c.steps.enumerated() {
            let step = try FittedPipelineStep(record: record, archive: archive, prefix: "step\(i)", columns: columns)
            columns = step.outputCount
            steps.append(step)
        }
        var innerTensors: [String: Tensor] = [:]
        for (name, t) in archive.tensors where name.hasPrefix("estimator.") { innerTensors[String(name.dropFirst("estimator.".count))] = t }
        let inner = try ModelArchive(
            metadata: ["format": ModelArchive.format, "kind": c.estimatorKind, "configuration": c.estimatorConfiguration], tensors: innerTensors)
        self.init(steps: steps, estimator: try Model(archive: inner), featureCount: c.featureCount)
    }
}

extension FittedPipeline: Classifier where Model: Classifier {
    public var classes: [Double] { estimator.classes }

    /// The estimator's labels for the transformed `x`.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor { try estimator.predict(transform(x)) }

    /// The estimator's class probabilities for the transformed `x`.
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor { try estimator.predictProbabilities(transform(x)) }
}

extension FittedPipeline: Regressor where Model: Regressor {
    /// The estimator's predictions for the transformed `x`.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor { try estimator.predict(transform(x)) }
}
