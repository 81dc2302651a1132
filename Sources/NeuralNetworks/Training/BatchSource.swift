// Where the Trainer gets its batches: anything that yields (input, target) pairs for an epoch.
import Datasets
import Tensors

/// A training or evaluation batch.
public typealias Batch = (input: Tensor, target: Tensor)

/// A source of batches whose order for an epoch depends only on the epoch number (so resuming from a checkpoint
/// replays exactly the batches an uninterrupted run would see).
public protocol BatchSource {
    /// Samples per epoch (for samples/s and ETA).
    var sampleCount: Int { get }
    /// Batches per epoch.
    var batchCount: Int { get }
    /// The batches of `epoch` (0-based).
    func batches(epoch: Int) -> AnySequence<Batch>
}

/// Batches of in-memory tensors in order, without shuffling (evaluation and prediction).
public struct SequentialBatches: BatchSource {
    public let inputs: Tensor
    public let targets: Tensor
    public let batchSize: Int

    public init(inputs: Tensor, targets: Tensor, batchSize: Int) {
        precondition(batchSize > 0, "SequentialBatches: batch size must be positive")
        precondition(inputs.rank >= 1 && targets.rank >= 1 && inputs.shape[0] == targets.shape[0],
                     "SequentialBatches: \(inputs.shape) inputs and \(targets.shape) targets differ in length")
        self.inputs = inputs
        self.targets = targets
        self.batchSize = batchSize
    }

    public var sampleCount: Int { inputs.shape[0] }
    public var batchCount: Int { (sampleCount + batchSize - 1) / batchSize }

    public func batches(epoch: Int) -> AnySequence<Batch> {
        let (x, y, b, n) = (inputs, targets, batchSize, sampleCount)
        return AnySequence(stride(from: 0, to: n, by: b).lazy.map { start in
            let len = Swift.min(b, n - start)
            return (x.narrowed(axis: 0, start: start, length: len), y.narrowed(axis: 0, start: start, length: len))
        })
    }
}

/// The data loader feeds the Trainer directly; its order depends only on (seed, epoch), as resuming needs.
extension DataLoader: BatchSource {
    public var sampleCount: Int { rowCount }
    public func batches(epoch: Int) -> AnySequence<Batch> {
        AnySequence(self.epoch(epoch).lazy.map { (input: $0.x, target: $0.y) })
    }
}
