// The estimator conventions: a configuration value fits into a fitted value that predicts. No hidden state.
import Foundation
import Tensors

/// A model configuration (hyperparameters only). `fit` never mutates it and returns a new fitted value.
///
/// ```swift
/// let model = try KMeans(clusters: 3, seed: 0).fit(x)
/// let labels = try model.predict(x)
/// ```
public protocol Estimator: Sendable {
    associatedtype Fitted: FittedEstimator
    /// Fits to `x` `[samples, features]` (Float32 or Float64) and targets `y` `[samples]` where the model needs them.
    func fit(_ x: Tensor, _ y: Tensor?) throws(ClassicMLError) -> Fitted
}

/// A fitted model: immutable, thread-safe, saveable.
public protocol FittedEstimator: Sendable {
    /// The number of features it was fitted on; inputs with another width are rejected.
    var featureCount: Int { get }
    /// The fitted state as named tensors plus a JSON configuration (see ``ModelArchive``).
    func archive() throws(ClassicMLError) -> ModelArchive
    /// Rebuilds the fitted model from ``archive()``'s output.
    init(archive: ModelArchive) throws(ClassicMLError)
}

/// A fitted model that assigns class labels.
public protocol Classifier: FittedEstimator {
    /// Class labels in code order (the values of `y` seen in `fit`, sorted).
    var classes: [Double] { get }
    /// Predicted labels `[samples]` (Float64, values from ``classes``).
    func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor
    /// Class probabilities `[samples, classes.count]` (Float64, rows sum to 1).
    func predictProbabilities(_ x: Tensor) throws(ClassicMLError) -> Tensor
}

/// A fitted model that predicts numbers.
public protocol Regressor: FittedEstimator {
    /// Predictions `[samples]` (Float64).
    func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor
}

/// A fitted model that assigns samples to clusters.
public protocol Clusterer: FittedEstimator {
    /// Cluster indices `[samples]` (Int64).
    func predict(_ x: Tensor) throws(ClassicMLError) -> Tensor
}

extension FittedEstimator {
    /// Saves to one safetensors file: the tensors, with the kind and JSON configuration in its metadata. Atomic.
    public func save(to url: URL) throws(ClassicMLError) {
        let a = try archive()
        do {
            try Safetensors.write(a.tensors, metadata: a.metadata, to: url)
        } catch {
            throw .io(path: url.path, message: "\(error)")
        }
    }

    /// Loads a model saved by ``save(to:)``; a file of another kind, or damaged, gives a typed error.
    public static func load(from url: URL) throws(ClassicMLError) -> Self {
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile.read(contentsOf: url)
        } catch {
            throw .io(path: url.path, message: "\(error)")
        }
        let tensors: [String: Tensor]
        do {
            tensors = try file.tensors()
        } catch {
            throw .io(path: url.path, message: "\(error)")
        }
        return try Self(archive: ModelArchive(metadata: file.metadata, tensors: tensors))
    }
}
