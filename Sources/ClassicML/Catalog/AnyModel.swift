// Type-erased estimators and fitted models, so a model chosen by name at run time (the CLI's `--model`)
// cross-validates, pipelines and saves like any typed one.
import Tensors

/// Any classifier or regressor configuration behind one type (an ``Estimator`` whose fitted value is an
/// ``AnyFittedModel``).
public struct AnyEstimator: Estimator {
    /// The catalogue name of the model, for messages.
    public let name: String
    private let fitBody: @Sendable (Tensor, Tensor?) throws(ClassicMLError) -> AnyFittedModel

    /// Wraps a classifier configuration.
    public init<E: Estimator>(classifier estimator: E, name: String) where E.Fitted: Classifier {
        self.name = name
        fitBody = { (x, y) throws(ClassicMLError) in AnyFittedModel(classifier: try estimator.fit(x, y)) }
    }

    /// Wraps a regressor configuration.
    public init<E: Estimator>(regressor estimator: E, name: String) where E.Fitted: Regressor {
        self.name = name
        fitBody = { (x, y) throws(ClassicMLError) in AnyFittedModel(regressor: try estimator.fit(x, y)) }
    }

    /// Wraps a classifier configuration whose fitted model assigns labels but has no honest probabilities
    /// (``LinearSVC``).
    public init<E: Estimator>(labelClassifier estimator: E, name: String, classes: @escaping @Sendable (E.Fitted) -> [Double],
                              predict: @escaping @Sendable (E.Fitted, Tensor) throws(ClassicMLError) -> Tensor) {
        self.name = name
        fitBody = { (x, y) throws(ClassicMLError) in
            AnyFittedModel(labelClassifier: try estimator.fit(x, y), name: name, classes: classes, predict: predict)
        }
    }

    public func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> AnyFittedModel {
        try fitBody(x, y)
    }
}

/// Any fitted classifier or regressor. Loading dispatches on the saved kind through ``ModelCatalog``.
public struct AnyFittedModel: FittedEstimator {
    /// The wrapped model.
    public let base: any FittedEstimator
    /// Class labels for a classifier, `nil` for a regressor.
    public let classes: [Double]?
    private let predictBody: @Sendable (Tensor) throws(ClassicMLError) -> Tensor
    private let probabilitiesBody: (@Sendable (Tensor) throws(ClassicMLError) -> Tensor)?

    public init<M: Classifier>(classifier model: M) {
        base = model
        classes = model.classes
        predictBody = { (x) throws(ClassicMLError) in try model.predict(x) }
        probabilitiesBody = { (x) throws(ClassicMLError) in try model.predictProbabilities(x) }
    }

    public init<M: Regressor>(regressor model: M) {
        base = model
        classes = nil
        predictBody = { (x) throws(ClassicMLError) in try model.predict(x) }
        probabilitiesBody = nil
    }

    /// Wraps a fitted classifier without probabilities: ``predictProbabilities(_:)`` throws
    /// ``ClassicMLError/probabilitiesNotFitted(model:)``.
    public init<M: FittedEstimator>(labelClassifier model: M, name: String, classes: @Sendable (M) -> [Double],
                                    predict: @escaping @Sendable (M, Tensor) throws(ClassicMLError) -> Tensor) {
        base = model
        self.classes = classes(model)
        predictBody = { (x) throws(ClassicMLError) in try predict(model, x) }
        probabilitiesBody = { (_) throws(ClassicMLError) in throw .probabilitiesNotFitted(model: name) }
    }

    /// Whether the model gives class probabilities (classifiers other than margin-only ones).
    public var hasProbabilities: Bool {
        guard let probabilitiesBody else { return false }
        // A one-row probe: margin classifiers fitted without probabilities throw before computing anything.
        return (try? probabilitiesBody(Tensor.zeros([1, featureCount], dtype: .float64))) != nil
    }

    /// Whether the model assigns classes.
    public var isClassifier: Bool { classes != nil }
    public var featureCount: Int { base.featureCount }

    /// Labels (classifier) or values (regressor), `[samples]` Float64.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor { try predictBody(x) }

    /// Class probabilities `[samples, classes]`.
    /// - Throws: ``ClassicMLError/invalidTargets(_:)`` for a regressor, which has none.
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor {
        guard let probabilitiesBody else { throw .invalidTargets("a regressor has no class probabilities") }
        return try probabilitiesBody(x)
    }

    public func archive() throws(ClassicMLError) -> ModelArchive { try base.archive() }

    /// Rebuilds whichever catalogue model `archive` holds.
    /// - Throws: ``ClassicMLError/invalidArchive(_:)`` for a kind no catalogue model saves, or a damaged archive.
    public init(archive: ModelArchive) throws(ClassicMLError) {
        guard let load = ModelCatalog.loaders[archive.kind] else {
            throw .invalidArchive("'\(archive.kind)' is not a classifier or regressor this version can load "
                                  + "(known: \(ModelCatalog.loaders.keys.sorted().joined(separator: ", ")))")
        }
        self = try load(archive)
    }
}

extension FittedPipeline where Model == AnyFittedModel {
    /// The model's labels or values for the transformed `x`.
    public func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor { try estimator.predict(transform(x)) }

    /// The model's class probabilities for the transformed `x` (classifiers only).
    public func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor { try estimator.predictProbabilities(transform(x)) }
}
