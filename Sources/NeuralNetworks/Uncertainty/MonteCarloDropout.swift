// Monte Carlo dropout: T forward passes with dropout sampling and everything else in evaluation mode.
import Evaluation
import Tensors

/// Monte Carlo dropout (Gal & Ghahramani 2016): the model's predictive distribution approximated by `passes`
/// forward passes with its ``Dropout`` layers dropping as in training, while every other layer is in evaluation
/// mode (BatchNorm normalises with its running statistics and updates none).
///
/// ```swift
/// let stack = try MonteCarloDropout(passes: 50, seed: 0).sample(model, xTest)   // T × [N, C] logits
/// let u = try stack.uncertaintyDecomposition()   // predictive entropy, expected entropy, mutual information
/// ```
///
/// The masks come from generators derived from `seed` (the layers' own generators are restored afterwards), so
/// the same seed, model, inputs and `batchSize` give the same `T` passes. Without gradients recorded.
public struct MonteCarloDropout: Sendable, Codable, Equatable {
    /// The number of stochastic forward passes `T`.
    public var passes: Int
    /// The seed of the dropout masks.
    public var seed: UInt64
    /// Inputs per forward pass (masks are drawn per batch, so a different batch size draws different masks).
    public var batchSize: Int

    public init(passes: Int = 30, seed: UInt64 = 0, batchSize: Int = 256) {
        self.passes = passes
        self.seed = seed
        self.batchSize = batchSize
    }

    /// The model's outputs for `inputs` (`[N, …]`) in each of the `T` passes. The model's training/evaluation
    /// mode, its dropout generators and its buffers are as before afterwards.
    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` when `passes` or `batchSize` is below 1, the inputs
    ///   are empty, or the model has no ``Dropout`` layer (every pass would be the same).
    public func sample(_ model: any Layer, _ inputs: Tensor) throws(NeuralNetworkError) -> PredictionStack {
        guard passes >= 1 else { throw .invalidInput("Monte Carlo dropout: passes is \(passes); use at least 1 (30–100 is usual)") }
        guard batchSize >= 1 else { throw .invalidInput("Monte Carlo dropout: batch size is \(batchSize); use at least 1") }
        guard inputs.rank >= 1 && inputs.shape[0] > 0 else {
            throw .invalidInput("Monte Carlo dropout: inputs must be a non-empty batch [N, …], got \(inputs.shape)")
        }
        guard !model.stochasticInferenceModules().isEmpty else {
            throw .invalidInput("Monte Carlo dropout: the model has no Dropout layer, so every pass would be the same; "
                                + "add Dropout(probability:) before the output layer(s) and train with it")
        }
        let outputs = model.withSamplingInEvaluation(seed: seed) {
            (0..<passes).map { _ in Trainer.predict(model, inputs, batchSize: batchSize) }
        }
        return try PredictionStack(outputs)
    }

    /// The entropy decomposition of the `T` passes of a classifier with `[N, C]` logits: mean probabilities,
    /// predictive entropy, expected entropy and mutual information per input.
    /// - Throws: as ``sample(_:_:)`` and ``PredictionStack/uncertaintyDecomposition()``.
    public func classify(_ model: any Layer, _ inputs: Tensor) throws -> UncertaintyDecomposition {
        try sample(model, inputs).uncertaintyDecomposition()
    }

    /// Mean and variance over the `T` passes of a regressor with `[N]` or `[N, 1]` outputs.
    /// - Throws: as ``sample(_:_:)`` and ``PredictionStack/predictiveMoments()``.
    public func regress(_ model: any Layer, _ inputs: Tensor) throws -> (mean: [Double], variance: [Double]) {
        try sample(model, inputs).predictiveMoments()
    }
}
