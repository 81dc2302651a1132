// Deep ensembles: M copies of a network trained from M seeds, whose disagreement measures epistemic uncertainty.
import Tensors

/// A deep ensemble (Lakshminarayanan et al. 2017): `M` networks of the same architecture, each initialised
/// and trained from its own seed, predicting together.
///
/// ```swift
/// let ensemble = try DeepEnsemble.train(members: 5, seed: 0, makeModel: { makeMLP() }) { model, seed in
///     Trainer(model: model, optimizer: Adam(model.parameters(), learningRate: 1e-3),
///             loss: { Losses.crossEntropy($0, $1) }, options: TrainerOptions(epochs: 20, showProgress: false))
/// } data: { seed in try DataLoader(features: x, targets: y, batchSize: 32, seed: seed) }
/// let u = try ensemble.predict(xTest).uncertaintyDecomposition()   // mutual information = disagreement
/// ```
///
/// For regression, give the members a ``GaussianHead`` (`[N, 2]` outputs, trained with
/// ``GaussianHead/negativeLogLikelihood(_:_:full:reduction:)``) and read
/// ``PredictionStack/gaussianMixtureMoments()``; plain `[N]` outputs give ``PredictionStack/predictiveMoments()``.
public struct DeepEnsemble {
    /// The trained members.
    public let members: [any Layer]
    /// The seed each member was built and trained with (empty when the members were passed in).
    public let memberSeeds: [UInt64]

    /// An ensemble of already-trained members.
    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` when `members` is empty.
    public init(members: [any Layer]) throws(NeuralNetworkError) {
        try self.init(members: members, seeds: [])
    }

    private init(members: [any Layer], seeds: [UInt64]) throws(NeuralNetworkError) {
        guard !members.isEmpty else { throw .invalidInput("a deep ensemble needs at least one member (5 is usual)") }
        self.members = members
        memberSeeds = seeds
    }

    /// The seeds of `count` members: the first `count` draws of a generator seeded with `seed`, so members get
    /// unrelated streams and a larger ensemble extends a smaller one with the same seed.
    public static func seeds(count: Int, seed: UInt64) -> [UInt64] {
        var rng = RandomGenerator(seed: seed)
        return (0..<Swift.max(count, 0)).map { _ in rng.nextUInt64() }
    }

    /// Builds and trains `members` models. Member `m` is built by `makeModel` inside
    /// `withInitializationSeed(seeds[m])` (its own initial weights and dropout streams), then `train(model,
    /// seeds[m])` trains it; use the seed for the member's data order too.
    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` when `members < 1`, or what the closures throw.
    public static func train<Model: Layer>(members: Int, seed: UInt64, makeModel: () throws -> Model,
                                           train: (Model, UInt64) throws -> Void) throws -> DeepEnsemble {
        guard members >= 1 else { throw NeuralNetworkError.invalidInput("a deep ensemble needs at least one member, got \(members)") }
        let memberSeeds = seeds(count: members, seed: seed)
        var models: [any Layer] = []
        for s in memberSeeds {
            let model = try withInitializationSeed(s) { try makeModel() }
            try train(model, s)
            models.append(model)
        }
        return try DeepEnsemble(members: models, seeds: memberSeeds)
    }

    /// Builds and trains `members` models with the ``Trainer`` that `makeTrainer` sets up for each, on the
    /// batches `data(seed)` gives for the member's seed (e.g. a `DataLoader` shuffled with it), validating on
    /// `validation` if given. Members are built as in ``train(members:seed:makeModel:train:)``.
    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` when `members < 1`, a training error (such as
    ///   ``NeuralNetworkError/nonFiniteLoss(epoch:step:)``), or what the closures throw.
    public static func train<Model: Layer>(members: Int, seed: UInt64, makeModel: () throws -> Model,
                                           makeTrainer: (Model, UInt64) throws -> Trainer,
                                           validation: (any BatchSource)? = nil,
                                           data: (UInt64) throws -> any BatchSource) throws -> DeepEnsemble {
        try train(members: members, seed: seed, makeModel: makeModel) { model, s in
            let trainer = try makeTrainer(model, s)
            precondition(trainer.model === model, "DeepEnsemble: makeTrainer must train the model it is given")
            try trainer.fit(data(s), validation: validation)
        }
    }

    /// Every member's outputs for `inputs`, in evaluation mode and without gradients: an `M`-member
    /// ``PredictionStack``.
    /// - Throws: ``NeuralNetworkError/invalidInput(_:)`` when `batchSize < 1`, the inputs are empty, or the
    ///   members' outputs differ in shape.
    public func predict(_ inputs: Tensor, batchSize: Int = 256) throws(NeuralNetworkError) -> PredictionStack {
        guard batchSize >= 1 else { throw .invalidInput("deep ensemble: batch size is \(batchSize); use at least 1") }
        guard inputs.rank >= 1 && inputs.shape[0] > 0 else {
            throw .invalidInput("deep ensemble: inputs must be a non-empty batch [N, …], got \(inputs.shape)")
        }
        return try PredictionStack(members.map { Trainer.predict($0, inputs, batchSize: batchSize) })
    }
}
